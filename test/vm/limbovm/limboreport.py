# SPDX-License-Identifier: GPL-2.0-only
"""limbo-report's JSON, as the dump kernel printed it.

guest/init-dump.sh runs `limbo-report --json` and prints its one line of
JSON between two markers, with kernel console messages held back so that
none lands inside it.  The harness and the tests read that object with
json.loads and the accessors below, never limbo-report's human text.
"""

import json
import os
import re

from . import paths
from .qemu import KERNEL_LINE


def _exit_codes():
	"""limbo-report's exit codes, from the header that declares them:
	{"OK": 0, "PROBLEM": 1, "MISSING": 2, ...}."""
	path = os.path.join(paths.REPO, "kexec-plugin", "src", "report-decode.h")
	with open(path) as f:
		codes = dict((k, int(v)) for k, v in re.findall(
			r"LIMBO_REPORT_EXIT_(\w+)\s*=\s*(\d+)", f.read()))
	if "OK" not in codes or "MISSING" not in codes:
		raise RuntimeError("no LIMBO_REPORT_EXIT_ codes in " + path)
	return codes


EXIT = _exit_codes()

# config keys as the decoder wrote them before every option was printed
# as "<key>": "<value as on the command line>": key -> (old key, value)
_OLD_CONFIG = {
	"debug_remote_irr": ("debug_remote_irr_gsi",
			     lambda v: "off" if v is None else str(v)),
}


def parse(texts):
	"""(report, None), or (None, why) when the lines are not one JSON
	object.  A whole kernel line that still got in is left out."""
	body = "\n".join(t for t in texts if not KERNEL_LINE.match(t)).strip()
	if not body:
		return None, "limbo-report printed no JSON"
	try:
		obj = json.loads(body)
	except ValueError as e:
		return None, "limbo-report output is not JSON: %s" % e
	if not isinstance(obj, dict):
		return None, "limbo-report JSON is a %s, not an object" % \
			type(obj).__name__
	return obj, None


def config_option(report, name):
	"""A purgatory option of the config in force, as written on the
	command line ("debug-remote-irr" -> "11" or "off"); None when the
	report has no config or no such key."""
	cfg = report.get("config")
	if not isinstance(cfg, dict):
		return None
	key = name.replace("-", "_")
	if key in cfg:
		return None if cfg[key] is None else str(cfg[key])
	old = _OLD_CONFIG.get(key)
	if old and old[0] in cfg:
		return old[1](cfg[old[0]])
	return None


def ioapic_rirr(report):
	"""Remote IRR over every IO-APIC: (found, cleared, stuck), or None
	when the IO-APIC phase did not run."""
	io = report.get("ioapics") or {}
	if io.get("state") != "ran":
		return None
	entries = io.get("entries", [])
	return tuple(sum(e[k] for e in entries)
		     for k in ("rirr_found", "rirr_cleared", "stuck"))


def lapic_isr(report):
	"""(vectors in service found, left) by the local APIC phase, or None
	when it did not run."""
	la = report.get("lapic") or {}
	if la.get("state") != "ran" or not la.get("found") or \
	   not la.get("left"):
		return None
	return la["found"]["isr"], la["left"]["isr"]
