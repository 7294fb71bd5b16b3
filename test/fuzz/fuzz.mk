# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer targets (clang), built with ASan and UBSan.
#
#   make fuzz-report    build/fuzz/fuzz_report
#   make fuzz-madt, fuzz-iomem, fuzz-cpuinfo, fuzz-options    likewise
#   make fuzz-smoke     run every target for a bounded time on an empty corpus

FZ		:= $(B)/fuzz
FUZZ_CC		?= clang
FUZZ_CFLAGS	:= -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer -Iinclude -Ikexec-plugin/src
FUZZ_TIME	?= 20
FUZZ_RUNS	?= 5000000

# every target, each with its own corpus under $(FZ)/corpus/NAME
FUZZ_TARGETS	:= report madt iomem cpuinfo options

.PHONY: fuzz-report fuzz-smoke $(FUZZ_TARGETS:%=fuzz-%)

fuzz-report: $(FZ)/fuzz_report

$(FZ)/fuzz_report: test/fuzz/fuzz_report.c kexec-plugin/src/report-decode.c \
		lib/report.c lib/config.c kexec-plugin/src/report-decode.h \
		$(wildcard include/limbo/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# libFuzzer's progress lines go to a log per target; a failing target's
# log tail (the crash, its input and stack) is printed.
fuzz-smoke: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)
	$(Q)set -e; for t in $(FUZZ_TARGETS); do \
		rm -rf $(FZ)/corpus/$$t; \
		mkdir -p $(FZ)/corpus/$$t; \
		if $(FZ)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -runs=$(FUZZ_RUNS) \
			-max_len=4096 -print_final_stats=1 $(FZ)/corpus/$$t \
			> $(FZ)/fuzz_$$t.log 2>&1; then \
			printf '  %-8s %s: %s\n' FUZZ $$t "$$(grep -E '^stat::number_of_executed_units' $(FZ)/fuzz_$$t.log | sed 's/.*: *//') inputs, no crash"; \
		else \
			echo "fuzz_$$t FAILED:"; tail -n 60 $(FZ)/fuzz_$$t.log; exit 1; \
		fi; \
	done

# ---- hardware discovery and --purgatory-opt (kexec-plugin/src) -------------
FUZZ_DISCOVER	:= kexec-plugin/src/parse.c kexec-plugin/src/merge.c \
		   kexec-plugin/src/print.c lib/config.c \
		   $(wildcard kexec-plugin/src/*.h include/limbo/*.h)

fuzz-madt: $(FZ)/fuzz_madt
fuzz-iomem: $(FZ)/fuzz_iomem
fuzz-cpuinfo: $(FZ)/fuzz_cpuinfo
fuzz-options: $(FZ)/fuzz_options

$(FZ)/fuzz_madt: test/fuzz/fuzz_madt.c $(FUZZ_DISCOVER)
$(FZ)/fuzz_iomem: test/fuzz/fuzz_iomem.c $(FUZZ_DISCOVER)
$(FZ)/fuzz_cpuinfo: test/fuzz/fuzz_cpuinfo.c $(FUZZ_DISCOVER)
$(FZ)/fuzz_options: test/fuzz/fuzz_options.c kexec-plugin/src/options.c lib/config.c \
		kexec-plugin/src/options.h $(wildcard include/limbo/*.h)

$(FZ)/fuzz_madt $(FZ)/fuzz_iomem $(FZ)/fuzz_cpuinfo $(FZ)/fuzz_options:
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)
