# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer targets (clang), built with ASan and UBSan.
#
#   make fuzz-report    build/fuzz/fuzz_report
#   make fuzz-madt, fuzz-iomem, fuzz-cpuinfo, fuzz-options, fuzz-tables, fuzz-elfrel   likewise
#   make fuzz-smoke     run every target for a bounded time on an empty corpus
#                       (fuzz_elfrel: seeded with the real and the broken purgatories)

FZ		:= $(B)/fuzz
FUZZ_CC		?= clang
FUZZ_CFLAGS	:= -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer -Iinclude -Ikexec-plugin/src
FUZZ_TIME	?= 20
FUZZ_RUNS	?= 5000000

# every target, each with its own corpus under $(FZ)/corpus/NAME
FUZZ_TARGETS	:= report madt iomem cpuinfo options tables elfrel
FUZZ_MAX_LEN	:= 4096
# fuzz_elfrel's inputs are purgatory objects: -max_len must hold a real
# purgatory.ro (about 60 KiB, its loaded footprint held under 64 KiB) with
# room to grow, or libFuzzer truncates the seeds into objects that fail
FUZZ_ELFREL_MAX_LEN := 131072

.PHONY: fuzz-report fuzz-smoke $(FUZZ_TARGETS:%=fuzz-%)

fuzz-report: $(FZ)/fuzz_report

$(FZ)/fuzz_report: test/fuzz/fuzz_report.c kexec-plugin/src/report-decode.c \
		kexec-plugin/src/emit.c kexec-plugin/src/fileio.c kexec-plugin/src/options.c \
		lib/report.c lib/config.c lib/tables.c $(wildcard kexec-plugin/src/*.h include/limbo/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) -ljansson

# libFuzzer's progress lines go to a log per target; a failing target's
# log tail (the crash, its input and stack) is printed.
# A target that was not built (fuzz_elfrel without the kexec-tools source)
# fails the run.
fuzz-smoke: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%) $(FZ)/seeds/elfrel.stamp
	$(Q)set -e; for t in $(FUZZ_TARGETS); do \
		if [ ! -x $(FZ)/fuzz_$$t ]; then \
			echo "fuzz_$$t FAILED: not built (fuzz_elfrel needs the kexec-tools source in $(STOCK_SRC): make kexec fetches it)"; \
			exit 1; \
		fi; \
	done; \
	for t in $(FUZZ_TARGETS); do \
		len=$(FUZZ_MAX_LEN); seeds=; \
		if [ $$t = elfrel ]; then \
			len=$(FUZZ_ELFREL_MAX_LEN); seeds=$(FZ)/seeds/elfrel; \
		fi; \
		rm -rf $(FZ)/corpus/$$t; \
		mkdir -p $(FZ)/corpus/$$t; \
		if $(FZ)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -runs=$(FUZZ_RUNS) \
			-max_len=$$len -print_final_stats=1 $(FZ)/corpus/$$t $$seeds \
			> $(FZ)/fuzz_$$t.log 2>&1; then \
			printf '  %-8s %s: %s\n' FUZZ $$t "$$(grep -E '^stat::number_of_executed_units' $(FZ)/fuzz_$$t.log | sed 's/.*: *//') inputs, no crash"; \
		else \
			echo "fuzz_$$t FAILED:"; tail -n 60 $(FZ)/fuzz_$$t.log; exit 1; \
		fi; \
	done

# ---- hardware discovery and --purgatory-opt (kexec-plugin/src) -------------
FUZZ_DISCOVER	:= kexec-plugin/src/parse.c kexec-plugin/src/merge.c \
		   kexec-plugin/src/print.c lib/config.c lib/tables.c \
		   $(wildcard kexec-plugin/src/*.h include/limbo/*.h)

fuzz-madt: $(FZ)/fuzz_madt
fuzz-iomem: $(FZ)/fuzz_iomem
fuzz-cpuinfo: $(FZ)/fuzz_cpuinfo
fuzz-options: $(FZ)/fuzz_options
fuzz-tables: $(FZ)/fuzz_tables

$(FZ)/fuzz_madt: test/fuzz/fuzz_madt.c $(FUZZ_DISCOVER)
$(FZ)/fuzz_iomem: test/fuzz/fuzz_iomem.c $(FUZZ_DISCOVER)
$(FZ)/fuzz_cpuinfo: test/fuzz/fuzz_cpuinfo.c $(FUZZ_DISCOVER)
$(FZ)/fuzz_options: test/fuzz/fuzz_options.c kexec-plugin/src/options.c lib/config.c \
		kexec-plugin/src/options.h $(wildcard include/limbo/*.h)

$(FZ)/fuzz_tables: test/fuzz/fuzz_tables.c lib/tables.c lib/config.c \
		$(wildcard include/limbo/*.h)

$(FZ)/fuzz_madt $(FZ)/fuzz_iomem $(FZ)/fuzz_cpuinfo $(FZ)/fuzz_options $(FZ)/fuzz_tables:
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# ---- kexec-tools' own ELF loader on what elfcheck accepts ------------------
# kexec's kexec-elf.c, kexec-elf-rel.c and the x86_64 relocation code are
# compiled from the source kexec-plugin/build.sh fetches into .cache (they
# are not part of limbo).  Their own flags: kexec's code is not
# warning-clean, and it stores relocations unaligned, which x86 allows
# (-fno-sanitize=alignment); its messages go to a formatting sink.  Without
# the source the target is skipped with a message, and fuzz-smoke fails.
FUZZ_KEXEC_SRCS	:= kexec/kexec-elf.c kexec/kexec-elf-rel.c \
		   kexec/arch/x86_64/kexec-elf-rel-x86_64.c
FUZZ_KEXEC_OBJS	:= $(patsubst %.c,$(FZ)/kexec/%.o,$(notdir $(FUZZ_KEXEC_SRCS)))
FUZZ_KEXEC_CFLAGS := -O1 -g -w -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize=alignment -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer -I$(STOCK_SRC)/include \
		   -Dfprintf=kexec_shim_fprintf

fuzz-elfrel: $(FZ)/fuzz_elfrel

# make check builds kexec (which fetches the source) first, even with -j
$(FZ)/fuzz_elfrel: test/fuzz/fuzz_elfrel.c kexec-plugin/src/elfcheck.c \
		kexec-plugin/src/elfcheck.h $(wildcard include/limbo/*.h) \
		$(wildcard $(FUZZ_KEXEC_SRCS:%=$(STOCK_SRC)/%)) \
		$(if $(filter check,$(MAKECMDGOALS)),| $(KEXEC_BIN))
	$(Q)if [ ! -f $(STOCK_SRC)/kexec/kexec-elf-rel.c ]; then \
		echo "fuzz_elfrel: SKIPPED, no kexec-tools source in $(STOCK_SRC) (make kexec fetches it)"; \
		rm -f $@; exit 0; \
	fi; \
	set -e; mkdir -p $(FZ)/kexec; \
	for f in $(FUZZ_KEXEC_SRCS); do \
		echo "$(FUZZ_CC) ... -c $(STOCK_SRC)/$$f"; \
		$(FUZZ_CC) $(FUZZ_KEXEC_CFLAGS) -c $(STOCK_SRC)/$$f \
			-o $(FZ)/kexec/$$(basename $$f .c).o; \
	done; \
	echo "$(FUZZ_CC) ... -o $@"; \
	$(FUZZ_CC) $(FUZZ_CFLAGS) -isystem $(STOCK_SRC)/include \
		-isystem $(STOCK_SRC)/kexec -o $@ test/fuzz/fuzz_elfrel.c \
		kexec-plugin/src/elfcheck.c $(FUZZ_KEXEC_OBJS)

# seeds: the real purgatory and every broken object test/unit/mkbroken.sh makes
$(FZ)/seeds/elfrel.stamp: $(P)/purgatory.ro $(T)/broken/.stamp
	rm -rf $(FZ)/seeds/elfrel
	mkdir -p $(FZ)/seeds/elfrel
	cp $(P)/purgatory.ro $(T)/broken/*.ro $(FZ)/seeds/elfrel/
	touch $@
