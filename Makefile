# SPDX-License-Identifier: GPL-2.0-only
#
# limbo: a hardened kexec purgatory for x86_64.
#
#   make            purgatory.ro, limbo-check, and kexec with the plugin
#   make check      unit tests, object checks, the CI share of the QEMU suite
#   make demo       kdump in QEMU with a crash and an NMI storm, stock vs limbo
#   make test-vm-full   every scenario, both kernels, both purgatories
#   make install    kexec and purgatory.ro into $(DESTDIR)$(PREFIX)

CC	?= gcc
LD	?= ld
PYTHON	?= /usr/bin/python3
PREFIX	?= /usr/local
DESTDIR	?=
KEXEC_VERSION ?= 2.0.25

B	:= build
P	:= $(B)/purgatory

# make V=1 shows every command
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

# ---- the purgatory: freestanding, relocatable, no SSE ----------------------
PURGATORY_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fno-builtin -nostdlib -fpie -fno-plt \
	-mgeneral-regs-only -mno-red-zone -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-common -fno-zero-initialized-in-bss -fcf-protection=none \
	-fno-exceptions -fno-strict-aliasing \
	-DLIMBO_FREESTANDING -Iinclude -include purgatory/visibility.h

PURGATORY_SRCS := purgatory/entry.S purgatory/idt.S purgatory/exceptions.c purgatory/abi.c purgatory/main.c \
	purgatory/console.c purgatory/vga.c purgatory/verify.c \
	purgatory/handoff.c purgatory/policy.c purgatory/paging.c \
	purgatory/lapic.c purgatory/ioapic.c purgatory/park.c purgatory/report.c \
	purgatory/idtcheck.c \
	lib/sha256.c lib/sha256_ni.S lib/string.c lib/format.c lib/config.c lib/report.c
PURGATORY_OBJS := $(patsubst %,$(P)/%.o,$(basename $(PURGATORY_SRCS)))

.PHONY: all purgatory tools kexec check unit objcheck test-vm test-vm-full \
	demo bench install deps clean distclean

all: purgatory tools kexec

purgatory: $(P)/purgatory.ro

$(P)/%.o: %.c $(wildcard include/limbo/*.h purgatory/*.h)
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(PURGATORY_CFLAGS) -c $< -o $@

$(P)/%.o: %.S $(wildcard include/limbo/*.h)
	@mkdir -p $(dir $@)
	$(quiet) AS $<
	$(Q)$(CC) $(PURGATORY_CFLAGS) -c $< -o $@

# ld -r keeps undefined symbols silently; check-object fails the build on them.
$(P)/purgatory.ro: $(PURGATORY_OBJS) purgatory/purgatory.lds $(B)/limbo-check \
		purgatory/check-object.sh
	$(quiet) LD $@
	$(Q)$(LD) -r -T purgatory/purgatory.lds -e purgatory_start -o $@.tmp $(PURGATORY_OBJS)
	$(quiet) CHECK $@
	$(Q)purgatory/check-object.sh $@.tmp $(B)/limbo-check
	$(Q)mv $@.tmp $@

# ---- host tools -------------------------------------------------------------
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude -Ikexec-plugin/src
PLUGIN_SRC  := kexec-plugin/src

tools: $(B)/limbo-check $(B)/limbo-report

$(B)/limbo-check: $(PLUGIN_SRC)/limbo-check.c $(PLUGIN_SRC)/elfcheck.c \
		$(PLUGIN_SRC)/elfcheck.h include/limbo/abi.h include/limbo/config.h
	@mkdir -p $(B)
	$(quiet) HOSTCC $@
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(PLUGIN_SRC)/limbo-check.c $(PLUGIN_SRC)/elfcheck.c -lelf

$(B)/limbo-report: $(PLUGIN_SRC)/limbo-report.c $(PLUGIN_SRC)/report-decode.c \
		$(PLUGIN_SRC)/report-decode.h lib/report.c lib/config.c \
		include/limbo/report.h include/limbo/config.h
	@mkdir -p $(B)
	$(quiet) HOSTCC $@
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

# ---- kexec-tools with the plugin, from Debian's source ----------------------
KEXEC_BIN := $(B)/kexec-$(KEXEC_VERSION)/sbin/kexec

kexec: $(KEXEC_BIN)

$(KEXEC_BIN): $(wildcard kexec-plugin/*.sh kexec-plugin/patches/* $(PLUGIN_SRC)/*) \
		$(wildcard include/limbo/*.h lib/*.c)
	kexec-plugin/build.sh $(KEXEC_VERSION) $(abspath $(B))

# ---- tests ------------------------------------------------------------------
include test/unit/unit.mk
include test/fuzz/fuzz.mk

check: deps all unit objcheck fuzz-smoke test-vm

objcheck: $(P)/purgatory.ro $(B)/limbo-check
	purgatory/check-object.sh $(P)/purgatory.ro $(B)/limbo-check

test-vm: deps all
	$(PYTHON) -m pytest -v -rs -p no:cacheprovider test/vm/test_scenarios.py

test-vm-full: deps all
	$(PYTHON) test/vm/harness.py run --scenarios all --kernels 6.1,6.12 \
		--purgatories stock,limbo --out test/vm/results/full

demo: deps all
	$(PYTHON) test/vm/harness.py demo

deps:
	@test -e .cache/deps.stamp || { test/deps.sh && mkdir -p .cache && touch .cache/deps.stamp; }

install: all
	install -D -m 0755 $(KEXEC_BIN) $(DESTDIR)$(PREFIX)/sbin/kexec
	install -D -m 0644 $(P)/purgatory.ro $(DESTDIR)$(PREFIX)/lib/limbo/purgatory.ro
	install -D -m 0755 $(B)/limbo-check $(DESTDIR)$(PREFIX)/bin/limbo-check
	install -D -m 0755 $(B)/limbo-report $(DESTDIR)$(PREFIX)/bin/limbo-report

clean:
	rm -rf $(B)

distclean: clean
	rm -rf .cache

# ---- benchmarks -------------------------------------------------------------
# kexec-tools' own purgatory SHA-256, from the Debian source build.sh fetched
STOCK_SRC := .cache/kexec-src/kexec-tools-$(KEXEC_VERSION)

$(B)/bench/bench_sha256: test/bench/bench_sha256.c lib/sha256.c lib/sha256_ni.S \
		include/limbo/sha256.h $(KEXEC_BIN)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Iinclude -I$(STOCK_SRC)/util_lib/include -DSTOCK_SHA256 \
		-o $@ test/bench/bench_sha256.c lib/sha256.c lib/sha256_ni.S \
		$(STOCK_SRC)/util_lib/sha256.c -lcrypto

bench: deps $(B)/bench/bench_sha256
	test/bench/run.sh $(B)/bench/bench_sha256 5
