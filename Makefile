# SPDX-License-Identifier: GPL-2.0-only
#
# limbo: a hardened kexec purgatory for x86_64.
#
#   make            purgatory.ro, limbo-check, and kexec with the plugin
#   make check      unit tests, object checks, fuzz smoke, the packages in a
#                   chroot, the CI share of the QEMU suite
#   make demo       kdump in QEMU with a crash and an NMI storm, stock vs limbo
#   make test-vm-full   every scenario, both kernels, both purgatories
#   make install    kexec, purgatory.ro, the tools and their man pages into
#                   $(DESTDIR)$(PREFIX)

CC	?= gcc
LD	?= ld
PYTHON	?= /usr/bin/python3
PREFIX	?= /usr/local
DESTDIR	?=
KEXEC_VERSION ?= 2.0.25

B	:= build
P	:= $(B)/purgatory
# the Debian kexec-tools source kexec-plugin/build.sh fetches (bench, fuzz)
STOCK_SRC := .cache/kexec-src/kexec-tools-$(KEXEC_VERSION)

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
	purgatory/post_verify.c purgatory/nmi_handoff.c purgatory/policy.c \
	purgatory/paging.c purgatory/apic.c purgatory/lapic.c purgatory/pic.c \
	purgatory/ioapic.c purgatory/park.c purgatory/report.c \
	purgatory/idtcheck.c purgatory/tables.c purgatory/selfcheck.c \
	lib/sha256.c lib/sha256_ni.S lib/string.c lib/format.c lib/config.c lib/report.c lib/tables.c
PURGATORY_OBJS := $(patsubst %,$(P)/%.o,$(basename $(PURGATORY_SRCS)))

.PHONY: all purgatory tools kexec kexec-stock check unit objcheck test-vm test-vm-full \
	demo bench install deps clean distclean options-doc qemu-init \
	deb test-deb test-distro kernel kernel-each test-kernel-path

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
# EXTRA_HOST_CFLAGS: a packager's flags (Debian's hardening), appended
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude -Ikexec-plugin/src \
	$(EXTRA_HOST_CFLAGS)
PLUGIN_SRC  := kexec-plugin/src

tools: $(B)/limbo-check $(B)/limbo-report $(B)/limbo-options-doc

# prints the keys as markdown or roff, from LIMBO_CONFIG_OPTIONS
$(B)/limbo-options-doc: $(PLUGIN_SRC)/options-doc.c $(PLUGIN_SRC)/options.c \
		$(PLUGIN_SRC)/options.h include/limbo/config.h
	@mkdir -p $(B)
	$(quiet) HOSTCC $@
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

# README key table and limbo-purgatory(7) KEYS, generated from LIMBO_CONFIG_OPTIONS
options-doc: $(B)/limbo-options-doc
	test/unit/check-options-doc.sh $< --fix

$(B)/limbo-check: $(PLUGIN_SRC)/limbo-check.c $(PLUGIN_SRC)/elfcheck.c \
		$(PLUGIN_SRC)/fileio.c $(PLUGIN_SRC)/elfcheck.h $(PLUGIN_SRC)/fileio.h \
		include/limbo/abi.h include/limbo/config.h include/limbo/idt.h \
		include/limbo/version.h
	@mkdir -p $(B)
	$(quiet) HOSTCC $@
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

REPORT_SRCS := $(PLUGIN_SRC)/report-decode.c $(PLUGIN_SRC)/emit.c \
	$(PLUGIN_SRC)/fileio.c $(PLUGIN_SRC)/options.c lib/report.c lib/config.c
REPORT_HDRS := $(PLUGIN_SRC)/report-decode.h $(PLUGIN_SRC)/emit.h \
	$(PLUGIN_SRC)/fileio.h $(PLUGIN_SRC)/options.h $(wildcard include/limbo/*.h)

$(B)/limbo-report: $(PLUGIN_SRC)/limbo-report.c $(REPORT_SRCS) $(REPORT_HDRS)
	@mkdir -p $(B)
	$(quiet) HOSTCC $@
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

# ---- kexec-tools with the plugin, from Debian's source ----------------------
KEXEC_BIN := $(B)/kexec-$(KEXEC_VERSION)/sbin/kexec

kexec: $(KEXEC_BIN)

$(KEXEC_BIN): $(wildcard kexec-plugin/*.sh kexec-plugin/patches/* $(PLUGIN_SRC)/*) \
		$(wildcard include/limbo/*.h lib/*.c)
	kexec-plugin/build.sh $(KEXEC_VERSION) $(abspath $(B))

# the same Debian source without limbo's patch: S16's stock column (2.0.29)
STOCK_KEXEC_BIN := $(B)/kexec-stock-$(KEXEC_VERSION)/sbin/kexec

kexec-stock: $(STOCK_KEXEC_BIN)

$(STOCK_KEXEC_BIN): test/vm/build-stock-kexec.sh kexec-plugin/source.sh
	test/vm/build-stock-kexec.sh $(KEXEC_VERSION) $(abspath $(B))

# ---- tests ------------------------------------------------------------------
include test/unit/unit.mk
include test/fuzz/fuzz.mk

check: deps all unit objcheck fuzz-smoke test-deb test-vm

objcheck: $(P)/purgatory.ro $(B)/limbo-check
	purgatory/check-object.sh $(P)/purgatory.ro $(B)/limbo-check

test-vm: deps all qemu-init
	$(PYTHON) -m pytest -v -rs -p no:cacheprovider test/vm/test_verdict.py \
		test/vm/test_scenarios.py

# S16 (kexec --hotplug) runs kexec-tools 2.0.29 in both columns
test-vm-full: deps all qemu-init
	$(MAKE) kexec kexec-stock KEXEC_VERSION=2.0.29
	$(PYTHON) test/vm/harness.py run --scenarios all --kernels 6.1,6.12 \
		--purgatories stock,limbo --out test/vm/results/full

# the INIT-faithful QEMU the parking scenarios run on (test/vm/qemu/)
qemu-init: deps
	test/vm/qemu/build.sh

demo: deps all
	$(PYTHON) test/vm/harness.py demo

deps:
	@test -e .cache/deps.stamp || { test/deps.sh && mkdir -p .cache && touch .cache/deps.stamp; }

MAN1	 := docs/man/limbo-check.1 docs/man/limbo-report.1
MAN7	 := docs/man/limbo-purgatory.7
# kexec.8 as the plugin patch left it in the kexec build tree
KEXEC_MAN := $(B)/kexec-$(KEXEC_VERSION)/src/kexec/kexec.8
MANDIR	 := $(DESTDIR)$(PREFIX)/share/man

install: all
	install -D -m 0755 $(KEXEC_BIN) $(DESTDIR)$(PREFIX)/sbin/kexec
	install -D -m 0644 $(P)/purgatory.ro $(DESTDIR)$(PREFIX)/lib/limbo/purgatory.ro
	install -D -m 0755 $(B)/limbo-check $(DESTDIR)$(PREFIX)/bin/limbo-check
	install -D -m 0755 $(B)/limbo-report $(DESTDIR)$(PREFIX)/bin/limbo-report
	install -D -m 0644 -t $(MANDIR)/man1 $(MAN1)
	install -D -m 0644 -t $(MANDIR)/man7 $(MAN7)
	install -D -m 0644 $(KEXEC_MAN) $(MANDIR)/man8/kexec.8

clean:
	rm -rf $(B)

distclean: clean
	rm -rf .cache

# ---- Debian packages ----------------------------------------------------------
# kexec-tools from Debian's source with limbo's plugin as a quilt patch, and
# limbo's own package, into build/deb/ (packaging/deb/build.sh says how)
DEB_STAMP := $(B)/deb/.built-$(KEXEC_VERSION)

deb: $(DEB_STAMP)

# rebuilt when any file of the tree changed (both packages take from it)
$(DEB_STAMP): $(shell git ls-files 2>/dev/null)
	packaging/deb/build.sh $(B)/deb $(KEXEC_VERSION)
	touch $@

# install, upgrade from Debian's kexec-tools, removal back to it, in a chroot
test-deb: deb
	test/deb/run.sh $(B)/deb

# a booted Debian guest (QEMU): kdump-tools, a crash, the saved report;
# DISTRO_MODE=plain (default): stock and limbo images, DISTRO_RUNS picks
# the runs (stock limbo stock-storm limbo-storm); DISTRO_MODE=secureboot:
# limbo's image booted by OVMF through shim with Secure Boot on, where
# kdump-tools loads with -s and kexec says why limbo is not in use
DISTRO_MODE ?= plain
test-distro: deb
	test/distro/run.sh $(B)/deb $(B)/distro $(DISTRO_MODE)

# ---- Linux with limbo's purgatory for kexec_file_load ------------------------
# Debian's 6.12 source built twice with one small configuration, as shipped
# and with kexec-plugin/linux/patches (docs/kernel-series.md); not in
# `check`: two kernel builds take long on two cores
kernel: deps $(B)/limbo-check $(P)/purgatory.ro
	kexec-plugin/linux/build.sh

# every step of the series built on its own (bisectable), from
# build-stock's objects in a build directory of its own
kernel-each:
	kexec-plugin/linux/build.sh each

# kexec -s -p (kexec_file_load) on both kernels side by side, with
# kexec-tools 2.0.29 (its -d has the kernel print the segment table)
KERNEL_PATH_SCENARIOS ?= S1,S3,S10
test-kernel-path: kernel tools
	$(MAKE) kexec KEXEC_VERSION=2.0.29
	$(PYTHON) test/vm/harness.py run --scenarios $(KERNEL_PATH_SCENARIOS) \
		--kernels k6.12,k6.12-limbo --purgatories kfile \
		--out test/vm/results/kernel-path

# ---- benchmarks -------------------------------------------------------------
# kexec-tools' own purgatory SHA-256, from the Debian source build.sh fetched
$(B)/bench/bench_sha256: test/bench/bench_sha256.c lib/sha256.c lib/sha256_ni.S \
		include/limbo/sha256.h $(KEXEC_BIN)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Iinclude -I$(STOCK_SRC)/util_lib/include -DSTOCK_SHA256 \
		-o $@ test/bench/bench_sha256.c lib/sha256.c lib/sha256_ni.S \
		$(STOCK_SRC)/util_lib/sha256.c -lcrypto

# the quiesce and park code against the register model, machines of real shapes
$(B)/bench/bench_scale: test/bench/bench_scale.c test/unit/scale_machine.c \
		test/unit/madt_build.c kexec-plugin/src/parse.c kexec-plugin/src/merge.c \
		purgatory/ioapic.c purgatory/park.c purgatory/lapic.c purgatory/apic.c \
		$(MODEL_DEPS) $(wildcard test/unit/*.h kexec-plugin/src/*.h include/limbo/*.h)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -DLIMBO_HOST -Iinclude -Ikexec-plugin/src -Ipurgatory -Itest/model \
		-Itest/unit -o $@ $(filter %.c,$^) -lcmocka

bench: deps $(B)/bench/bench_sha256 $(B)/bench/bench_scale
	test/bench/run.sh $(B)/bench/bench_sha256 5
	test/bench/run-scale.sh $(B)/bench/bench_scale 21
