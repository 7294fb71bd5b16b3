# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer targets (clang), built with ASan and UBSan.
#
#   make fuzz-report    build/fuzz/fuzz_report
#   make fuzz-smoke     run every target for a bounded time on an empty corpus

FZ		:= $(B)/fuzz
FUZZ_CC		?= clang
FUZZ_CFLAGS	:= -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer -Iinclude -Ikexec-plugin/src
FUZZ_TIME	?= 20
FUZZ_RUNS	?= 5000000

.PHONY: fuzz-report fuzz-smoke

fuzz-report: $(FZ)/fuzz_report

$(FZ)/fuzz_report: test/fuzz/fuzz_report.c kexec-plugin/src/report-decode.c \
		lib/report.c lib/config.c kexec-plugin/src/report-decode.h \
		$(wildcard include/limbo/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

fuzz-smoke: $(FZ)/fuzz_report
	rm -rf $(FZ)/corpus/report
	mkdir -p $(FZ)/corpus/report
	$(FZ)/fuzz_report -max_total_time=$(FUZZ_TIME) -runs=$(FUZZ_RUNS) \
		-max_len=4096 -print_final_stats=1 $(FZ)/corpus/report
