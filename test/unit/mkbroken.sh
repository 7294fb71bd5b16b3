#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# mkbroken.sh OUTDIR GOOD-PURGATORY
# Builds objects that each break one rule of the kexec purgatory ABI,
# for test_elfcheck (good.ro is the same template built correctly), and
# copies of GOOD-PURGATORY with one field kexec's ELF loader trusts made
# bad.  fuzz_elfrel starts from all of them.
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

# ---- the real purgatory with one field kexec's loader trusts made bad ------
# Each variant names the field it breaks; test_elfcheck.c expects elfcheck
# to name it too.  Offsets come from <elf.h>'s Elf64_Ehdr/Shdr/Sym/Rela.

# le FILE OFFSET BYTES VALUE: store VALUE (64-bit shell arithmetic) little-endian
le() {
	s=
	i=0
	while [ $i -lt "$3" ]; do
		s="$s\\$(printf %03o $(( ($4 >> (8 * i)) & 255 )))"
		i=$((i + 1))
	done
	printf "$s" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# rd FILE OFFSET BYTES: read an unsigned little-endian value
rd() {
	od -An -t u"$3" -j "$2" -N "$3" "$1" | tr -d ' \n'
}
secidx() {	# the index of section NAME in the real purgatory
	readelf -SW "$real" | sed -n 's/^ *\[ *\([0-9]*\)\] \([^ ]*\) .*/\1 \2/p' |
		awk -v n="$1" '$2 == n { print $1 }'
}
symidx() {	# the index of symbol NAME
	readelf -sW "$real" | awk -v n="$1" '$8 == n { sub(":", "", $1); print $1; exit }'
}
variant() {	# NAME: a fresh copy of the real purgatory to break
	v="$out/$1.ro"
	cp "$real" "$v"
}

shoff=$(rd "$real" 40 8)		# e_shoff
shnum=$(rd "$real" 60 2)		# e_shnum
sh() {		# INDEX FIELD-OFFSET: where a section header field is
	echo $((shoff + 64 * $1 + $2))
}
text=$(secidx .text)
rtext=$(secidx .rela.text)
rdata=$(secidx .rela.data)
data=$(secidx .data)
bss=$(secidx .bss)
symtab=$(secidx .symtab)
strtab=$(secidx .strtab)
rela0=$(rd "$real" "$(sh "$rtext" 24)" 8)	# .rela.text entry 0
sym0=$(rd "$real" "$(sh "$symtab" 24)" 8)
ent=$(symidx entry64_regs)
esym=$((sym0 + 24 * ent))			# its Elf64_Sym

# r_offset far outside .text, and one byte short of room for a PC32
variant reloc_offset
le "$v" "$rela0" 8 $((0x100000))
variant reloc_edge
le "$v" "$rela0" 8 $(( $(rd "$real" "$(sh "$text" 32)" 8) - 1 ))
le "$v" $((rela0 + 8)) 4 2			# R_X86_64_PC32: 4 bytes
# r_sym past the symbol table
variant reloc_sym
le "$v" $((rela0 + 12)) 4 $((0xfffffff))
# sh_link not the symbol table; sh_info = e_shnum (kexec tests "> e_shnum")
variant reloc_link
le "$v" "$(sh "$rtext" 40)" 4 0
variant reloc_info
le "$v" "$(sh "$rtext" 44)" 4 "$shnum"
# relocations applied to .bss, which has no bytes in the file
variant reloc_bss
le "$v" "$(sh "$rdata" 44)" 4 "$bss"
# a PC32 against an absolute symbol (the first ABS one, a FILE symbol)
variant reloc_abs
le "$v" $((rela0 + 8)) 4 2
le "$v" $((rela0 + 12)) 4 "$(readelf -sW "$real" | awk '$7 == "ABS" { sub(":", "", $1); print $1; exit }')"
# an unnamed symbol (.text's section symbol, 1) made absolute, then used
variant reloc_unnamed
le "$v" $((sym0 + 24 + 6)) 2 $((0xfff1))
le "$v" $((rela0 + 12)) 4 1
# .bss of nearly 2^64 bytes: the footprint sum wraps
variant bss_wrap
le "$v" "$(sh "$bss" 32)" 8 -16384
# .bss placed far past the end of the file (kexec still points at it)
variant bss_offset
le "$v" "$(sh "$bss" 24)" 8 $((0x7fffffff00000000))
# .data at an offset where kexec's offset + size check wraps
variant data_offset
le "$v" "$(sh "$data" 24)" 8 -16
# entry sizes kexec would step by
variant rela_entsize
le "$v" "$(sh "$rtext" 56)" 8 0
variant symtab_entsize
le "$v" "$(sh "$symtab" 56)" 8 16
# section alignments: not a power of two, larger than a page
variant align
le "$v" "$(sh "$data" 48)" 8 24
variant align_huge
le "$v" "$(sh "$data" 48)" 8 $((1 << 21))
# ELF header fields
variant shstrndx
le "$v" 62 2 "$shnum"
variant shentsize
le "$v" 58 2 40
variant ehsize
le "$v" 52 2 52
variant phnum
le "$v" 56 2 1
variant nullsec
le "$v" "$(sh 0 4)" 4 1
# entry64_regs: name past .strtab, section index e_shnum, value past .data
variant sym_name
le "$v" "$esym" 4 $((0x7fffffff))
variant sym_shndx
le "$v" $((esym + 6)) 2 "$shnum"
variant sym_value
le "$v" $((esym + 8)) 8 -16
# .strtab without its final NUL
variant strtab_nul
le "$v" $(( $(rd "$real" "$(sh "$strtab" 24)" 8) + $(rd "$real" "$(sh "$strtab" 32)" 8) - 1 )) 1 120
# a note whose name runs past its section (namesz 256 in 16 bytes)
printf '\000\001\000\000\000\000\000\000\001\000\000\000abc\000' > "$out/note.bin"
objcopy --add-section .note.bad="$out/note.bin" "$real" "$out/note.ro"
# relocations patching a loaded symbol table, which kexec reads afterwards
variant reloc_symtab
le "$v" "$(sh "$symtab" 8)" 8 2			# SHF_ALLOC
le "$v" "$(sh "$rdata" 44)" 4 "$symtab"
# entry64_regs inside .symtab: kexec's writes would land in its own tables
variant abi_section
le "$v" $((esym + 6)) 2 "$symtab"
le "$v" $((esym + 8)) 8 0
# .bss of 1 TiB: no wrap, but no purgatory either
variant bss_huge
le "$v" "$(sh "$bss" 32)" 8 $((1 << 40))
# section 0's name past the section names: kexec prints the null
# symbol's name through it (found by fuzz_elfrel)
variant sec0_name
le "$v" "$(sh 0 0)" 4 $((0x7fffffff))
# a second limbo_config (the last global symbol renamed), of the right
# size but in no section: its checks must not look the section up (found
# by fuzz_elfrel, in elfcheck itself)
variant dup_config
last=$(( sym0 + 24 * ($(rd "$real" "$(sh "$symtab" 32)" 8) / 24 - 1) ))
le "$v" "$last" 4 "$(rd "$real" $((sym0 + 24 * $(symidx limbo_config))) 4)"
le "$v" $((last + 6)) 2 $((0xff00))
le "$v" $((last + 16)) 8 464
