#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test/distro/run.sh DEB_DIR OUT_DIR [plain|secureboot]
#
# End to end on a real Debian bookworm guest (systemd, Debian's kernel,
# kdump-tools from the archive), under QEMU (TCG, one guest at a time).
# Two images from one cached mmdebstrap tarball (.cache/distro/):
#   stock   Debian's kexec-tools, as the archive has it;
#   limbo   the same, upgraded to the packages make deb built in DEB_DIR;
# nothing of limbo or kdump-tools is configured in either (USE_KDUMP=1 is
# what answering the package's question does).  Each run (test/distro/guest.py):
#   boot 1  kdump-tools.service loads the crash kernel (kdump-config load);
#           limbo-distro-step.service waits for it, prints kdump-config
#           show and the service's journal, then crashes (sysrq c);
#   dump    the dump kernel boots kdump-tools' own initrd and
#           kdump-tools-dump.service saves /var/crash/<stamp>/, reboots;
#   boot 2  the step lists /var/crash and powers off.
# Then the image's /var/crash is read on the host (debugfs) and judged.
# Modes:
#   plain     the runs in DISTRO_RUNS (default: stock limbo stock-storm
#             limbo-storm; -storm: NMIs through QMP from the panic line to
#             the next kernel).  Every limbo run must save dump, dmesg with
#             the panic line and a sound report; the stock runs must save
#             dump and dmesg and no report, except that stock-storm is only
#             reported (a reset there is the failure limbo exists for).
#   secureboot  limbo's image on a GPT disk with an ESP (Debian's signed
#             shim, GRUB and kernel), booted by OVMF with Secure Boot on
#             (Microsoft's keys enrolled, SMM, q35): the kernel is locked
#             down, kdump-tools adds -s and kexec loads the crash kernel
#             with kexec_file_load, saying limbo is not in use and why.
#             Before the crash the step also runs kexec by hand: without
#             -s (kexec_load refused: EACCES from IMA's Secure Boot policy,
#             which the kernel asks before lockdown; kexec loads again
#             with kexec_file_load), and with LIMBO_PURGATORY=strict (no
#             crash kernel, a non-zero exit), then kdump-config load
#             again.  The dump must be saved, and limbo-report must say
#             there is none.
#             (It replaces a lockdown=integrity mode on the BIOS guest,
#             which could not load a crash kernel at all: that kernel
#             refuses kexec_file_load of an image whose signature it
#             cannot check, and Debian's key reaches it only through shim.)
# Root, about 3 GiB per image in OUT_DIR, 5-10 minutes per run under TCG.
# LIMBO_GUEST_WRAP: a command every QEMU run goes through (a scheduler of
# guest slots, say); LIMBO_DISTRO_REUSE=1: keep the images of an earlier run
# (OUT_DIR/img-*), e.g. to run DISTRO_RUNS one at a time.
# Prints each run's phase times and a summary; ends with "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
debs=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
mode=${3:-plain}
cache=$top/.cache/distro
base=$cache/bookworm-kdump.tar
base_efi=$cache/bookworm-kdump-efi.tar
# OVMF's Secure Boot build, and its variables with Microsoft's keys enrolled
ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.ms.fd
export LC_ALL=C.UTF-8
case $mode in
plain) runs=${DISTRO_RUNS:-stock limbo stock-storm limbo-storm} ;;
secureboot) runs=limbo-secureboot ;;
*) echo "mode: plain or secureboot" >&2; exit 2 ;;
esac
# the image each run boots
image_of() {
	case $1 in
	*-secureboot) echo limbo-sb ;;
	*) echo "${1%%-*}" ;;
	esac
}

pass=0
fail=0
check() {	# check WHAT COMMAND...
	what=$1
	shift
	if "$@"; then pass=$((pass + 1)); echo "ok: $what"; else fail=$((fail + 1)); echo "FAIL: $what"; fi
}

host_pkgs="mmdebstrap e2fsprogs qemu-system-x86"
[ "$mode" = secureboot ] && host_pkgs="$host_pkgs ovmf fdisk dosfstools mtools"
for p in $host_pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || apt-get install -y -q --no-install-recommends "$p"
done

# ---- a bootable bookworm with kdump-tools, once ----------------------------------
if [ ! -s "$base" ]; then
	mkdir -p "$cache"
	t0=$(date +%s)
	# The chroot cannot see the guest's disk, so initramfs-tools cannot
	# choose modules (MODULES=dep, which kdump-tools' kernel hook switches
	# "most" to, fails): both initrds take a list, set before the kernel
	# is installed.  Nothing else is configured.
	nice -n 19 mmdebstrap --variant=minbase --mode=root \
		--include=systemd-sysv,udev,kmod,procps,linux-image-amd64,initramfs-tools,kdump-tools,makedumpfile,kexec-tools \
		--essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"
			echo MODULES=list > "$1/etc/initramfs-tools/conf.d/limbo-distro"
			printf "virtio_pci\nvirtio_blk\next4\n" > "$1/usr/share/initramfs-tools/modules.d/limbo-distro"' \
		bookworm "$cache/tmp-bookworm-kdump.tar" \
		"deb http://deb.debian.org/debian bookworm main" \
		"deb http://deb.debian.org/debian bookworm-updates main" \
		"deb http://deb.debian.org/debian-security bookworm-security main"
	mv "$cache/tmp-bookworm-kdump.tar" "$base"
	echo "image build (mmdebstrap): $(($(date +%s) - t0)) s"
fi
# ---- the same with what a Secure Boot machine boots through, once -----------------
# Debian's signed shim and GRUB (linux-image-amd64 is the signed kernel
# already).  Only the -bin GRUB: the image is not a booted system, so
# nothing runs grub-install; run.sh lays the ESP out itself.
if [ "$mode" = secureboot ] && [ ! -s "$base_efi" ]; then
	t0=$(date +%s)
	tmp=$cache/tmp-efi-root
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xf "$base" -C "$tmp"
	cp /etc/resolv.conf "$tmp/etc/resolv.conf"
	printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
	chmod +x "$tmp/usr/sbin/policy-rc.d"
	{ chroot "$tmp" apt-get update -q &&
	  chroot "$tmp" env DEBIAN_FRONTEND=noninteractive nice -n 10 apt-get install -y -q \
		--no-install-recommends shim-signed grub-efi-amd64-signed grub-efi-amd64-bin; } \
		> "$cache/efi-apt.log" 2>&1 || { cat "$cache/efi-apt.log"; exit 1; }
	rm -f "$tmp/usr/sbin/policy-rc.d"
	chroot "$tmp" apt-get clean
	tar -cf "$cache/tmp-bookworm-kdump-efi.tar" -C "$tmp" .
	rm -rf "$tmp"
	mv "$cache/tmp-bookworm-kdump-efi.tar" "$base_efi"
	echo "image build (shim, GRUB on the cached image): $(($(date +%s) - t0)) s"
fi

# ---- one image per variant: OUT/img-VARIANT/{disk.img,vmlinuz,initrd.img} -------
# The step service the test adds; it marks each point on the console.
write_step() {
	cat > "$1/usr/local/sbin/limbo-distro-step" <<'EOF'
#!/bin/sh
# limbo's distro test: one step per boot, marked on the console
exec > /dev/ttyS0 2>&1
state=/var/lib/limbo-distro
mkdir -p $state
if [ ! -e $state/crashed ]; then
	# After=kdump-tools.service (a oneshot): its load has ended by now
	n=0
	until [ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ]; do
		n=$((n + 1))
		if [ $n -gt 10 ]; then
			echo "=== limbo-distro: no crash kernel"
			journalctl -b -u kdump-tools --no-pager -o cat
			systemctl poweroff
			exit 0
		fi
		sleep 1
	done
	a=$(systemctl show -P ExecMainStartTimestampMonotonic kdump-tools)
	b=$(systemctl show -P ExecMainExitTimestampMonotonic kdump-tools)
	echo "=== limbo-distro: crash kernel loaded uptime=$(cut -d' ' -f1 /proc/uptime) load_us=$((b - a))"
	echo "=== kdump-config show"
	kdump-config show
	echo "=== journal kdump-tools"
	journalctl -b -u kdump-tools --no-pager -o cat
	[ -x /usr/local/sbin/limbo-distro-hand ] && /usr/local/sbin/limbo-distro-hand
	echo "=== limbo-distro: crash"
	touch $state/crashed
	sync
	echo c > /proc/sysrq-trigger
else
	echo "=== limbo-distro: var-crash"
	ls -lR /var/crash
	for f in /var/crash/2*/limbo-report.txt; do
		[ -e "$f" ] && { echo "=== $f"; cat "$f"; }
	done
	echo "=== limbo-distro: done"
	sync
	systemctl poweroff
fi
EOF
	chmod +x "$1/usr/local/sbin/limbo-distro-step"
	cat > "$1/etc/systemd/system/limbo-distro-step.service" <<'EOF'
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
	chroot "$1" systemctl enable limbo-distro-step.service >/dev/null 2>&1
	# no login on the console: agetty's vhangup() cuts the step's output
	# off mid-run (seen under Secure Boot, where the step runs longer)
	chroot "$1" systemctl mask serial-getty@ttyS0.service >/dev/null 2>&1
}

# Secure Boot images: kexec by hand before the crash, each command marked
# with its exit status and whether a crash kernel is loaded afterwards
write_hand() {
	cat > "$1/usr/local/sbin/limbo-distro-hand" <<'EOF'
#!/bin/sh
# limbo's distro test under Secure Boot: kexec by hand, before the crash
hand() {	# hand NAME COMMAND...
	name=$1
	shift
	echo "=== limbo-distro: hand $name: $*"
	n=$(dmesg -t | wc -l)
	"$@" > /tmp/limbo-hand.out 2>&1
	rc=$?
	sed 's/^/  | /' /tmp/limbo-hand.out
	# what the kernel said meanwhile
	dmesg -t | tail -n +$((n + 1)) | sed 's/^/  | kernel: /'
	echo "=== limbo-distro: hand $name: exit=$rc loaded=$(cat /sys/kernel/kexec_crash_loaded)"
}
echo "=== limbo-distro: lockdown: $(cat /sys/kernel/security/lockdown)"
echo "=== limbo-distro: mokutil: $(mokutil --sb-state 2>&1 | tr '\n' ' ')"
# the command kdump-tools ran at boot (kdump-config keeps it)
cmd=$(cat /var/crash/kexec_cmd)
echo "=== limbo-distro: kdump-tools ran: $cmd"
nos=$(echo "$cmd" | sed 's/ -s / /')
hand unload kdump-config unload
# kexec_load first: lockdown refuses it, kexec goes on with kexec_file_load
hand no-s sh -c "$nos"
hand unload kdump-config unload
# strict: no crash kernel rather than one without limbo's purgatory
hand strict sh -c "LIMBO_PURGATORY=strict $nos"
hand strict-s sh -c "LIMBO_PURGATORY=strict $cmd"
# leave the crash kernel as kdump-tools loads it
hand reload kdump-config load
EOF
	chmod +x "$1/usr/local/sbin/limbo-distro-hand"
}

# A GPT disk as a Secure Boot machine has it: an ESP with Debian's signed
# shim as the removable-media loader (\EFI\BOOT\BOOTX64.EFI, which OVMF
# boots with no boot entry) and signed GRUB next to it (shim loads
# grubx64.efi from its own directory, verifying Debian's signature), then
# the root file system.  grub.cfg goes where signed GRUB looks (its prefix
# /EFI/debian on the ESP it came from); the kernel it loads is verified by
# shim in turn.
esp_mib=64
root_mib=3072
make_efi_disk() {	# make_efi_disk ROOT DIR KVER APPEND
	esp=$2/esp.img
	cfg=$2/grub.cfg
	lib=$1/usr/lib
	printf 'set timeout=0\nset root=(hd0,gpt2)\nlinux /boot/vmlinuz-%s %s\ninitrd /boot/initrd.img-%s\nboot\n' \
		"$3" "$4" "$3" > "$cfg"
	rm -f "$esp"
	mkfs.vfat -n ESP -C "$esp" $((esp_mib * 1024)) >/dev/null
	mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/EFI/debian
	mcopy -i "$esp" "$lib/shim/shimx64.efi.signed" ::/EFI/BOOT/BOOTX64.EFI
	mcopy -i "$esp" "$lib/grub/x86_64-efi-signed/grubx64.efi.signed" ::/EFI/BOOT/grubx64.efi
	mcopy -i "$esp" "$cfg" ::/EFI/debian/grub.cfg
	mcopy -i "$esp" "$cfg" ::/EFI/BOOT/grub.cfg
	# 1 MiB for the GPT, the ESP, the root, 1 MiB for the backup GPT
	rm -f "$2/disk.img"
	truncate -s $((esp_mib + root_mib + 2))M "$2/disk.img"
	printf 'label: gpt\nstart=1MiB, size=%sMiB, type=uefi, name=ESP\nsize=%sMiB, type=linux, name=root\n' \
		"$esp_mib" "$root_mib" | sfdisk -q "$2/disk.img"
	dd if="$esp" of="$2/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none
	off=$(((1 + esp_mib) * 1024 * 1024))
	mkfs.ext4 -q -L root -E offset=$off,nodiscard -d "$1" "$2/disk.img" ${root_mib}M
	echo "$off" > "$2/root-offset"
	rm -f "$esp"
	check "$(basename "$2"): the disk's GPT is sound" sfdisk -q -V "$2/disk.img"
}

make_image() {	# make_image VARIANT
	dir=$out/img-$1
	root=$dir/root
	if [ -n "${LIMBO_DISTRO_REUSE:-}" ] && [ -s "$dir/disk.img" ]; then
		echo "$1: reusing $dir (LIMBO_DISTRO_REUSE)"
		return 0
	fi
	t0=$(date +%s)
	rm -rf "$dir"
	mkdir -p "$root"
	case $1 in
	*-sb) tar -xf "$base_efi" -C "$root" ;;
	*) tar -xf "$base" -C "$root" ;;
	esac
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	case $1 in limbo*) with_limbo=yes ;; *) with_limbo=no ;; esac
	if [ $with_limbo = yes ]; then
		printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
		chmod +x "$root/usr/sbin/policy-rc.d"
		mkdir -p "$root/debs"
		kd=$(basename "$(ls "$debs"/kexec-tools_*+limbo*_amd64.deb)")
		ld=$(basename "$(ls "$debs"/limbo_*_amd64.deb)")
		cp "$debs/$kd" "$debs/$ld" "$root/debs/"
		chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "/debs/$kd" "/debs/$ld" \
			> "$dir/apt.log" 2>&1 || { cat "$dir/apt.log"; return 1; }
		rm -rf "$root/usr/sbin/policy-rc.d" "$root/debs"
	fi
	kver=$(ls "$root/lib/modules" | head -n 1)
	rootdev=/dev/vda
	case $1 in *-sb) rootdev=/dev/vda2 ;; esac
	echo "$rootdev / ext4 defaults 0 1" > "$root/etc/fstab"
	echo "limbo-distro-$1" > "$root/etc/hostname"
	sed -i 's/^USE_KDUMP=.*/USE_KDUMP=1/' "$root/etc/default/kdump-tools"
	chroot "$root" passwd -d root >/dev/null
	write_step "$root"
	case $1 in *-sb) write_hand "$root" ;; esac
	# kdump-tools makes its initrd when a kernel is installed after it (not
	# so in this image) or in its first kdump-config load: make it now, as
	# a kernel update would, so that boot 1 times the load alone
	chroot "$root" /etc/kernel/postinst.d/kdump-tools "$kver" > "$dir/initramfs.log" 2>&1 ||
		{ cat "$dir/initramfs.log"; return 1; }
	chroot "$root" lsinitramfs "/var/lib/kdump/initrd.img-$kver" > "$dir/kdump-initrd.txt"
	chroot "$root" lsinitramfs "/boot/initrd.img-$kver" > "$dir/initrd.txt"
	check "$1: kdump-tools built its kdump initrd" grep -q 'etc/kdump/sysctl.conf' "$dir/kdump-initrd.txt"
	# init runs only the scripts in each scripts/*/ORDER that mkinitramfs wrote
	rm -rf "$root/tmp/kd"
	chroot "$root" unmkinitramfs "/var/lib/kdump/initrd.img-$kver" /tmp/kd
	cp "$root/tmp/kd/scripts/init-bottom/ORDER" "$dir/kdump-init-bottom.ORDER"
	if [ $with_limbo = yes ]; then
		check "$1: kdump initrd has limbo-report" grep -q 'usr/bin/limbo-report' "$dir/kdump-initrd.txt"
		check "$1: kdump initrd runs limbo's init-bottom script" \
			grep -q '^/scripts/init-bottom/limbo-report ' "$dir/kdump-init-bottom.ORDER"
	else
		check "$1: kdump initrd has no limbo-report" sh -c "! grep -q limbo-report '$dir/kdump-initrd.txt'"
	fi
	check "$1: regular initrd listed" grep -q 'usr/bin/' "$dir/initrd.txt"
	check "$1: regular initrd has no limbo-report binary" sh -c "! grep -q 'bin/limbo-report' '$dir/initrd.txt'"
	chroot "$root" dpkg-query -W kexec-tools limbo 2>/dev/null | sed "s/^/$1: /" || true
	cp "$root/boot/vmlinuz-$kver" "$dir/vmlinuz"
	cp "$root/boot/initrd.img-$kver" "$dir/initrd.img"
	case $1 in
	*-sb) make_efi_disk "$root" "$dir" "$kver" "root=$rootdev $guest_append" ;;
	*) mkfs.ext4 -q -L root -d "$root" "$dir/disk.img" 3G ;;
	esac
	rm -rf "$root"
	echo "$1: image made in $(($(date +%s) - t0)) s"
}

# ---- judging a run from its disk and console ----------------------------------------
# the 12-digit directories kdump-config made under /var/crash
stamps() {
	debugfs -R "ls -p /var/crash" "$1" 2>/dev/null |
		awk -F/ '$3 ~ /^0?40/ && $6 ~ /^[0-9]+$/ && length($6) == 12 { print $6 }'
}
in_image() {	# in_image DISK PATH: the file's contents on stdout
	debugfs -R "cat $2" "$1" 2>/dev/null
}
has_file() {
	debugfs -R "ls -p $(dirname "$2")" "$1" 2>/dev/null |
		awk -F/ -v n="$(basename "$2")" '$6 == n && $7 > 0 { f = 1 } END { exit !f }'
}
# makedumpfile's output: kdump-compressed ("KDUMP   "), or flattened
# ("makedumpfile"), which is what kdump-config's pipe to compress() makes
is_kdump() {
	debugfs -R "dump $2 $3" "$1" >/dev/null 2>&1
	[ "$(head -c 5 "$3")" = KDUMP ] || [ "$(head -c 12 "$3")" = makedumpfile ]
}
report_is_sound() {	# the JSON decodes: no problem, exit 0, every segment verified
	python3 - "$1" 2>/dev/null <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r.get("problems", {}).get("list") == [] and
	 r.get("exit_code") == 0 and
	 r.get("verification", {}).get("result") == "ok" else 1)
EOF
}
report_is_absent() {
	python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])).get("limbo_report_exit") != 2)' "$1" 2>/dev/null
}
# both kernels' command line after root= (the dump kernel's is kdump-tools'
# copy of it)
guest_append="rw console=ttyS0 crashkernel=384M panic=10"
summary=$out/summary.txt

# the lines of the console log from the first line with FROM to the next
# one with TO (both included)
section() {	# section LOG FROM TO
	awk -v a="$2" -v b="$3" 'index($0, a) { on = 1 } on { print } on && index($0, b) { exit }' "$1"
}
in_section() {	# in_section LOG FROM TO TEXT
	section "$1" "$2" "$3" | grep -q -F -- "$4"
}
hand_ended() {	# hand_ended LOG NAME "exit=0 loaded=1": NAME's last result
	grep -a -F "=== limbo-distro: hand $2: exit=" "$1" | tail -n 1 | grep -q -F -- ": $3"
}
hand_failed() {	# hand_failed LOG NAME: a non-zero exit, no crash kernel after it
	grep -a -F "=== limbo-distro: hand $2: exit=" "$1" | tail -n 1 | tr -d '\r' |
		grep -q -E ': exit=[1-9][0-9]* loaded=0$'
}
# Secure Boot: what the first kernel, kdump-tools and kexec did before the
# crash (the console of boot 1)
judge_secureboot() {
	sb="secureboot"
	nis="limbo: NOT in use for this crash kernel:"
	check "$sb: the kernel saw Secure Boot on" has "Secure boot enabled"
	check "$sb: the kernel locked itself down for it" \
		has "Kernel is locked down from EFI Secure Boot"
	check "$sb: /sys/kernel/security/lockdown is integrity" \
		has "=== limbo-distro: lockdown: none [integrity] confidentiality"
	check "$sb: mokutil says Secure Boot is enabled" has "=== limbo-distro: mokutil: SecureBoot enabled"
	check "$sb: kdump-tools added -s (kexec_file_load) itself" \
		grep -q -E '=== limbo-distro: kdump-tools ran: [^ ]*kexec -p -s ' "$log"
	check "$sb: at boot kexec said limbo is not in use, and why" \
		in_section "$log" "=== journal kdump-tools" "=== limbo-distro: hand" \
		"$nis -s asks for kexec_file_load, which always runs the kernel's own purgatory"
	check "$sb: at boot kdump-tools said it loaded the crash kernel" \
		in_section "$log" "=== journal kdump-tools" "=== limbo-distro: hand" "loaded kdump kernel"
	check "$sb: by hand, kexec -p without -s: kexec_load refused, kexec said so" \
		in_section "$log" "=== limbo-distro: hand no-s:" "=== limbo-distro: hand no-s: exit=" \
		"$nis kexec_load refused with EACCES (a security policy: IMA under Secure Boot asks for kexec_file_load); loading it with kexec_file_load"
	check "$sb: by hand, the kernel refused kexec_load (IMA's Secure Boot policy)" \
		in_section "$log" "=== limbo-distro: hand no-s:" "=== limbo-distro: hand no-s: exit=" \
		"kernel: ima: impossible to appraise a kernel image without a file descriptor"
	check "$sb: by hand, kexec -p without -s loaded it with kexec_file_load" \
		hand_ended "$log" no-s "exit=0 loaded=1"
	check "$sb: by hand, strict without -s: kexec said why it refused" \
		in_section "$log" "=== limbo-distro: hand strict:" "=== limbo-distro: hand strict: exit=" \
		"limbo: purgatory=strict: kexec_load refused with EACCES (a security policy: IMA under Secure Boot asks for kexec_file_load); no crash kernel loaded"
	check "$sb: by hand, strict without -s: non-zero exit, no crash kernel" \
		hand_failed "$log" strict
	check "$sb: by hand, strict with -s: kexec said why it refused" \
		in_section "$log" "=== limbo-distro: hand strict-s:" "=== limbo-distro: hand strict-s: exit=" \
		"limbo: purgatory=strict (from \$LIMBO_PURGATORY): refusing to load the crash kernel: -s asks for kexec_file_load"
	check "$sb: by hand, strict with -s: non-zero exit, no crash kernel" \
		hand_failed "$log" strict-s
	check "$sb: kdump-config load again: limbo not in use, and why" \
		in_section "$log" "=== limbo-distro: hand reload:" "=== limbo-distro: hand reload: exit=" \
		"$nis -s asks for kexec_file_load"
	check "$sb: kdump-config load again: the crash kernel is loaded" \
		hand_ended "$log" reload "exit=0 loaded=1"
}
: > "$summary"

one_run() {	# one_run NAME
	name=$1
	variant=$(image_of "$name")
	rdir=$out/run-$name
	rm -rf "$rdir"
	mkdir -p "$rdir"
	img=$out/img-$variant
	cp --sparse=always "$img/disk.img" "$rdir/disk.img"
	append="root=/dev/vda $guest_append"
	extra=
	case $name in
	*-storm) extra=--storm ;;
	*-secureboot)
		# the firmware boots the ESP; its variables are this run's
		cp "$ovmf_vars" "$rdir/OVMF_VARS.fd"
		extra="--uefi $ovmf_code $rdir/OVMF_VARS.fd"
		append=-
		;;
	esac
	echo "=== run $name"
	# shellcheck disable=SC2086 # a command and its arguments
	${LIMBO_GUEST_WRAP:-} "$here/guest.py" "$rdir" "$img/vmlinuz" "$img/initrd.img" "$rdir/disk.img" \
		"$append" $extra || true
	log=$rdir/serial.log
	has() { grep -q -F -- "$1" "$log"; }
	disk=$rdir/disk.img
	# the root file system of a partitioned disk, as debugfs opens it
	[ -s "$img/root-offset" ] && disk="$disk?offset=$(cat "$img/root-offset")"
	stamp=$(stamps "$disk" | tail -n 1)
	d=/var/crash/$stamp
	in_image "$disk" "$d/limbo-report.json" > "$rdir/limbo-report.json" || true
	in_image "$disk" "$d/limbo-report.txt" > "$rdir/limbo-report.txt" || true
	in_image "$disk" "$d/dmesg.$stamp" > "$rdir/dmesg.txt" || true
	saved=no
	[ -n "$stamp" ] && has_file "$disk" "$d/dump.$stamp" && saved=yes

	check "$name: boot 1 loaded the crash kernel through kdump-tools" \
		has "=== limbo-distro: crash kernel loaded"
	case $name in
	limbo|limbo-storm)
		check "$name: kexec said limbo's purgatory loaded it" \
			has "limbo: crash kernel loaded with limbo's purgatory"
		;;
	stock|stock-storm)
		check "$name: no limbo line from Debian's kexec" sh -c "! grep -q 'limbo:' '$log'"
		;;
	limbo-secureboot)
		judge_secureboot
		;;
	esac
	if ! has "=== limbo-distro: crash kernel loaded"; then
		# the check above failed: nothing after it can be judged
		echo "$name: no crash kernel, no crash: the rest of this run is not judged"
		echo "$name: no crash kernel loaded" >> "$summary"
		rm -f "$rdir/disk.img"
		return 0
	fi
	check "$name: the crash happened" has "sysrq: Trigger a crash"
	if [ "$name" = stock-storm ]; then
		# only reported: what the stock purgatory does under NMIs
		echo "$name: dump saved: $saved (stock purgatory under an NMI storm: reported, not asserted)"
	else
		check "$name: /var/crash/<stamp>/ made" test -n "$stamp"
		check "$name: dump.$stamp saved" test "$saved" = yes
		check "$name: dump.$stamp is makedumpfile's format" is_kdump "$disk" "$d/dump.$stamp" "$rdir/dump.head"
		check "$name: dmesg.$stamp has the panic line" \
			grep -q "Kernel panic - not syncing: sysrq triggered crash" "$rdir/dmesg.txt"
		check "$name: boot 2 ran (the dump kernel rebooted by itself)" has "=== limbo-distro: done"
	fi
	case $name in
	limbo|limbo-storm)
		check "$name: the dump kernel's initrd decoded a sound report" \
			has "limbo: report: sound, no problem recorded"
		check "$name: limbo-report.json saved, no problem" report_is_sound "$rdir/limbo-report.json"
		check "$name: limbo-report.txt saved" test -s "$rdir/limbo-report.txt"
		;;
	limbo-secureboot)
		check "$name: the dump kernel's initrd found no report" \
			has "limbo: report: none (this crash kernel was not loaded with limbo's purgatory)"
		check "$name: limbo-report.json says there is no report" \
			report_is_absent "$rdir/limbo-report.json"
		;;
	stock)
		check "$name: no limbo-report.json (limbo not installed)" \
			test ! -s "$rdir/limbo-report.json"
		;;
	esac
	nmis=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["nmis_injected"])' \
		"$rdir/result.json" 2>/dev/null || echo "?")
	load_us=$(sed -n 's/.*load_us=\([0-9]*\).*/\1/p' "$log" | head -n 1)
	python3 - "$name" "$rdir/result.json" "$saved" "${stamp:-none}" "${load_us:-?}" \
		"$rdir/limbo-report.json" >> "$summary" <<'EOF'
import json, sys
name, res, saved, stamp, load_us, rep = sys.argv[1:]
r = json.load(open(res))
p = r["phases"]
try:
	j = json.load(open(rep))
	if "limbo_report_exit" in j:
		verdict = "none (exit %s)" % j["limbo_report_exit"]
	else:
		probs = j.get("problems", {}).get("list")
		verdict = "sound" if probs == [] else "problems: %s" % probs
		nm = j.get("nmi", {}).get("count")
		if nm is not None:
			verdict += ", purgatory counted %s NMIs" % nm
except (OSError, ValueError):
	verdict = "-"
f = lambda v: "-" if v is None else "%.1f" % v
print("%-14s dump saved: %-3s stamp %-12s report: %s" % (name, saved, stamp, verdict))
print("%-14s boot->loaded %s s, kdump-config load %s ms, crash->dump kernel %s s, "
      "->dump init %s s, ->dump saved %s s, NMIs injected %d, QEMU ended by itself: %s" % (
	"", f(p["boot_to_kdump_loaded"]),
	"%.0f" % (int(load_us) / 1000) if load_us.isdigit() else "?",
	f(p["crash_to_dump_kernel"]), f(p["crash_to_dump_kernel_init"]),
	f(p["crash_to_dump_saved"]), r["nmis_injected"], r["qemu_ended_by_itself"]))
EOF
	echo "$name: NMIs injected: $nmis"
	# what the guest saved stays for reading: OUT/run-NAME/crash/
	debugfs -R "rdump /var/crash $rdir" "$disk" >/dev/null 2>&1 || true
	rm -f "$rdir/disk.img" "$rdir/dump.head"
}

variants=""
for r in $runs; do
	v=$(image_of "$r")
	case " $variants " in *" $v "*) ;; *) variants="$variants $v" ;; esac
done
for v in $variants; do
	make_image "$v"
done
for r in $runs; do
	one_run "$r"
done
echo "=== summary (seconds since QEMU started / between console lines)"
cat "$summary"
echo "test-distro ($mode): $pass passed, $fail failed"
[ "$fail" = 0 ]
