#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test/distro/run.sh DEB_DIR OUT_DIR [plain|lockdown]
#
# End to end on a real Debian bookworm guest with systemd, kdump-tools and
# the packages make deb built, under QEMU (TCG, one guest):
#   boot 1: kdump-tools loads the crash kernel by itself; a one-shot unit
#           prints kdump-config show and kdump-tools' journal on the
#           console, then crashes the kernel (sysrq c);
#   dump:   the dump kernel boots the kdump initrd and kdump-tools-dump
#           service, saves /var/crash/<stamp>/, reboots;
#   boot 2: the unit prints /var/crash/*/limbo-report.json and powers off.
# Then the image's /var/crash is read on the host (debugfs) and judged.
#   plain     limbo's purgatory in use, report sound (exit 0), saved next
#             to dump.<stamp>;
#   lockdown  lockdown=integrity: kexec_load is refused, kexec must say
#             "limbo: NOT in use" and retry with kexec_file_load.
# Root, about 2 GiB in OUT_DIR, 10-20 minutes under TCG.  Ends with
# "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
debs=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
mode=${3:-plain}
qemu=${LIMBO_QEMU:-/usr/bin/qemu-system-x86_64}
timeout=${LIMBO_DISTRO_TIMEOUT:-1800}
cache=$top/.cache/distro
base=$cache/bookworm-kdump.tar
export LC_ALL=C.UTF-8

pass=0
fail=0
check() {	# check WHAT COMMAND...
	what=$1
	shift
	if "$@"; then pass=$((pass + 1)); echo "ok: $what"; else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

for p in mmdebstrap e2fsprogs; do
	dpkg -s "$p" >/dev/null 2>&1 || apt-get install -y -q --no-install-recommends "$p"
done

# ---- a bootable bookworm with kdump-tools, once -------------------------------------
if [ ! -s "$base" ]; then
	mkdir -p "$cache"
	mmdebstrap --variant=minbase --mode=root \
		--include=systemd-sysv,udev,kmod,procps,linux-image-amd64,initramfs-tools,kdump-tools,makedumpfile,kexec-tools \
		--customize-hook='echo "kdump-tools kdump-tools/use_kdump boolean true" | chroot "$1" debconf-set-selections' \
		bookworm "$cache/tmp-bookworm-kdump.tar" \
		"deb http://deb.debian.org/debian bookworm main" \
		"deb http://deb.debian.org/debian bookworm-updates main" \
		"deb http://deb.debian.org/debian-security bookworm-security main"
	mv "$cache/tmp-bookworm-kdump.tar" "$base"
fi

root=$out/root
rm -rf "$root"
mkdir -p "$root"
tar -xf "$base" -C "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/debs"
cp "$debs"/kexec-tools_*+limbo*_amd64.deb "$debs"/limbo_*_amd64.deb "$root/debs/"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends /debs/kexec-tools_*.deb /debs/limbo_*.deb
rm -f "$root/usr/sbin/policy-rc.d"
kver=$(ls "$root/lib/modules" | head -n 1)

# the guest's configuration: root on virtio, serial console, kdump on,
# no password prompts; nothing of limbo is configured (that is the point)
echo "/dev/vda / ext4 defaults 0 1" > "$root/etc/fstab"
echo limbo-distro > "$root/etc/hostname"
sed -i 's/^USE_KDUMP=.*/USE_KDUMP=1/' "$root/etc/default/kdump-tools"
chroot "$root" passwd -d root >/dev/null
cat > "$root/usr/local/sbin/limbo-distro-step" <<'EOF'
#!/bin/sh
# one step per boot, marked on the console for the host
exec > /dev/ttyS0 2>&1
state=/var/lib/limbo-distro
mkdir -p $state
if [ ! -e $state/crashed ]; then
	for i in $(seq 1 120); do
		[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] && break
		sleep 1
	done
	echo "=== kdump-config show"
	kdump-config show
	echo "=== journal kdump-tools"
	journalctl -b -u kdump-tools --no-pager -o cat
	echo "=== crash"
	touch $state/crashed
	sync
	echo c > /proc/sysrq-trigger
else
	echo "=== var-crash"
	ls -lR /var/crash
	for f in /var/crash/2*/limbo-report.json; do echo "=== $f"; cat "$f"; done
	echo "=== done"
	sync
	systemctl poweroff
fi
EOF
chmod +x "$root/usr/local/sbin/limbo-distro-step"
cat > "$root/etc/systemd/system/limbo-distro-step.service" <<'EOF'
[Unit]
Description=limbo distro test step
After=kdump-tools.service
ConditionPathExists=!/proc/vmcore

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/limbo-distro-step

[Install]
WantedBy=multi-user.target
EOF
chroot "$root" systemctl enable limbo-distro-step.service >/dev/null 2>&1
# the regular initrd, and kdump-tools' own (with limbo's hook) as at install
chroot "$root" update-initramfs -u -k "$kver" >/dev/null
chroot "$root" /etc/kernel/postinst.d/kdump-tools "$kver"
check "kdump initrd has limbo-report" sh -c \
	"lsinitramfs '$root/var/lib/kdump/initrd.img-$kver' | grep -q 'usr/bin/limbo-report'"

img=$out/disk.img
rm -f "$img"
cp "$root/boot/vmlinuz-$kver" "$out/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$out/initrd.img"
mkfs.ext4 -q -L root -d "$root" "$img" 3G

append="root=/dev/vda rw console=ttyS0 crashkernel=384M panic=10"
[ "$mode" = lockdown ] && append="$append lockdown=integrity"
log=$out/serial.log
rm -f "$log"
start=$(date +%s)
# -kernel on every boot: the dump kernel's reboot -f comes back to boot 2
timeout "$timeout" "$qemu" -accel tcg -nodefaults -display none -machine q35 \
	-m 2048 -smp 2 -kernel "$out/vmlinuz" -initrd "$out/initrd.img" \
	-append "$append" -drive "file=$img,if=virtio,format=raw" \
	-serial "file:$log" -nic none || true
echo "guest: $(($(date +%s) - start)) s"

has() { grep -q -- "$1" "$log"; }
check "boot 1 reached the step" has "=== kdump-config show"
case $mode in
plain)
	check "kexec said limbo loaded the crash kernel" \
		has "limbo: crash kernel loaded with limbo's purgatory"
	check "the dump kernel's initrd decoded the report" has "limbo: report: sound"
	check "boot 2 listed the report" has "=== /var/crash/2"
	check "the report has no problem" has '"problems"'
	debugfs -R "ls -l /var/crash" "$img" > "$out/var-crash.txt" 2>/dev/null || true
	stamp=$(sed -n 's/.* \(2[0-9]\{11\}\)$/\1/p' "$out/var-crash.txt" | head -n 1)
	debugfs -R "ls -l /var/crash/$stamp" "$img" > "$out/stamp.txt" 2>/dev/null || true
	check "dump.$stamp saved" grep -q "dump.$stamp" "$out/stamp.txt"
	check "limbo-report.json next to it" grep -q "limbo-report.json" "$out/stamp.txt"
	check "limbo-report.txt next to it" grep -q "limbo-report.txt" "$out/stamp.txt"
	;;
lockdown)
	check "kexec said limbo is not in use, and why" has "limbo: NOT in use for this crash kernel: kexec_load refused with EPERM"
	;;
esac
echo "test-distro ($mode): $pass passed, $fail failed"
[ "$fail" = 0 ]
