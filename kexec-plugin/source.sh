# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by kexec-plugin/build.sh and packaging/deb/build.sh: the one
# place that knows where Debian's kexec-tools source comes from and which
# plugin files go into its kexec/limbo/.  Needs $top (the limbo tree).

# the Debian suite whose kexec-tools is VERSION
limbo_kexec_suite() {
	case $1 in
	2.0.25) echo bookworm ;;
	2.0.29) echo trixie ;;
	*) echo "kexec-tools $1 is not supported (2.0.25, 2.0.29)" >&2; return 1 ;;
	esac
}

# Downloads Debian's source package of kexec-tools VERSION once into
# .cache/kexec-src/dl-SUITE and prints its .dsc.
limbo_kexec_dsc() {
	_suite=$(limbo_kexec_suite "$1") || return 1
	_dl=$top/.cache/kexec-src/dl-$_suite
	if ! ls "$_dl"/kexec-tools_"$1"-*.dsc >/dev/null 2>&1; then
		"$top/kexec-plugin/apt-sources.sh" >&2
		mkdir -p "$_dl"
		(cd "$_dl" && apt-get source --download-only -q "kexec-tools/$_suite") >&2
	fi
	ls "$_dl"/kexec-tools_"$1"-*.dsc | sort -V | tail -n 1
}

# Copies the plugin into TREE/kexec/limbo/, TREE being kexec-tools with
# limbo's hook patch applied.  The sources are the ones the patched
# kexec/Makefile builds (the patch is their one list), from
# kexec-plugin/src or else lib/; every plugin and include/limbo header.
limbo_plugin_copy() {
	_tree=$1
	_files=$(sed -n 's|^KEXEC_SRCS_base += kexec/limbo/||p' "$_tree/kexec/Makefile")
	if [ -z "$_files" ]; then
		echo "$_tree/kexec/Makefile: no kexec/limbo/ sources (hook patch not applied?)" >&2
		return 1
	fi
	mkdir -p "$_tree/kexec/limbo/include/limbo"
	for _f in $_files; do
		if [ -e "$top/kexec-plugin/src/$_f" ]; then
			cp "$top/kexec-plugin/src/$_f" "$_tree/kexec/limbo/"
		elif [ -e "$top/lib/$_f" ]; then
			cp "$top/lib/$_f" "$_tree/kexec/limbo/"
		else
			echo "kexec/limbo/$_f: in neither kexec-plugin/src nor lib" >&2
			return 1
		fi
	done
	cp "$top"/kexec-plugin/src/*.h "$_tree/kexec/limbo/"
	cp "$top"/include/limbo/*.h "$_tree/kexec/limbo/include/limbo/"
}
