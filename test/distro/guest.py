#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot the Debian guest test/distro/run.sh prepared, once, to its end.

	guest.py OUT_DIR VMLINUZ INITRD DISK APPEND [--storm]
	guest.py OUT_DIR - - DISK - --uefi CODE VARS


One QEMU (TCG) run of the whole story, without a human: boot 1 (systemd,
kdump-tools loads the crash kernel, limbo-distro-step crashes it with
sysrq c), the dump kernel (kdump-tools-dump.service saves /var/crash/<stamp>/
and reboots), boot 2 (the step lists /var/crash and powers off).  With
--storm, NMIs are injected through QMP (inject-nmi, every 10 ms, at most
200) from the panic line until the next kernel prints its command line:
the window the purgatory runs in.

With --uefi the kernel is not QEMU's to load: the machine is q35 with SMM,
CODE (OVMF's Secure Boot build) read-only and VARS (a per-run copy with
Microsoft's keys enrolled) as its flash, and the firmware boots the disk's
ESP: shim, GRUB, Debian's signed kernel, the kernel line of the disk's
grub.cfg.

Writes OUT_DIR/serial.log, serial.tlog (each line with the host time it
arrived) and result.json: which milestones were seen, when (seconds since
QEMU started), the phase durations and the NMIs injected.  Exit 0 when
QEMU ended on its own (poweroff at the end of boot 2), 1 otherwise; the
verdict on the saved files is run.sh's.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
	os.path.abspath(__file__))), "vm"))
from limbovm.qemu import QmpError, Vm	# noqa: E402

TIMEOUT = int(os.environ.get("LIMBO_DISTRO_TIMEOUT", "1800"))
STORM_INTERVAL = 0.010
STORM_COUNT = 200

# milestones, in the order they must happen, each searched for after the
# previous one seen; the dump kernel is told apart by elfcorehdr= on its
# command line, so a reset (no dump kernel) is not mistaken for one
DUMP_CMDLINE = re.compile(r"Command line: .*elfcorehdr=")
BOOT_CMDLINE = re.compile(r"Command line: (?!.*elfcorehdr=)")
MILESTONES = [
	("boot1_kernel", BOOT_CMDLINE),
	("kdump_loaded", "=== limbo-distro: crash kernel loaded"),
	("crash", "sysrq: Trigger a crash"),
	("panic", "Kernel panic - not syncing"),
	("dump_kernel", DUMP_CMDLINE),
	("dump_init", "Run /init as init process"),
	("dump_saved", "saved vmcore in"),
	("boot2_kernel", BOOT_CMDLINE),
	("boot2_done", "=== limbo-distro: done"),
]
# whatever kernel comes after the panic ends the purgatory's window
NEXT_KERNEL = re.compile(r"Command line: ")


def storm(vm, t_panic, stop, nmis):
	"""inject-nmi every STORM_INTERVAL after t_panic until stop is set."""
	for k in range(STORM_COUNT):
		left = t_panic + k * STORM_INTERVAL - vm.console.now()
		if left > 0 and stop.wait(left):
			return
		if stop.is_set() or not vm.running():
			return
		try:
			vm.qmp.execute("inject-nmi")
			nmis.append(round(vm.console.now() - t_panic, 4))
		except QmpError:
			return


def run_storm(vm, deadline):
	"""From the panic line to the next kernel's command line: NMIs."""
	nmis = []
	got, idx, t, _ = vm.console.wait({"panic": "Kernel panic - not syncing"},
					 timeout=deadline - time.monotonic())
	if got is None:
		return nmis
	vm.console.mark("NMI storm from the panic line")
	stop = threading.Event()
	worker = threading.Thread(target=storm, args=(vm, t, stop, nmis),
				  daemon=True)
	worker.start()
	vm.console.wait({"next": NEXT_KERNEL}, start=idx + 1,
			timeout=max(0, deadline - time.monotonic()))
	stop.set()
	worker.join(5)
	vm.console.mark("NMI storm ended: %d injected" % len(nmis))
	return nmis


# a milestone of the dump kernel only counts when the dump kernel came
# (after a reset, "Run /init" is the next normal boot's)
NEEDS = {"dump_init": "dump_kernel", "dump_saved": "dump_kernel"}


def milestones(lines):
	"""The milestones in lines [(t, text)], in order, skipping missing ones."""
	seen = {}
	start = 0
	for name, pat in MILESTONES:
		if NEEDS.get(name, name) not in seen and name in NEEDS:
			continue
		for i in range(start, len(lines)):
			t, text = lines[i]
			if (pat.search(text) if hasattr(pat, "search") else pat in text):
				seen[name] = round(t, 3)
				start = i + 1
				break
	return seen


def phases(seen):
	def span(a, b):
		if a in seen and b in seen:
			return round(seen[b] - seen[a], 3)
		return None
	return {
		"boot_to_kdump_loaded": seen.get("kdump_loaded"),
		"crash_to_dump_kernel": span("crash", "dump_kernel"),
		"crash_to_dump_kernel_init": span("crash", "dump_init"),
		"crash_to_dump_saved": span("crash", "dump_saved"),
		"dump_saved_to_boot2_done": span("dump_saved", "boot2_done"),
		# without a dump kernel: how soon the machine came back (a reset)
		"crash_to_boot2_kernel": span("crash", "boot2_kernel"),
	}


def firmware_boot(vm, code, vars_copy):
	"""Let OVMF boot the disk instead of QEMU loading a kernel."""
	cmd = []
	skip = 0
	for a in vm.cmd:
		if skip:
			skip -= 1
		elif a in ("-kernel", "-initrd", "-append"):
			skip = 1
		else:
			cmd.append(a)
	# SMM, and flash writable only from SMM: what makes the enrolled
	# keys (and so Secure Boot) something the OS cannot switch off
	cmd += ["-global", "driver=cfi.pflash01,property=secure,value=on",
		"-drive", "if=pflash,format=raw,unit=0,readonly=on,file=%s" % code,
		"-drive", "if=pflash,format=raw,unit=1,file=%s" % vars_copy]
	vm.cmd = cmd


def main(argv):
	if len(argv) < 6:
		sys.exit(__doc__)
	out, kernel, initrd, disk, append = argv[1:6]
	rest = argv[6:]
	use_storm = "--storm" in rest
	uefi = None
	if "--uefi" in rest:
		i = rest.index("--uefi")
		uefi = rest[i + 1:i + 3]
		if len(uefi) != 2:
			sys.exit(__doc__)
	os.makedirs(out, exist_ok=True)
	# no -no-reboot: the dump kernel's reboot -f must come back to boot 2.
	# q35's ICH9 TCO watchdog: Linux's iTCO_wdt arms it for 30 s while
	# boot 1 lives and nothing pings it after the crash, so it resets
	# the guest 2 x 30 s later, in the middle of a TCG dump kernel (seen
	# with both purgatories).  "pc" has no TCO; where q35 is needed
	# (SMM for Secure Boot), the board's no-reboot strap is set
	# (ICH9-LPC.noreboot, off by default from QEMU 8.0's machine types
	# on): the TCO timer cannot reset the machine, whoever arms it, and
	# neither kernel's command line is touched.
	if uefi:
		vm = Vm(out, kernel, initrd, append, smp=2, mem=2048,
			machine="q35,smm=on", no_reboot=False,
			qemu_globals=("ICH9-LPC.noreboot=true",))
		firmware_boot(vm, *uefi)
	else:
		vm = Vm(out, kernel, initrd, append, smp=2, mem=2048,
			machine="pc", no_reboot=False)
	vm.cmd += ["-drive", "file=%s,if=virtio,format=raw" % disk,
		   "-nic", "none"]
	deadline = time.monotonic() + TIMEOUT
	vm.start()
	try:
		nmis = run_storm(vm, deadline) if use_storm else []
		try:
			vm.proc.wait(max(1, deadline - time.monotonic()))
			ended = True
		except subprocess.TimeoutExpired:
			ended = False
	finally:
		vm.stop()
	seen = milestones(vm.console.snapshot())
	result = {
		"storm": use_storm,
		"uefi": bool(uefi),
		"qemu_ended_by_itself": ended,
		"milestones": seen,
		"phases": phases(seen),
		"nmis_injected": len(nmis),
		"nmi_times": nmis,
	}
	with open(os.path.join(out, "result.json"), "w") as f:
		json.dump(result, f, indent=1)
		f.write("\n")
	print(json.dumps(result["phases"]))
	return 0 if ended else 1


if __name__ == "__main__":
	sys.exit(main(sys.argv))
