#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# check-object.sh OBJECT LIMBO-CHECK
# Fails the build when the purgatory object breaks the kexec-tools ABI
# (limbo-check), or when compiler-generated code uses SSE/AVX/MMX
# registers, which are #UD at purgatory entry (CR4.OSFXSR is clear).
set -eu
obj=$1
check=$2

# 64 KiB: the footprint budget (the stock purgatory loads 36 KiB)
"$check" --budget 65536 "$obj"

# Every instruction touching an xmm/ymm/zmm/mm register, by function.
sse=$(objdump -d --no-show-raw-insn "$obj" | awk '
	/^[0-9a-f]+ <.*>:$/ { fn = $2 }
	/%[xyz]mm[0-9]|%mm[0-7]|\<(ld|st)mxcsr\>|\<fx(save|rstor)/ {
		if (fn !~ /^<limbo_sha256_blocks_ni>:$/) print fn ": " $0
	}')
if [ -n "$sse" ]; then
	echo "$obj: SSE/AVX/MMX instructions outside the SHA-NI routine:" >&2
	echo "$sse" | head -n 20 >&2
	exit 1
fi
