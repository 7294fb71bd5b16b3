# SPDX-License-Identifier: GPL-2.0-only
"""results.json and results.md: scenario x kernel x QEMU x purgatory
column."""

import json
import os
import statistics
from collections import OrderedDict

from . import scenarios


def group(records):
	"""(scenario, kernel, QEMU) -> column -> [records], in run order."""
	table = OrderedDict()
	for r in records:
		key = (r["scenario"], r["kernel"] if r["kernel"] == r["dump_kernel"]
		       else "%s->%s" % (r["kernel"], r["dump_kernel"]),
		       r.get("qemu_name") or "debian")
		table.setdefault(key, OrderedDict()).setdefault(r["column"],
							       []).append(r)
	return table


def cell(runs):
	"""One table cell: verdicts, median seconds, NMIs."""
	verdicts = [r["verdict"] for r in runs]
	if len(runs) == 1:
		v = verdicts[0]
	else:
		counts = OrderedDict()
		for x in verdicts:
			counts[x] = counts.get(x, 0) + 1
		v = ", ".join("%s %d/%d" % (k, n, len(runs))
			      for k, n in counts.items())
	times = [r["panic_to_dump_init"] for r in runs
		 if r.get("panic_to_dump_init") is not None]
	t = "%.2f s" % statistics.median(times) if times else "-"
	nmis = [r.get("nmis") for r in runs if r.get("nmis") is not None]
	n = "/".join(str(x) for x in nmis) if nmis else "-"
	return v, t, n


def notes(runs):
	seen = OrderedDict()
	for r in runs:
		for n in r.get("notes", []):
			seen[n] = True
		if r.get("nmi_delay") is not None and len(runs) == 1:
			seen["NMI at %.3f s" % r["nmi_delay"]] = True
	return "; ".join(seen)


def against_catalogue(runs):
	"""A note when these runs' verdicts are not all among those the
	catalogue records as measured (or it records none)."""
	r = runs[0]
	scn = scenarios.BY_NAME.get(r["scenario"])
	if scn is None:
		return None
	m = scn.measured(r["column"], r["kernel"])
	if m is None:
		return "not in the catalogue"
	# a reset located before the purgatory ran (the old kernel's window)
	# says nothing about the column: the tests skip it, so does this
	before = [x for x in runs if (x.get("reset_site") or {}).get(
		"before_purgatory")]
	seen = {x["verdict"] for x in runs if x not in before}
	# the catalogue holds what the scenario did on its own QEMU
	other = r.get("qemu_name") and r["qemu_name"] != scn.qemu
	where = " on the %s QEMU; the catalogue's is the %s one" % (
		r["qemu_name"], scn.qemu) if other else ""
	if seen <= m.verdicts:
		return "%d run(s) reset before the purgatory, not counted" % \
			len(before) if before else None
	return "NOT AS MEASURED%s (catalogue: %s)" % (where, m)


def markdown(records, columns):
	out = ["# limbo crash-injection results", "",
	       "Verdict, seconds from the panic line to the dump kernel's "
	       "init, NMIs injected.", ""]
	builds = sorted({"%s: %s" % (r["column"], r["build"]) for r in records
			 if r.get("build")})
	if builds:
		out += ["Builds under test: " + "; ".join(builds), ""]
	qemus = sorted({r["qemu_build"] for r in records if r.get("qemu_build")})
	if qemus:
		out += ["QEMU per row (qemu column): " + "; ".join(qemus), ""]
	head = ["scenario", "kernel", "qemu"]
	for c in columns:
		head += ["%s verdict" % c, "%s s" % c, "%s NMIs" % c]
	head.append("notes")
	out.append("| " + " | ".join(head) + " |")
	out.append("|" + "---|" * len(head))
	for (scn, kernel, qemu), cols in group(records).items():
		row = [scn, kernel, qemu]
		allnotes = []
		for c in columns:
			runs = cols.get(c, [])
			row += list(cell(runs)) if runs else ["-", "-", "-"]
			n = notes(runs)
			odd = against_catalogue(runs) if runs else None
			if odd:
				n = odd + ("; " + n if n else "")
			if n:
				allnotes.append("%s: %s" % (c, n))
		row.append(" / ".join(allnotes).replace("|", "\\|"))
		out.append("| " + " | ".join(row) + " |")
	out.append("")
	out += delay_survival(records, columns)
	return "\n".join(out)


def delay_survival(records, columns):
	"""S4: survival against the delay of the single NMI."""
	out = []
	for (scn, kernel, qemu), cols in group(records).items():
		for c in columns:
			runs = [r for r in cols.get(c, [])
				if r.get("nmi_delay") is not None]
			if not runs:
				continue
			ok = [r for r in runs if r["verdict"] == "pass"]
			bad = sorted(r["nmi_delay"] for r in runs
				     if r["verdict"] != "pass")
			if not out:
				out += ["## Single NMI: survival against delay", ""]
			out.append("- %s %s %s %s: survived %d of %d%s" % (
				scn, kernel, qemu, c, len(ok), len(runs),
				"; lost at %.2f-%.2f s" % (bad[0], bad[-1])
				if bad else ""))
			out.append("  " + ", ".join(
				"%.3f %s" % (r["nmi_delay"], r["verdict"])
				for r in sorted(runs, key=lambda r: r["nmi_delay"])))
	if out:
		out.append("")
	return out


def write(outdir, records, columns):
	with open(os.path.join(outdir, "results.json"), "w") as f:
		json.dump(records, f, indent=1)
	md = markdown(records, columns)
	with open(os.path.join(outdir, "results.md"), "w") as f:
		f.write(md)
	return md
