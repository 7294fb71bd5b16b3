#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# mkbroken.sh OUTDIR GOOD-PURGATORY
# Builds objects that each break one rule of the kexec purgatory ABI,
# for test_elfcheck.  good.ro is the same template built correctly.
set -eu
out=$1
real=$2
src=$(dirname "$0")/abi-template.c
mkdir -p "$out"
ok="-O2 -ffreestanding -fno-common -fno-zero-initialized-in-bss -fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only"

build() {	# name cflags...
	name=$1
	shift
	${CC:-gcc} $ok "$@" -c "$src" -o "$out/$name.o"
	${LD:-ld} -r -e purgatory_start -o "$out/$name.ro" "$out/$name.o"
}

build good -fpie -fvisibility=hidden
build pic -fPIC
build nopic -fno-pic -mcmodel=small
build bss -fpie -fvisibility=hidden -fzero-initialized-in-bss -DBREAK_BSS
build undef -fpie -fvisibility=hidden -DBREAK_UNDEF
build size -fpie -fvisibility=hidden -DBREAK_SIZE
build missing -fpie -fvisibility=hidden -DBREAK_MISSING

# Same bytes, wrong e_machine (EM_AARCH64 = 183 at offset 18, little endian).
cp "$out/good.ro" "$out/machine.ro"
printf '\267\000' | dd of="$out/machine.ro" bs=1 seek=18 conv=notrunc status=none
# ET_EXEC (2) instead of ET_REL (1) at offset 16.
cp "$out/good.ro" "$out/exec.ro"
printf '\002\000' | dd of="$out/exec.ro" bs=1 seek=16 conv=notrunc status=none
# The real purgatory cut in half.
head -c $(( $(stat -c %s "$real") / 2 )) "$real" > "$out/truncated.ro"
# A limbo purgatory whose plugin-written IDT mark is not global: a plugin
# would die in elf_rel_set_symbol; the check names it first.
objcopy --localize-symbol=limbo_idt_prebuilt "$real" "$out/noidtmark.ro"
# No .symtab: kexec finds nothing by name.
strip -s -o "$out/stripped.ro" "$out/good.ro"
printf 'this is not an object\n' > "$out/notelf.ro"
