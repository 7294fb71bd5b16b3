#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Where in the crash-to-dump window single NMIs (S4) and storms (S3)
were survived or lost, from harness results.

  test/vm/window.py DIR...          every results.json below the DIRs
  test/vm/window.py --table DIR...  the same as one markdown table per
                                    scenario: where the NMI fell, by row;
                                    kernel, column and options, by column

Each run is grouped by scenario, kernel, column and purgatory options.
An S4 run's NMI is placed by its delay against the same run's console:
old kernel (before limbo's first line), purgatory (to its handoff line),
next kernel before its banner (decompressor and the kernel proper's
first steps), kernel proper to init, after init.  The stock purgatory
prints nothing, so its purgatory time counts with the old kernel's
("before the next kernel").  A lost run is also placed by the registers
--debug-reset saved (verdict.reset_area), which is where it died."""
import glob
import json
import os
import sys
from collections import Counter, OrderedDict, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from limbovm import runner, verdict  # noqa: E402

TIMED = ("old kernel", "purgatory", "before the next kernel",
	 "next kernel, before its banner", "kernel proper, to init",
	 "after init")


def opts_of(r, path):
	if "purgatory_opts" in r:
		return ",".join(r["purgatory_opts"]) or "-"
	# runs from before the record kept them: the batch folder's name
	return os.path.basename(os.path.dirname(os.path.dirname(path)))


def timed_area(r):
	"""Where the single NMI fell, by the clock of the same run."""
	d = r.get("nmi_delay")
	if d is None or not r.get("nmis"):
		return None
	first, last = r.get("panic_to_purgatory_first"), r.get("panic_to_purgatory_last")
	banner, init = r.get("panic_to_dump_banner"), r.get("panic_to_dump_init")
	if first is None:
		if banner is None or d < banner:
			return "before the next kernel"
	elif d < first:
		return "old kernel"
	elif d < last:
		return "purgatory"
	elif banner is None or d < banner:
		return "next kernel, before its banner"
	if init is None or d < init:
		return "kernel proper, to init"
	return "after init"


def segment(r):
	"""The purgatory segment of the record, or, for runs from before the
	harness found it for ELF loads, from the run's own console log."""
	if r.get("purgatory_segment"):
		return tuple(r["purgatory_segment"])
	log = os.path.join(r.get("dir") or "", "serial.log")
	if not os.path.exists(log):
		return None
	seg = runner.purgatory_segment(l.rstrip("\n") for l in open(log, errors="replace"))
	return None if isinstance(seg, str) else seg


def located(r):
	if r["verdict"] != "reset" or not r.get("reset_cpus"):
		return None
	seg = segment(r)
	return seg and verdict.reset_area(r["reset_cpus"], seg, r.get("limbo_lines", []))


def load(dirs):
	groups = defaultdict(list)
	for d in dirs:
		for path in sorted(glob.glob(os.path.join(d, "**", "results.json"),
					     recursive=True)):
			for r in json.load(open(path)):
				key = (r["scenario"], r["kernel"], r["column"], opts_of(r, path))
				groups[key].append(r)
	return groups


def summary(runs):
	"""verdicts, where the lost ones died, and per timed area a Counter
	of survived (True) and lost (False) single NMIs."""
	verdicts = Counter(r["verdict"] for r in runs)
	lost = Counter(located(r) or "not located" for r in runs
		       if r["verdict"] == "reset")
	timed = OrderedDict((a, Counter()) for a in TIMED)
	unsent = 0
	for r in runs:
		a = timed_area(r)
		if a:
			timed[a][r["verdict"] == "pass"] += 1
		elif r.get("nmi_delay") is not None and not r.get("nmis"):
			unsent += 1
	return verdicts, lost, timed, unsent


def print_text(groups):
	for key in sorted(groups):
		runs = groups[key]
		verdicts, lost, timed, _ = summary(runs)
		print("## %s %s %s [%s]: %d runs, %s" % (key + (len(runs), ", ".join(
			"%s %d" % kv for kv in sorted(verdicts.items())))))
		if lost:
			print("   resets located in: " + ", ".join(
				"%s %d" % kv for kv in lost.most_common()))
		rows = ["%s %d/%d" % (a, c[True], c[True] + c[False])
			for a, c in timed.items() if c]
		if rows:
			print("   single NMI survived, by where it fell: " + ", ".join(rows))


def print_table(groups):
	"""One markdown table per scenario; a cell is survived/fell there."""
	for scn in sorted({k[0] for k in groups}):
		keys = sorted(k for k in groups if k[0] == scn)
		sums = [summary(groups[k]) for k in keys]
		timed_rows = any(t[a] for _, _, t, _ in sums for a in TIMED)
		print("| %s%s | %s |" % (scn, ": where the NMI fell" if timed_rows else "",
				       " | ".join(
			"%s %s%s" % (k[1], k[2], "" if k[3] == "-" else " `%s`" % k[3])
			for k in keys)))
		print("|---" * (len(keys) + 1) + "|")
		for a in TIMED:
			if not any(t[a] for _, _, t, _ in sums):
				continue
			print("| %s | %s |" % (a, " | ".join(
				"%d/%d" % (t[a][True], t[a][True] + t[a][False])
				if t[a] else "-" for _, _, t, _ in sums)))
		if any(u for *_, u in sums):
			print("| not sent: the dump kernel was up first | %s |" % " | ".join(
				str(u) for *_, u in sums))
		print("| runs: passed/all | %s |" % " | ".join(
			"%d/%d" % (v["pass"], sum(v.values())) for v, _, _, _ in sums))
		print("| lost runs, died in | %s |" % " | ".join(
			", ".join("%s %d" % kv for kv in lost.most_common()) or "-"
			for _, lost, _, _ in sums))
		print()


def main(argv):
	table = argv[:1] == ["--table"]
	dirs = argv[1:] if table else argv
	groups = load(dirs or ["test/vm/results"])
	(print_table if table else print_text)(groups)
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
