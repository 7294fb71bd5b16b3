#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""limbo QEMU crash-injection harness.

  harness.py fetch                      download and unpack the kernels
  harness.py list                       the scenario catalogue
  harness.py run --scenarios S1,S3 --kernels 6.1,6.12 \\
                 --purgatories stock,limbo --out test/vm/results/x
  harness.py demo                       S3 on 6.1, limbo and stock

Runs one QEMU guest at a time unless --jobs 2.  Use /usr/bin/python3.
Each scenario runs on its own QEMU (Debian's, or for S9p, S9n, S11jp the
INIT-faithful build of test/vm/qemu/, make qemu-init); --qemu overrides.
"""

import argparse
import concurrent.futures
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from limbovm import (kernels, paths, qemu, report, runner,  # noqa
		     scenarios, verdict)

MAX_JOBS = 2


def parse_args(argv):
	p = argparse.ArgumentParser(prog="harness.py", description=__doc__,
				    formatter_class=argparse.RawDescriptionHelpFormatter)
	sub = p.add_subparsers(dest="cmd", required=True)
	sub.add_parser("fetch", help="download kernels, extract vmlinux")
	sub.add_parser("list", help="list scenarios")
	for name in ("run", "demo"):
		s = sub.add_parser(name)
		_common(s)
		if name == "run":
			s.add_argument("--scenarios", default="S1",
				       help="names, comma-separated, or all")
			s.add_argument("--kernels", default="6.1")
			s.add_argument("--purgatories", default="stock,limbo")
			s.add_argument("--trials", type=int, default=1)
			s.add_argument("--jobs", type=int, default=1)
	return p.parse_args(argv)


def _common(s):
	s.add_argument("--out", help="results folder (default "
		       "test/vm/results/<date-time>)")
	s.add_argument("--limbo-kexec", default=paths.LIMBO_KEXEC)
	s.add_argument("--purgatory", default=paths.LIMBO_PURGATORY,
		       help="limbo purgatory.ro")
	s.add_argument("--limbo-report", default=_existing(paths.LIMBO_REPORT),
		       help="limbo-report binary for the dump initramfs "
		       "(default %s when it exists)" % paths.LIMBO_REPORT)
	s.add_argument("--no-purgatory-console", action="store_true",
		       help="limbo column without kexec --console-serial")
	s.add_argument("--purgatory-opt", action="append", default=[],
		       help="extra --purgatory-opt for the limbo column")
	s.add_argument("--timeout", type=float, default=120.0)
	s.add_argument("--dump-timeout", type=float, default=60.0,
		       help="seconds after the panic line before 'hang'")
	s.add_argument("--debug-int", action="store_true",
		       help="QEMU -d int,cpu_reset -D <run>/qemu-int.log")
	s.add_argument("--debug-reset", action="store_true",
		       help="on a triple fault pause QEMU and save every "
		       "vCPU's registers to <run>/reset-regs.txt (timing "
		       "unchanged, unlike --debug-int)")
	s.add_argument("--nmi-interval", type=float, default=10.0,
		       help="storm interval, ms")
	s.add_argument("--nmi-max", type=int, default=200)
	s.add_argument("--nmi-delay", type=float,
		       help="S4: fixed delay (s) instead of uniform 0..window")
	s.add_argument("--nmi-window", type=float, default=3.0,
		       help="S4: the delay is uniform in 0..this many seconds "
		       "after the panic line (default 3; the whole window to "
		       "the dump kernel's init is 10-20 s under TCG)")
	s.add_argument("--corrupt-target", choices=("kernel", "initrd",
		       "bootparams", "cmdline", "purgatory"))
	s.add_argument("--corrupt-offset", type=lambda x: int(x, 0))
	s.add_argument("--capture", action="append", default=[],
		       metavar="WHAT@POINT",
		       help="lapic|pic|regs @ panic[+S]|dump|loaded|handoff|next "
		       "(handoff, next: VM paused for the snapshot)")
	s.add_argument("--seed", type=int)
	s.add_argument("--qemu", default="auto",
		       choices=("auto",) + qemu.QEMUS,
		       help="auto: each scenario's own (Debian's, or the "
		       "INIT-faithful build for the parking scenarios); "
		       "debian or init: every scenario on that one")


def _existing(path):
	return path if path and os.path.exists(path) else None


def options(a):
	return runner.Options(
		timeout=a.timeout, dump_timeout=a.dump_timeout,
		debug_int=a.debug_int, debug_reset=a.debug_reset, nmi_interval=a.nmi_interval / 1000.0,
		nmi_max=a.nmi_max, nmi_delay=a.nmi_delay,
		nmi_delay_max=a.nmi_window,
		corrupt_target=a.corrupt_target,
		corrupt_offset=a.corrupt_offset, captures=a.capture,
		popts=a.purgatory_opt, seed=a.seed, qemu=a.qemu)


def outdir(a):
	d = a.out or os.path.join(paths.RESULTS, time.strftime("%Y%m%d-%H%M%S"))
	os.makedirs(d, exist_ok=True)
	return os.path.abspath(d)


def columns(a, names):
	return [runner.make_column(n, a.limbo_kexec, a.purgatory,
				   a.limbo_report,
				   not a.no_purgatory_console) for n in names]


def run_matrix(scns, series, cols, trials, jobs, opts, out, log=print):
	"""Run every combination; returns the records in a stable order."""
	ks = {}
	for s in series:
		ks[s] = kernels.fetch(s, log)
		if any(x.cross for x in scns):
			other = runner.OTHER_SERIES[s]
			ks[other] = kernels.fetch(other, log)
	plan = []
	for trial in range(1, trials + 1):
		for scn in scns:
			for k in series:
				if scn.series and k not in scn.series:
					continue	# S16: no crash hotplug in 6.1
				for col in cols:
					if scn.only and col.name != scn.only:
						continue
					if not scn.applies(col.name, k):
						log("%s %s %s: %s" % (
							scn.name, k, col.name,
							scn.measured(col.name, k)))
						continue
					# runs on the INIT-faithful QEMU say so
					q = runner.qemu_name(scn, opts)
					name = "%s-%s-%s%s-t%d" % (
						scn.name, k, col.name,
						"" if q == "debian" else "-" + q,
						trial)
					plan.append((scn, k, col, trial,
						     os.path.join(out, name)))
	lock = threading.Lock()
	done = [0]

	records = []

	def one(item):
		scn, k, col, trial, d = item
		try:
			r = runner.Run(scn, ks, k, col, trial, d, opts).execute()
		except Exception as e:		# one broken run must not end all
			r = runner.error_record(scn, k, col, trial, d, e,
						runner.qemu_name(scn, opts))
		with lock:
			records.append(r)
			report.write(out, records, [c.name for c in cols])
			done[0] += 1
			log("[%d/%d] %-5s %-5s %-6s %-6s t%d: %-6s panic->dump "
			    "init %s, NMIs %s, %s s wall" % (
				done[0], len(plan), scn.name, k, col.name,
				r.get("qemu_name"), trial, r["verdict"],
				r["panic_to_dump_init"], r.get("nmis", "-"),
				r["wall"]))
		return r

	jobs = max(1, min(jobs, MAX_JOBS))
	with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
		return list(ex.map(one, plan))


def cmd_run(a):
	scns = scenarios.lookup(a.scenarios.split(","))
	names = a.purgatories.split(",")
	cols = columns(a, names)
	out = outdir(a)
	recs = run_matrix(scns, a.kernels.split(","), cols, a.trials,
			  a.jobs, options(a), out)
	md = report.write(out, recs, names)
	print()
	print(md)
	print("results in %s" % out)
	return 0


def _section(title, lines):
	print()
	print("=== %s ===" % title)
	for l in lines or ["(none)"]:
		print("  " + l)


def cmd_demo(a):
	scn = scenarios.lookup(["S3"])
	cols = columns(a, ["limbo", "stock"])
	out = outdir(a)
	recs = run_matrix(scn, ["6.1"], cols, 1, 1, options(a), out)
	for r in recs:
		print()
		print("#" * 72)
		print("# S3 NMI storm, kernel 6.1, %s (%s)" % (r["column"],
							     r["kexec"]))
		print("#" * 72)
		_section("crash line on the serial console", [r["panic_line"]])
		_section("purgatory console (between kexec's jump and the "
			 "dump kernel)", r["purgatory_console"])
		if r.get("report_text") is not None:
			rep = r["report_text"]
		elif r.get("report_bin"):
			rep = ["(never ran: no dump kernel init)"]
		else:
			rep = ["(no limbo-report binary: --limbo-report)"]
		_section("limbo-report", rep)
		lines = _load_log(r["dir"])
		_section("crashed kernel's panic, extracted from /proc/vmcore "
			 "by makedumpfile in the dump kernel",
			 verdict.panic_from_dmesg(lines, 0, len(lines)))
		t = r["panic_to_dump_init"]
		_section("verdict", ["%s: %d NMIs injected, panic -> dump init "
				     "%s" % (r["verdict"], r.get("nmis", 0),
					     "-" if t is None else "%.2f s" % t)] +
			 r["notes"])
	print()
	print(report.markdown(recs, ["limbo", "stock"]))
	report.write(out, recs, ["limbo", "stock"])
	print("logs in %s" % out)
	return 0


def _load_log(d):
	path = os.path.join(d, "serial.tlog")
	lines = []
	if os.path.exists(path):
		with open(path, errors="replace") as f:
			for l in f:
				t, _, text = l.rstrip("\n").strip().partition(" ")
				lines.append((float(t), text))
	return lines


def main(argv=None):
	a = parse_args(argv if argv is not None else sys.argv[1:])
	if a.cmd == "fetch":
		for s in kernels.SUITES:
			k = kernels.fetch(s)
			print(k.series, k.bzimage)
			print(k.series, k.vmlinux())
		return 0
	if a.cmd == "list":
		for s in scenarios.CATALOGUE:
			print("%-5s %s%s" % (s.name, s.title,
					     "" if s.qemu == "debian" else
					     " [QEMU: %s]" % s.qemu))
			for col in scenarios.COLUMNS:
				print("      %s, as measured: %s" % (
					col, "; ".join("%s %s" % (k, m) for k, m
						       in getattr(s, col)) or
					"not measured"))
			if s.series:
				print("      runs on %s only" % ", ".join(s.series))
			if s.notes:
				print("      " + s.notes)
		return 0
	try:
		return cmd_run(a) if a.cmd == "run" else cmd_demo(a)
	except runner.SetupError as e:
		print("harness: %s" % e, file=sys.stderr)
		return 2


if __name__ == "__main__":
	sys.exit(main())
