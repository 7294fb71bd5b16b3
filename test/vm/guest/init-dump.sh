#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the dump kernel (and of the kernel started by kexec -e).
# Proves the dump from inside: /proc/vmcore must exist and be non-empty,
# and makedumpfile must pull the crashed kernel's log out of it.
# limbo.end=reboot on the command line reboots instead of powering off.

export PATH=/sbin:/bin:/usr/sbin:/usr/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

say() {
	echo "LIMBO-VM: $*"
}

# Print a file whole, with the console loglevel lowered meanwhile: the
# harness parses what it prints, and a kernel message written into the
# middle of one of its lines would break it.
print_whole() {
	level=$(cut -f1 /proc/sys/kernel/printk)
	echo 1 > /proc/sys/kernel/printk
	cat "$1"
	echo "$level" > /proc/sys/kernel/printk
}

say "dump-init-start"
say "cmdline $(cat /proc/cmdline)"
say "cpus online=$(cat /sys/devices/system/cpu/online)"

if [ -e /proc/vmcore ]; then
	say "vmcore size=$(stat -c %s /proc/vmcore)"
else
	say "vmcore absent"
fi

if [ -s /proc/vmcore ]; then
	makedumpfile --dump-dmesg /proc/vmcore /tmp/dmesg.txt 2>&1
	say "makedumpfile rc=$?"
	say "dmesg-begin"
	[ -f /tmp/dmesg.txt ] && cat /tmp/dmesg.txt
	say "dmesg-end"
fi

for t in /sys/kernel/boot_params/setup_data/*/type; do
	[ -e "$t" ] || continue
	d=${t%/type}
	say "setup_data ${d##*/} type=$(cat $t) size=$(stat -c %s $d/data 2>/dev/null)"
done

# The harness reads the report as JSON (one line, json.loads); its stderr
# says why there is none.  The text follows, for people reading the log.
if [ -x /bin/limbo-report ]; then
	/bin/limbo-report --json > /tmp/report.json 2> /tmp/report.err
	rc=$?
	say "report-json-begin"
	print_whole /tmp/report.json
	say "report-json-end rc=$rc"
	while read -r line; do
		say "report-stderr $line"
	done < /tmp/report.err
	say "report-text-begin"
	/bin/limbo-report 2>&1
	say "report-text-end rc=$?"
fi

say "dump-end"

case " $(cat /proc/cmdline) " in
*" limbo.end=reboot "*)
	reboot -f
	;;
*)
	poweroff -f
	;;
esac
while :; do
	sleep 3600
done
