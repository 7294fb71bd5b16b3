# SPDX-License-Identifier: GPL-2.0-only
"""CI subset of the crash-injection scenarios: S1, S3, S5, S7L, S8r, S9p,
S10, S10c, S10t, S10g, S10a, F1, F2 on 6.1.  S9p runs on the
INIT-faithful QEMU (make qemu-init builds it; make test-vm depends on
it), every other one on Debian's.

Run with Debian's interpreter (the harness is stdlib only):
	/usr/bin/python3 -m pytest -v -rs -p no:cacheprovider test/vm/test_scenarios.py
Environment: LIMBO_KEXEC, LIMBO_PURGATORY, LIMBO_REPORT select the limbo
column (see limbovm/paths.py); LIMBO_VM_OUT the results folder;
LIMBO_VM_KERNEL the kernel series (default 6.1).

Every verdict expected here, for either column, is the one the catalogue
(limbovm/scenarios.py) records as measured on that kernel: a column that
stops behaving as measured fails its test.  limbo-report runs in every
dump kernel and is read as JSON: a limbo run that passes must hand over a
sound report (exit code 0, verification ok, IDT prebuilt by the plugin),
and the stock column must hand over none.

S3 runs with --debug-reset.  A limbo-column reset is skipped, never
passed, only when the registers saved at the triple fault show it
happened before the purgatory ran (verdict.reset_site); any other reset
fails.
"""

import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from limbovm import (kernels, limboreport, paths, report,  # noqa: E402
		     runner, scenarios, verdict)

KERNEL = os.environ.get("LIMBO_VM_KERNEL", "6.1")
OUT = os.environ.get("LIMBO_VM_OUT") or os.path.join(
	paths.RESULTS, "ci-" + time.strftime("%Y%m%d-%H%M%S"))
RECORDS = []


@pytest.fixture(scope="session")
def kernel_set():
	return {KERNEL: kernels.fetch(KERNEL)}


@pytest.fixture(scope="session", autouse=True)
def results_file():
	yield
	if RECORDS:
		report.write(OUT, RECORDS, ["limbo", "stock"])


def column(name):
	"""A column with limbo-report in its dump initramfs: every test
	reads the report, so a missing binary fails (make all builds it)."""
	if not os.path.exists(paths.LIMBO_REPORT):
		pytest.fail("limbo-report %s does not exist (make all)" %
			    paths.LIMBO_REPORT)
	try:
		return runner.make_column(name, report=paths.LIMBO_REPORT)
	except runner.SetupError as e:
		pytest.fail(str(e))


def run(kernel_set, name, col, **opts):
	scn = scenarios.BY_NAME[name]
	d = os.path.join(OUT, "%s-%s-%s" % (name, KERNEL, col.name))
	r = runner.Run(scn, kernel_set, KERNEL, col, 1, d,
		       runner.Options(**opts)).execute()
	RECORDS.append(r)
	return r


def why(r):
	return "%s %s %s: %s (%s) log %s" % (r["scenario"], r["kernel"],
					     r["column"], r["verdict"],
					     "; ".join(r["notes"]), r["dir"])


def measured(name, col):
	"""The verdicts the catalogue records for this column and kernel."""
	m = scenarios.BY_NAME[name].measured(col, KERNEL)
	if m is None:
		pytest.fail("%s %s on %s is not in the catalogue: measure it and "
			    "record it in limbovm/scenarios.py" % (name, col,
								  KERNEL))
	return m


def qemu_crashed(r):
	"""QEMU itself died of a signal (not a guest reset): the run says
	nothing about either purgatory.  Skipped, saying so, never passed:
	the patched INIT-faithful QEMU has crashed twice (SIGSEGV) during the
	first kernel's PCI scan, before any kexec."""
	rc = (r.get("qemu") or {}).get("exit_code")
	if rc is not None and rc < 0:
		pytest.skip("QEMU (%s) crashed with signal %d: the run judges "
			    "neither column: %s" % (r.get("qemu_name"), -rc, why(r)))


def assert_measured(r):
	m = measured(r["scenario"], r["column"])
	if r["verdict"] not in m.verdicts:
		qemu_crashed(r)
	assert r["verdict"] in m.verdicts, "measured %s, now %s" % (m, why(r))


def sound_report(r):
	"""A limbo run that reached the dump kernel handed over a report the
	decoder calls sound; returns it."""
	rep = r["report"]
	assert rep is not None, "no report: %s; stderr %s; %s" % (
		r["report_error"], r["report_stderr"], why(r))
	ok = limboreport.EXIT["OK"]
	assert r["report_rc"] == ok == rep["exit_code"], \
		"limbo-report rc=%s, problems %s: %s" % (
			r["report_rc"], rep.get("problems"), why(r))
	assert rep["verification"]["result"] == "ok", why(r)
	assert rep["idt"]["prebuilt"], "IDT not prebuilt by the plugin: " + \
		why(r)
	return rep


@pytest.mark.parametrize("name", ["S1", "S5", "S10c"])
def test_limbo_passes(kernel_set, name):
	r = run(kernel_set, name, column("limbo"))
	assert_measured(r)
	if r["verdict"] == "pass":
		sound_report(r)


def test_limbo_absorbs_nmi_storm(kernel_set):
	"""S3: once the purgatory runs, no NMI may cost the dump.

	An NMI can still land in the crashed kernel after it dropped its IDT
	and before the purgatory's first instruction (measured: RIP in
	relocate_kernel's control page, IDTR empty).  That window belongs to
	the old kernel; such a run says nothing about limbo and is skipped,
	with where it happened, never passed.  The reset is located from the
	registers --debug-reset saved at the triple fault: outside the
	purgatory segment, IDTR empty, no limbo line.  Any other reset,
	including one not located, fails.
	"""
	r = run(kernel_set, "S3", column("limbo"), debug_reset=True)
	site = r.get("reset_site")
	if r["verdict"] == "reset" and site and site["before_purgatory"]:
		pytest.skip("NMI reset the machine before the purgatory ran "
			    "(old kernel's window): %s; log %s" % (
				    site["where"], r["dir"]))
	assert_measured(r)
	assert r["nmis"] >= 1, "no NMI injected: " + why(r)
	rep = sound_report(r)
	assert rep["nmi"]["count"] >= 1, \
		"the storm never reached the purgatory: " + why(r)


@pytest.mark.parametrize("name,policy", [("F1", "halting"),
					 ("F2", "resetting")])
def test_limbo_fault_policy(kernel_set, name, policy):
	"""debug-fault raises an exception in the purgatory: the stub IDT
	prints it, then the policy halts (no dump kernel) or resets."""
	r = run(kernel_set, name, column("limbo"))
	assert_measured(r)
	text = "\n".join(r["limbo_lines"])
	assert "limbo: EXCEPTION" in text and "RIP" in text, why(r)
	assert policy in text, why(r)


def test_limbo_clears_remote_irr(kernel_set):
	"""S8r: limbo re-arms edu's level pin (debug-remote-irr), QEMU's
	IO-APIC sets Remote IRR, and the quiesce must clear it; the report
	says found = cleared >= 1, none stuck, with the option on edu's GSI."""
	r = run(kernel_set, "S8r", column("limbo"))
	assert_measured(r)
	text = "\n".join(r["limbo_lines"])
	assert "debug-remote-irr: GSI" in text and "Remote IRR set" in text, \
		why(r)
	rep = sound_report(r)
	rirr = limboreport.ioapic_rirr(rep)
	assert rirr, "IO-APIC phase did not run: " + why(r)
	found, cleared, stuck = rirr
	assert found >= 1 and found == cleared and stuck == 0, \
		"Remote IRR found %d, cleared %d, stuck %d: %s" % (
			found, cleared, stuck, why(r))
	gsi = r.get("edu_gsi")
	assert gsi is not None, "edu's IRQ never printed: " + why(r)
	assert limboreport.config_option(rep, "debug-remote-irr") == str(gsi), \
		"config %s, edu on GSI %s: %s" % (
			rep.get("config"), gsi, why(r))


def test_limbo_eois_level_vector(kernel_set):
	"""S7L: a panic inside a level (fasteoi) handler leaves its vector in
	service; limbo must find it in ISR and EOI it, and the dump pass."""
	r = run(kernel_set, "S7L", column("limbo"))
	assert_measured(r)
	rep = sound_report(r)
	isr = limboreport.lapic_isr(rep)
	assert isr, "local APIC phase did not run: " + why(r)
	found, left = isr
	assert found, "no vector in service: " + why(r)
	assert not left, "left in service %s: %s" % (left, why(r))
	assert rep["lapic"]["eoi_count"] >= 1, why(r)


def test_limbo_refuses_corrupted_segment(kernel_set):
	"""S10: one byte of the dump kernel flipped; limbo must stop before
	it, by policy, and say so."""
	r = run(kernel_set, "S10", column("limbo"))
	assert_measured(r)
	assert any(verdict.LIMBO_HALT in t for t in r["limbo_lines"]), why(r)


@pytest.mark.parametrize("name,said", [
	("S10t", "self-check: MISMATCH"),	# a byte of limbo's own code
	("S10g", "CORRUPT limbo tables"),	# a byte of the IO-APIC/CPU lists
])
def test_limbo_stops_on_changed_inputs(kernel_set, name, said):
	"""S10t: one byte of limbo's code flipped after load; the self-check
	must catch it before that code runs.  S10g: a byte of the tables
	segment changed; verification must fail and name that segment.
	Either way limbo stops loudly and never enters the next kernel."""
	r = run(kernel_set, name, column("limbo"))
	assert_measured(r)
	text = "\n".join(r["limbo_lines"])
	assert said in text, why(r)
	assert verdict.LIMBO_HALT in text, why(r)


def test_limbo_ignores_unverified_tables(kernel_set):
	"""S10a: the (unverified) config names memory that is no verified
	region as its tables: the purgatory must not read it, must say so
	in its report, and the dump must still be taken."""
	r = run(kernel_set, "S10a", column("limbo"))
	assert_measured(r)
	rep = r["report"]
	assert rep is not None, "no report: " + why(r)
	assert rep["verification"]["result"] == "ok", why(r)
	assert rep["tables"]["state"] == "not_hashed", why(r)
	names = [p["name"] for p in rep["problems"]["list"]]
	assert "tables" in names and "ioapic" in names, \
		"problems %s: %s" % (names, why(r))
	assert r["report_rc"] == limboreport.EXIT["PROBLEM"], why(r)


@pytest.mark.parametrize("col", ["stock", "limbo"])
def test_parking(kernel_set, col):
	"""S9p on the INIT-faithful QEMU (make qemu-init): 4 vCPUs, crash
	on CPU 2.  With park=init (limbo) CPUs 1 and 3 must be in the INIT
	state at the dump kernel's banner and still at its init, CPU 0 (the
	boot CPU) left in the crashed kernel's stop loop; without (stock)
	no CPU in the INIT state.  Judged from `info registers -a` and
	`info lapic` (parking.judge), not from anything limbo prints."""
	r = run(kernel_set, "S9p", column(col))
	assert r["qemu_name"] == "init", why(r)
	assert_measured(r)
	p = r.get("parking")
	assert p is not None and p["ok"], why(r)
	other = "init" if col == "limbo" else "stopped"
	want = {"0": "stopped", "1": other, "2": "running", "3": other}
	assert p["states"]["next"] == want, "%s: %s" % (p["states"], why(r))
	if col == "limbo":
		# what limbo says it did must agree with what was measured
		rep = sound_report(r)
		sent = sorted(c["apic_id"] for c in rep["park"]["cpus"]
			      if c["result"] == "parked")
		assert sent == [1, 3], "%s: %s" % (rep["park"], why(r))


@pytest.mark.parametrize("name", ["S1", "S3", "S5", "S10", "S10c", "S10t"])
def test_stock_as_measured(kernel_set, name):
	"""The stock purgatory does what the catalogue says it did (S1 and
	the S10 control pass, S3 resets, S5 oopses, S10 hangs): if it stops
	doing so, the scenario or the harness changed and every comparison
	with limbo is void until it is measured again."""
	r = run(kernel_set, name, column("stock"), debug_reset=name == "S3")
	assert_measured(r)
	if scenarios.BY_NAME[name].inject:
		assert r["nmis"] >= 1, "no NMI injected: " + why(r)
	if r["verdict"] == "pass":
		assert r["report_rc"] == limboreport.EXIT["MISSING"] and \
			r["report"] is None, \
			"stock dump kernel: limbo-report rc=%s, report %s: %s" % (
				r["report_rc"], r["report"], why(r))
