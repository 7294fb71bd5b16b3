#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh BENCH-BINARY [REPS]: SHA-256 MiB/s side by side in one run, and
# ratios against limbo's portable C.  OpenSSL is measured twice: as it
# is (SHA-NI when the CPU has it) and with SHA masked through
# OPENSSL_ia32cap (the second word is CPUID.7.0:EBX; bit 29 is SHA).
set -eu
bin=$1
reps=${2:-5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$bin" "" "$reps" > "$out"
OPENSSL_ia32cap=":~0x20000000" "$bin" openssl "$reps" | sed 's/^openssl /openssl-no-shani /' >> "$out"

echo "SHA-256, median of $reps runs, MiB/s (ratio to limbo-c at the same size)"
awk '
	$2 == "unsupported" { print "  " $1 ": unsupported on this CPU"; next }
	{ v[$1, $2] = $3; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 }; sz[$2] = 1 }
	END {
		printf "%-24s %14s %14s %14s\n", "implementation", "4 KiB", "1 MiB", "64 MiB"
		for (i = 0; i < n; i++) {
			name = order[i]
			printf "%-24s", name
			split("4096 1048576 67108864", s, " ")
			for (j = 1; j <= 3; j++) {
				base = v["limbo-c", s[j]]
				if ((name, s[j]) in v)
					printf " %7.0f %5.2fx", v[name, s[j]], base ? v[name, s[j]] / base : 0
				else
					printf " %14s", "-"
			}
			printf "\n"
		}
		ni = v["limbo-shani", 67108864]; os = v["openssl", 67108864]
		st = v["kexec-tools-purgatory", 67108864]; c = v["limbo-c", 67108864]
		if (ni && os) printf "limbo SHA-NI / OpenSSL (SHA-NI), 64 MiB: %.2fx (goal >= 0.9)\n", ni / os
		if (c && st) printf "limbo portable / kexec-tools purgatory C, 64 MiB: %.2fx (goal >= 1.0)\n", c / st
	}' "$out"
