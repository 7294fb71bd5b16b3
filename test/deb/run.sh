#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test/deb/run.sh DEB_DIR
#
# The packages make deb built, in a bookworm chroot (mmdebstrap
# --variant=minbase, cached as a tarball under .cache/deb/, unpacked
# afresh for each run): Debian's kexec-tools and kdump-tools from the
# archive, then the upgrade to limbo's kexec-tools + limbo, then limbo
# removed and kexec-tools taken back to Debian's.  Asserts versions,
# files, that kdump-tools stays installed and installable, that kexec
# runs, the kdump initrd hook and the dump-kernel report saver.
# Needs root (chroot) and Debian's archive.  Ends with "N passed, N failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
debs=$(cd "$1" && pwd)
cache=$top/.cache/deb
base=$cache/bookworm-minbase.tar
root=$top/build/deb-test/root
export LC_ALL=C.UTF-8

pass=0
fail=0
ok() {
	pass=$((pass + 1))
	echo "ok: $*"
}
nok() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}
# expect WHAT ACTUAL WANTED
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1: got '$2', want '$3'"; fi
}
in_root() {
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 HOME=/root "$@"
}
# yes when the command succeeds in the chroot
runs() {
	what=$1
	shift
	if in_root "$@" > "$root.log" 2>&1; then ok "$what"; else nok "$what"; sed 's/^/  | /' "$root.log" | tail -n 20; fi
}
version_of() {
	in_root dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo none
}
status_of() {
	in_root dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | tr -d ' ' || echo none
}

kexec_deb=$(ls "$debs"/kexec-tools_*_amd64.deb)
limbo_deb=$(ls "$debs"/limbo_*_amd64.deb)
ours=$(dpkg-deb -f "$kexec_deb" Version)
limbo_version=$(dpkg-deb -f "$limbo_deb" Version)
debian=${ours%+limbo*}

# ---- the installer's udeb (built, not installable with apt) -----------------------
udeb=$(ls "$debs"/kexec-tools-udeb_*_amd64.udeb 2>/dev/null || true)
if [ -n "$udeb" ]; then
	ok "kexec-tools-udeb built"
	expect "kexec-tools-udeb version" "$(dpkg-deb -f "$udeb" Version)" "$ours"
	# every dependency a udeb, but Xen's library, as in Debian's own udeb
	bad=$(dpkg-deb -f "$udeb" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' |
		grep -Ev -- '-udeb$|^libxenmisc[0-9.]+$' || true)
	expect "kexec-tools-udeb depends on udebs only (and Debian's Xen library)" "$bad" ""
	mkdir -p "$top/build/deb-test/udeb"
	dpkg-deb -x "$udeb" "$top/build/deb-test/udeb"
	grep -q "/usr/lib/limbo/purgatory.ro" "$top/build/deb-test/udeb/sbin/kexec" &&
		ok "kexec-tools-udeb's kexec is limbo's" || nok "kexec-tools-udeb's kexec lacks the plugin"
	rm -rf "$top/build/deb-test/udeb"
else
	nok "kexec-tools-udeb not built"
fi

# ---- the base system, once ---------------------------------------------------
if [ ! -s "$base" ]; then
	command -v mmdebstrap >/dev/null || apt-get install -y -q --no-install-recommends mmdebstrap
	mkdir -p "$cache"
	t0=$(date +%s)
	mmdebstrap --quiet --variant=minbase --mode=root bookworm "$cache/tmp-bookworm-minbase.tar" \
		http://deb.debian.org/debian
	mv "$cache/tmp-bookworm-minbase.tar" "$base"
	echo "base tarball: $(($(date +%s) - t0)) s"
fi
rm -rf "$root"
mkdir -p "$root"
tar -xf "$base" -C "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# a bookworm machine as installed: with its updates and security suites
# (the packages are built against the build host's, security included)
rm -f "$root"/etc/apt/sources.list.d/*
cat > "$root/etc/apt/sources.list" <<EOF
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
# no service starts inside the chroot
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/debs"
cp "$kexec_deb" "$limbo_deb" "$root/debs/"
in_root apt-get update -q > "$root.log" 2>&1 || { cat "$root.log"; exit 1; }

# ---- Debian's own packages -----------------------------------------------------
echo "kexec-tools kexec-tools/load_kexec boolean false" | in_root debconf-set-selections
runs "install Debian's kexec-tools and kdump-tools" \
	apt-get install -y -q --no-install-recommends kexec-tools kdump-tools
expect "Debian's kexec-tools version" "$(version_of kexec-tools)" "$debian"
if dpkg --compare-versions "$ours" gt "$debian"; then
	ok "$ours sorts above $debian"
else
	nok "$ours does not sort above $debian"
fi

# ---- upgrade to limbo's ----------------------------------------------------------
runs "upgrade to limbo's kexec-tools + limbo" \
	apt-get install -y -q --no-install-recommends \
	"/debs/$(basename "$kexec_deb")" "/debs/$(basename "$limbo_deb")"
expect "kexec-tools version" "$(version_of kexec-tools)" "$ours"
expect "limbo version" "$(version_of limbo)" "$limbo_version"
expect "kdump-tools still installed" "$(status_of kdump-tools)" "ii"
runs "kdump-tools reinstallable (its kexec-tools dependency holds)" \
	apt-get install -y -q --no-install-recommends --reinstall kdump-tools
runs "dpkg --audit clean" dpkg --audit
runs "apt-get check" apt-get check
out=$(in_root kexec --version 2>&1) && ok "kexec --version runs" || nok "kexec --version: $out"
upstream=${debian#*:}
expect "kexec --version says" "$out" "kexec-tools ${upstream%%-*}"
in_root kexec --help 2>&1 | grep -q -- '--purgatory=FILE' &&
	ok "kexec --help has --purgatory" || nok "kexec --help lacks --purgatory"
# the default-purgatory code is in this kexec, pointing where limbo installs
grep -q "/usr/lib/limbo/purgatory.ro" "$root/sbin/kexec" &&
	grep -q "/etc/limbo/kexec.conf" "$root/sbin/kexec" &&
	ok "kexec has the default purgatory and its opt-out file" ||
	nok "kexec lacks the default purgatory"
in_root sh -c 'zcat /usr/share/man/man8/kexec.8.gz' | grep -q purgatory &&
	ok "kexec(8) documents --purgatory" || nok "kexec(8) lacks --purgatory"
for f in /usr/lib/limbo/purgatory.ro /usr/bin/limbo-check /usr/bin/limbo-report \
	/etc/limbo/kexec.conf /usr/share/initramfs-tools/hooks/limbo \
	/usr/share/initramfs-tools/scripts/init-bottom/limbo-report /usr/lib/limbo/kdump-save-report \
	/lib/systemd/system/kdump-tools-dump.service.d/limbo.conf \
	/lib/systemd/system/limbo-kdump-report.service \
	/usr/share/man/man5/limbo-kexec.conf.5.gz; do
	[ -f "$root$f" ] && ok "$f" || nok "$f missing"
done
for m in "$top"/docs/man/*.[1-8]; do
	[ -e "$m" ] || continue
	n=$(basename "$m")
	[ -f "$root/usr/share/man/man${n##*.}/$n.gz" ] && ok "man page $n" || nok "man page $n missing"
done
runs "limbo-check accepts the installed purgatory.ro" limbo-check /usr/lib/limbo/purgatory.ro
grep -q '^purgatory=limbo$' "$root/etc/limbo/kexec.conf" &&
	ok "kexec.conf: purgatory=limbo" || nok "kexec.conf has no purgatory=limbo line"
in_root dpkg-query -W -f='${Conffiles}' limbo | grep -q /etc/limbo/kexec.conf &&
	ok "kexec.conf is a conffile" || nok "kexec.conf is not a conffile"
# a later Debian kexec-tools must not silently drop the plugin under limbo
in_root dpkg-query -W -f='${Depends}' limbo | grep -q "kexec-tools-limbo (= $limbo_version)" &&
	ok "limbo depends on kexec-tools-limbo (= $limbo_version)" || nok "limbo's Depends"

# the kdump initrd hook: the kdump initrd only
runs "initramfs-tools-core" apt-get install -y -q --no-install-recommends initramfs-tools-core
mkdir -p "$root/tmp/kd" "$root/tmp/reg"
runs "hook, kdump initrd" env CONFDIR=/var/lib/kdump/initramfs-tools DESTDIR=/tmp/kd \
	verbose=n /usr/share/initramfs-tools/hooks/limbo
[ -x "$root/tmp/kd/usr/bin/limbo-report" ] &&
	ok "kdump initrd gets limbo-report" || nok "kdump initrd lacks limbo-report"
runs "hook, regular initrd" env CONFDIR=/etc/initramfs-tools DESTDIR=/tmp/reg \
	verbose=n /usr/share/initramfs-tools/hooks/limbo
[ -z "$(ls -A "$root/tmp/reg")" ] && ok "regular initrd untouched" || nok "regular initrd got files"

# the dump kernel's saver (limbo-kdump-report.service), with a stand-in
# vmcore, no report in "sysfs" and its own KDUMP_COREDIR
echo core > "$root/tmp/vmcore"
mkdir -p "$root/tmp/sys" "$root/tmp/crash/202001010000" "$root/tmp/crash/notastamp"
echo "KDUMP_COREDIR=/tmp/crash" > "$root/tmp/kdump-defaults"
saver() {	# saver RUN POLL: starts it; the watcher's pid in $root/RUN
	in_root env LIMBO_VMCORE=/tmp/vmcore LIMBO_RUN="$1" LIMBO_SYSFS=/tmp/sys \
		LIMBO_KDUMP_DEFAULTS=/tmp/kdump-defaults LIMBO_POLL="$2" \
		/usr/lib/limbo/kdump-save-report > "$root.log" 2>&1
}
gone() {	# gone PIDFILE SECONDS: the watcher ended within SECONDS
	pid=$(cat "$1" 2>/dev/null) || return 1
	n=0
	# a zombie has ended too (nothing may reap it soon in a container)
	while ps -o stat= -p "$pid" | grep -q '^[^Z]'; do
		[ $n -lt $(($2 * 10)) ] || return 1
		sleep 0.1
		n=$((n + 1))
	done
}
has_report() {
	[ -s "$1/limbo-report.json" ] && [ -s "$1/limbo-report.txt" ]
}
# kdump-config names the directory after the minute it starts in: a stamp
# no clock gives now proves the saver finds it rather than guesses it
saver /tmp/run 0.2
mkdir "$root/tmp/crash/209912312359"
gone "$root/tmp/run/kdump-save-report.pid" 10 &&
	ok "saver: the watcher ended once savecore's directory appeared" ||
	nok "saver: the watcher still runs"
has_report "$root/tmp/crash/209912312359" &&
	ok "saver: report saved in the directory savecore made" ||
	{ nok "saver: no report in /tmp/crash/209912312359"; cat "$root.log"; }
! has_report "$root/tmp/crash/202001010000" && ! has_report "$root/tmp/crash/notastamp" &&
	ok "saver: an earlier dump's directory is left alone" ||
	nok "saver: wrote into an earlier or foreign directory"
python3 -m json.tool "$root/tmp/crash/209912312359/limbo-report.json" > /dev/null 2>&1 &&
	ok "limbo-report.json is JSON" || nok "limbo-report.json is not JSON"
expect "limbo-report exit (no report)" "$(cat "$root/tmp/run/limbo-report.rc" 2>/dev/null)" 2
# kdump-tools reboots right after savecore: SIGTERM makes the watcher look
# at once (a 60 s interval would otherwise keep it asleep)
saver /tmp/run2 60
mkdir "$root/tmp/crash/209912312358"
kill -TERM "$(cat "$root/tmp/run2/kdump-save-report.pid")"
gone "$root/tmp/run2/kdump-save-report.pid" 5 &&
	has_report "$root/tmp/crash/209912312358" &&
	ok "saver: SIGTERM saves the report at once" || nok "saver: SIGTERM did not save the report"
# SIGTERM without any new directory: nothing written, the watcher ends
saver /tmp/run3 60
kill -TERM "$(cat "$root/tmp/run3/kdump-save-report.pid")"
gone "$root/tmp/run3/kdump-save-report.pid" 5 && [ ! -e "$root/tmp/run3/saved" ] &&
	ok "saver: no dump directory, nothing saved" || nok "saver: saved without a dump directory"
rm -rf "$root/tmp/crash"
in_root env LIMBO_VMCORE=/tmp/absent LIMBO_RUN=/tmp/run4 /usr/lib/limbo/kdump-save-report
[ ! -e "$root/tmp/run4" ] && [ -z "$(ls -d "$root"/var/crash/2* 2>/dev/null)" ] &&
	ok "no vmcore: the saver does nothing" || nok "the saver ran without a vmcore"
grep -q '^Wants=limbo-kdump-report.service$' \
	"$root/lib/systemd/system/kdump-tools-dump.service.d/limbo.conf" &&
	ok "kdump-tools-dump.service wants limbo-kdump-report.service" ||
	nok "kdump-tools-dump.service does not pull the saver in"

# ---- back to Debian's ----------------------------------------------------------------
in_root apt-get -s install -y --allow-downgrades "kexec-tools=$debian" 2>&1 |
	grep -q '^Remv limbo ' && ok "Debian's kexec-tools would take limbo out" ||
	nok "Debian's kexec-tools leaves limbo installed"
runs "remove limbo" apt-get remove -y -q limbo
expect "limbo removed" "$(status_of limbo)" "rc"
[ ! -e "$root/usr/lib/limbo/purgatory.ro" ] && ok "purgatory.ro gone" || nok "purgatory.ro left"
[ -f "$root/etc/limbo/kexec.conf" ] && ok "kexec.conf kept until purge" || nok "kexec.conf gone on remove"
runs "kexec without limbo still runs" kexec --version
runs "back to Debian's kexec-tools" \
	apt-get install -y -q --no-install-recommends --allow-downgrades "kexec-tools=$debian"
expect "kexec-tools version" "$(version_of kexec-tools)" "$debian"
expect "kdump-tools still installed" "$(status_of kdump-tools)" "ii"
runs "Debian's kexec --version" kexec --version
in_root kexec --help 2>&1 | grep -q -- '--purgatory=' &&
	nok "Debian's kexec still has --purgatory" || ok "Debian's kexec has no --purgatory"
runs "purge limbo" dpkg --purge limbo
[ ! -e "$root/etc/limbo" ] && ok "/etc/limbo purged" || nok "/etc/limbo left after purge"
runs "dpkg --audit clean" dpkg --audit

rm -rf "$root" "$root.log"
echo "test-deb: $pass passed, $fail failed"
[ "$fail" = 0 ]
