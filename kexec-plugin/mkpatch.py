#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Regenerate kexec-plugin/patches/kexec-tools-VERSION-limbo.patch.

The patches only add hooks (the plugin's code is copied into kexec/limbo/
by build.sh), so they are written from this list of edits applied to
Debian's pristine source, which build.sh leaves in .cache/kexec-src/.
Every edit must match exactly once: a new kexec-tools version that moved
the code fails loudly here instead of producing a patch that half applies.

	kexec-plugin/mkpatch.py 2.0.25 2.0.29
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

# What build.sh copies into kexec/limbo/ and kexec builds from there.
PLUGIN_SRCS = [
	"limbo-kexec.c", "layout.c", "regions.c", "gather.c", "parse.c",
	"merge.c", "print.c", "options.c", "elfcheck.c", "fileio.c",
	"config.c", "tables.c", "sha256.c", "sha256_ni.S", "default.c", "default-kexec.c",
]

EDITS = [
	("kexec/kexec.h", '#define KEXEC_OPTIONS \\\n',
	 '#include "limbo/limbo-kexec.h"\n#define KEXEC_OPTIONS \\\n\tLIMBO_KEXEC_OPTIONS \\\n'),
	("kexec/kexec.c", "\t\tcase OPT_NOCHECKS:\n\t\t\tskip_checks = 1;\n\t\t\tbreak;\n",
	 "\t\tcase OPT_NOCHECKS:\n\t\t\tskip_checks = 1;\n\t\t\tbreak;\n"
	 "\t\tcase OPT_LIMBO_PURGATORY:\n\t\t\tlimbo_opt_purgatory(optarg);\n\t\t\tbreak;\n"
	 "\t\tcase OPT_LIMBO_PURGATORY_OPT:\n\t\t\tlimbo_opt_purgatory_opt(optarg);\n\t\t\tbreak;\n"),
	("kexec/kexec.c", "\tresult = arch_process_options(argc, argv);\n",
	 "\tresult = arch_process_options(argc, argv);\n"
	 "\tlimbo_default_purgatory(do_load, !!(kexec_flags & KEXEC_ON_CRASH),\n"
	 "\t\t\t\tdo_kexec_file_syscall, do_kexec_fallback);\n"
	 "\tlimbo_choose_syscall(&do_kexec_file_syscall, &do_kexec_fallback);\n"),
	# default-kexec.c: why kexec_load failed, before fprintf can touch errno
	("kexec/kexec.c",
	 "\tif (result != 0) {\n\t\t/* The load failed, print some debugging information */\n",
	 "\tif (result != 0) {\n\t\tlimbo_default_load_errno(errno);\n"
	 "\t\t/* The load failed, print some debugging information */\n"),
	# default-kexec.c: kexec_load refused under lockdown -> kexec_file_load
	("kexec/kexec.c",
	 "\t\tif (!do_kexec_file_syscall)\n\t\t\tresult = my_load(type, fileind, argc, argv,\n"
	 "\t\t\t\t\t\tkexec_flags, skip_checks, entry);\n",
	 "\t\tif (!do_kexec_file_syscall)\n\t\t\tresult = my_load(type, fileind, argc, argv,\n"
	 "\t\t\t\t\t\tkexec_flags, skip_checks, entry);\n"
	 "\t\tif (limbo_default_retry(result)) {\n"
	 "\t\t\topterr = 1;\n\t\t\toptind = 1;\n"
	 "\t\t\tresult = do_kexec_file_load(fileind, argc, argv,\n"
	 "\t\t\t\t\t\t    kexec_file_flags);\n\t\t}\n"),
	("kexec/kexec.c",
	 "\tresult = file_type[i].load(argc, argv, kernel_buf, kernel_size, &info);\n",
	 "\tlimbo_check_loader(file_type[i].name);\n"
	 "\tresult = file_type[i].load(argc, argv, kernel_buf, kernel_size, &info);\n"),
	("kexec/kexec.c", "\tarch_update_purgatory(info);\n",
	 "\tarch_update_purgatory(info);\n\tlimbo_update_purgatory(info);\n"),
	("kexec/kexec.c",
	 '\telf_rel_set_symbol(&info->rhdr, "sha256_digest", &digest,\n'
	 '\t\t\t   sizeof(digest));\n}\n',
	 '\telf_rel_set_symbol(&info->rhdr, "sha256_digest", &digest,\n'
	 '\t\t\t   sizeof(digest));\n\tlimbo_after_digest(info);\n}\n'),
	("kexec/kexec.c", '\t       "Supported kernel file types and options: \\n");\n',
	 '\t       "\\n");\n\tlimbo_usage();\n\tprintf("\\n"\n'
	 '\t       "Supported kernel file types and options: \\n");\n'),
	("kexec/kexec-elf-rel.c",
	 "\t/* Parse the Elf file */\n\tresult = build_elf_rel_info(buf, len, ehdr, flags);\n",
	 "\tlimbo_select_purgatory(&buf, &len);\n"
	 "\t/* Parse the Elf file */\n\tresult = build_elf_rel_info(buf, len, ehdr, flags);\n"),
	("kexec/Makefile", "KEXEC_SRCS_base += kexec/symbols.c\n",
	 "KEXEC_SRCS_base += kexec/symbols.c\n"
	 + "".join("KEXEC_SRCS_base += kexec/limbo/%s\n" % f for f in PLUGIN_SRCS) +
	 "\nkexec/limbo/%.o: CPPFLAGS += -I$(srcdir)/kexec/limbo/include -I$(srcdir)/kexec/limbo\n"),
	("kexec/kexec.8", ".TP\n.B \\-p\\ (\\-\\-load\\-panic)\n",
	 ".TP\n.BI \\-\\-purgatory= file\n"
	 "Load\n.I file\n"
	 "(an x86_64 relocatable purgatory object such as limbo's\n.IR purgatory.ro )\n"
	 "instead of the built-in purgatory. The object is validated first (ELF type,\n"
	 "relocations, undefined symbols, ABI symbol sizes); kexec loads nothing if it\n"
	 "fails. Only the kexec_load system call can use an external purgatory:\n"
	 ".B \\-s\nis refused, and where kexec_file_load would be tried first kexec uses\n"
	 "kexec_load instead (reported with\n.BR \\-d ).\n"
	 "Only the bzImage64 and elf-x86_64 loaders are supported.\n"
	 "Without\n.BR \\-\\-purgatory ,\n.B \\-p\n"
	 "uses\n.I /usr/lib/limbo/purgatory.ro\n"
	 "when limbo is installed, and the stock purgatory, saying why on stderr,\n"
	 "when it cannot be used (Secure Boot, lockdown); see\n"
	 ".BR limbo-kexec.conf (5)\n"
	 "to opt out.\n"
	 ".TP\n.BI \\-\\-purgatory\\-opt= key=value[,key=value...]\n"
	 "Configure the limbo purgatory given with\n.BR \\-\\-purgatory .\n"
	 "Unknown keys and values are errors.\n"
	 ".B \\-\\-purgatory\\-opt=help\nlists every key;\n"
	 ".B \\-\\-purgatory\\-opt=show\nprints the configuration that will be applied.\n"
	 ".TP\n.B \\-p\\ (\\-\\-load\\-panic)\n"),
]

HEADER = """limbo plugin for kexec-tools %s (Debian source): --purgatory, --purgatory-opt

Hooks only; the code lives in kexec/limbo/, copied in by kexec-plugin/build.sh.
Generated by kexec-plugin/mkpatch.py.
SPDX-License-Identifier: GPL-2.0-only

"""


def make(version):
	pristine = os.path.join(TOP, ".cache", "kexec-src", "kexec-tools-" + version)
	if not os.path.isdir(pristine):
		sys.exit("%s missing: run 'make kexec KEXEC_VERSION=%s' first" %
			 (pristine, version))
	with tempfile.TemporaryDirectory() as tmp:
		a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
		for d in (a, b):
			shutil.copytree(pristine, d, symlinks=True,
					ignore=shutil.ignore_patterns(".pc", ".limbo-pristine"))
		for path, old, new in EDITS:
			p = os.path.join(b, path)
			text = open(p).read()
			if text.count(old) != 1:
				sys.exit("%s %s: expected one match of %r, found %d" %
					 (version, path, old[:60], text.count(old)))
			open(p, "w").write(text.replace(old, new))
		diff = subprocess.run(["diff", "-ruN", "a", "b"], cwd=tmp,
				      capture_output=True, text=True)
		if diff.returncode not in (0, 1):
			sys.exit(diff.stderr)
	out = os.path.join(HERE, "patches", "kexec-tools-%s-limbo.patch" % version)
	with open(out, "w") as f:
		f.write(HEADER % version + diff.stdout)
	print("wrote", out)


if __name__ == "__main__":
	for v in sys.argv[1:] or ["2.0.25", "2.0.29"]:
		make(v)
