#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the first (to be crashed) kernel.  Everything it needs comes from
# the kernel command line (limbo.* words, '+' stands for a space):
#   limbo.scenario=S1        name, for the log only
#   limbo.load=p|l           kexec -p (kdump, default) or kexec -l (reboot)
#   limbo.append=a+b         extra words for the dump kernel's command line
#   limbo.kargs=--x+--y      extra kexec arguments (the column under test)
#   limbo.crash=sysrq|external|exec
#                            sysrq: echo c > /proc/sysrq-trigger
#                            external: wait, the harness crashes the guest
#                            exec: kexec -e
#   limbo.cpu=N              CPU the crash action runs on (taskset)
#   limbo.sysrq=1            allow every sysrq function from the keyboard
#   limbo.wait=1             wait for a "go" line on the console after load
#   limbo.wait=2             and again after the hotplug step (S16: the
#                            harness reads the elfcorehdr at both stops)
#   limbo.offline=N          S16: take CPU N offline after the load, so
#                            that the kernel rewrites the elfcorehdr of a
#                            kexec --hotplug load
#   limbo.setup=edu          S8: bind uio_pci_generic to edu (IO-APIC pin
#                            unmasked, level); the harness raises INTx

export PATH=/sbin:/bin:/usr/sbin:/usr/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

say() {
	echo "LIMBO-VM: $*"
}

param() {
	for w in $(cat /proc/cmdline); do
		case "$w" in
		limbo.$1=*)
			echo "${w#*=}" | tr + ' '
			;;
		esac
	done
}

# Print a file whole, with the console loglevel lowered meanwhile: the
# harness parses what it prints (kexec -d's segment table), and a kernel
# message written into the middle of one of its lines would break it.
print_whole() {
	level=$(cut -f1 /proc/sys/kernel/printk)
	echo 1 > /proc/sys/kernel/printk
	cat "$1"
	echo "$level" > /proc/sys/kernel/printk
}

wait_go() {
	say "waiting-go"
	while read -r line; do
		case "$line" in
		*go*)
			break
			;;
		esac
	done < /dev/console
	say "go"
}

# S16: the kernel's crash hotplug lines are pr_debug; dmesg shows them
# once dynamic debug is on for the two files that print them
crash_hp_debug() {
	for f in kernel/crash_core.c arch/x86/kernel/crash.c; do
		echo "file $f +p" > /proc/dynamic_debug/control 2>/dev/null ||
			say "no dynamic debug for $f"
	done
}

offline_cpu() {
	echo 0 > /sys/devices/system/cpu/cpu$1/online
	say "cpu-offline cpu=$1 rc=$? online=$(cat /sys/devices/system/cpu/online)"
	dmesg | grep "crash hp" | while read -r l; do
		say "kernel: $l"
	done
}

stop_here() {
	say "$*"
	while :; do
		sleep 3600
	done
}

# S8 hook: a level-triggered PCI INTx line asserted by edu, owned by
# uio_pci_generic so that the IO-APIC pin is unmasked.
setup_edu() {
	insmod /lib/modules/uio.ko || return 1
	insmod /lib/modules/uio_pci_generic.ko || return 1
	echo "1234 11e8" > /sys/bus/pci/drivers/uio_pci_generic/new_id
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor)" = 0x1234 ] && [ "$(cat $d/device)" = 0x11e8 ] &&
			EDU=$d
	done
	[ -n "$EDU" ] || return 1
	EDU_BAR=$(head -n 1 $EDU/resource | cut -d' ' -f1)
	# uio_pci_generic leaves INTx enabled until the first interrupt; the
	# harness raises it (edu register 0x60) from outside after the panic
	EDU_IRQ=$(cat $EDU/irq)
	say "edu at $EDU bar0 $EDU_BAR irq $EDU_IRQ"
	grep -i uio /proc/interrupts
}

SCEN=$(param scenario)
LOAD=$(param load)
APPEND=$(param append)
KARGS=$(param kargs)
CRASH=$(param crash)
CPU=$(param cpu)
[ -n "$LOAD" ] || LOAD=p
[ -n "$CRASH" ] || CRASH=sysrq
[ -n "$CPU" ] || CPU=0

say "first-init-start scenario=$SCEN load=$LOAD crash=$CRASH cpu=$CPU"
say "cpus online=$(cat /sys/devices/system/cpu/online)"
[ -e /sys/kernel/kexec_crash_size ] &&
	say "crash size=$(cat /sys/kernel/kexec_crash_size)"

# /dev/cpu/N/msr: the plugin reads IA32_APIC_BASE.BSP for the boot CPU
insmod /lib/modules/msr.ko 2>/dev/null || say "msr module not loaded"

if [ "$(param setup)" = edu ]; then
	setup_edu || stop_here "setup-failed edu"
	# S8r: the purgatory option names edu's GSI (IO-APIC: irq = GSI)
	KARGS=$(echo "$KARGS" | sed "s/debug-remote-irr=edu/debug-remote-irr=$EDU_IRQ/")
fi

if [ "$LOAD" = l ]; then
	BASE="console=ttyS0 panic=-1"
	MODE=-l
else
	BASE="console=ttyS0 nr_cpus=1 panic=-1 reset_devices"
	# nr_cpus= only ever lowers the limit: a scenario's own (S9n) must
	# replace the default, not follow it
	case " $APPEND " in
	*" nr_cpus="*) BASE="console=ttyS0 panic=-1 reset_devices" ;;
	esac
	MODE=-p
fi

case " $KARGS " in
*" --hotplug "*) crash_hp_debug ;;
esac

say "kexec-cmd kexec $MODE /dump/vmlinuz --initrd=/dump/initrd.img" \
	"--append=\"$BASE $APPEND\" -d $KARGS"
kexec $MODE /dump/vmlinuz --initrd=/dump/initrd.img \
	--append="$BASE $APPEND" -d $KARGS > /tmp/kexec-d.txt 2>&1
RC=$?
print_whole /tmp/kexec-d.txt
[ $RC = 0 ] || stop_here "kexec-failed rc=$RC"
[ "$LOAD" = p ] && say "kexec_crash_loaded=$(cat /sys/kernel/kexec_crash_loaded)"
# 1 once the kernel accepted a load that lets it rewrite the elfcorehdr
[ -e /sys/devices/system/cpu/crash_hotplug ] &&
	say "crash_hotplug=$(cat /sys/devices/system/cpu/crash_hotplug)" \
		"elfcorehdr_size=$(cat /sys/kernel/crash_elfcorehdr_size 2>/dev/null)"
say "kexec-loaded"

WAIT=$(param wait)
[ -n "$WAIT" ] && wait_go
OFFLINE=$(param offline)
[ -n "$OFFLINE" ] && offline_cpu "$OFFLINE"
[ "$WAIT" = 2 ] && wait_go

[ "$(param sysrq)" = 1 ] && echo 1 > /proc/sys/kernel/sysrq

case "$CRASH" in
sysrq)
	say "crashing cpu=$CPU"
	taskset -c "$CPU" sh -c 'echo c > /proc/sysrq-trigger'
	stop_here "crash-failed"
	;;
exec)
	say "kexec-exec"
	sync
	kexec -e
	stop_here "kexec-exec-failed"
	;;
external)
	stop_here "ready-external-crash"
	;;
*)
	stop_here "unknown-crash-action $CRASH"
	;;
esac
