# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests (cmocka), built with ASan and UBSan.

T		:= $(B)/test
TEST_CFLAGS	:= -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-format-truncation \
		   -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all -Iinclude -Ikexec-plugin/src
TEST_LIBS	:= -lcmocka

UNIT_TESTS	:= $(T)/test_sha256 $(T)/test_elfcheck $(T)/test_options $(T)/test_format \
		   $(T)/test_idt $(T)/test_report $(T)/test_lapic $(T)/test_ioapic
UNIT_TESTS	+= $(T)/test_discover $(T)/test_park $(T)/test_fileio

$(T)/test_sha256: test/unit/test_sha256.c lib/sha256.c lib/sha256_ni.S
$(T)/test_elfcheck: test/unit/test_elfcheck.c kexec-plugin/src/elfcheck.c
$(T)/test_options: test/unit/test_options.c kexec-plugin/src/options.c lib/config.c \
		kexec-plugin/src/discover.c
$(T)/test_format: test/unit/test_format.c lib/format.c
$(T)/test_fileio: test/unit/test_fileio.c kexec-plugin/src/fileio.c
$(T)/test_idt: test/unit/test_idt.c
$(T)/test_idt: TEST_LIBS += -lelf
$(T)/test_report: test/unit/test_report.c kexec-plugin/src/report-decode.c lib/report.c \
		lib/config.c test/fuzz/fuzz_report.c
$(T)/test_discover: test/unit/test_discover.c kexec-plugin/src/discover.c lib/config.c

# purgatory C files against the register models (test/model)
MODEL_SRCS	:= test/model/hw_model.c test/model/lapic_model.c \
		   test/model/ioapic_model.c test/model/pic_model.c test/model/stubs.c
MODEL_DEPS	:= $(MODEL_SRCS) $(wildcard test/model/*.h purgatory/*.h)
$(T)/test_lapic: test/unit/test_lapic.c purgatory/lapic.c lib/config.c $(MODEL_DEPS)
$(T)/test_ioapic: test/unit/test_ioapic.c purgatory/ioapic.c $(MODEL_DEPS)
$(T)/test_park: test/unit/test_park.c purgatory/park.c purgatory/lapic.c lib/config.c \
		$(MODEL_DEPS)
$(T)/test_lapic $(T)/test_ioapic $(T)/test_park: TEST_CFLAGS += -DLIMBO_HOST -Ipurgatory -Itest/model

$(UNIT_TESTS): $(wildcard include/limbo/*.h kexec-plugin/src/*.h)
	@mkdir -p $(dir $@)
	$(quiet) TESTCC $@
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $(filter %.c %.S,$^) $(TEST_LIBS)

$(T)/broken/.stamp: test/unit/mkbroken.sh test/unit/abi-template.c $(P)/purgatory.ro
	rm -rf $(T)/broken
	test/unit/mkbroken.sh $(T)/broken $(P)/purgatory.ro
	touch $@

unit: $(UNIT_TESTS) $(T)/broken/.stamp $(B)/limbo-check
	$(T)/test_sha256
	$(T)/test_elfcheck $(P)/purgatory.ro $(T)/broken
	test/unit/test_limbo_check.sh $(B)/limbo-check $(P)/purgatory.ro include/limbo/version.h
	$(T)/test_options
	$(T)/test_format
	$(T)/test_idt $(P)/purgatory.ro
	$(T)/test_report
	$(T)/test_discover
	$(T)/test_lapic
	$(T)/test_ioapic
	$(T)/test_park
	$(T)/test_fileio
