# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests (cmocka), built with ASan and UBSan.

T		:= $(B)/test
TEST_CFLAGS	:= -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-format-truncation \
		   -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all -Iinclude -Ikexec-plugin/src
TEST_LIBS	:= -lcmocka

UNIT_TESTS	:= $(T)/test_sha256 $(T)/test_elfcheck $(T)/test_options $(T)/test_format \
		   $(T)/test_idt $(T)/test_report $(T)/test_lapic $(T)/test_ioapic
UNIT_TESTS	+= $(T)/test_discover $(T)/test_park $(T)/test_fileio $(T)/test_regions
UNIT_TESTS	+= $(T)/test_apic $(T)/test_pic $(T)/test_paging
UNIT_TESTS	+= $(T)/test_default

$(T)/test_sha256: test/unit/test_sha256.c lib/sha256.c lib/sha256_ni.S
$(T)/test_elfcheck: test/unit/test_elfcheck.c kexec-plugin/src/elfcheck.c
$(T)/test_options: test/unit/test_options.c kexec-plugin/src/options.c lib/config.c
$(T)/test_format: test/unit/test_format.c lib/format.c
$(T)/test_fileio: test/unit/test_fileio.c kexec-plugin/src/fileio.c
$(T)/test_default: test/unit/test_default.c kexec-plugin/src/default.c
$(T)/test_idt: test/unit/test_idt.c
$(T)/test_idt: TEST_LIBS += -lelf
$(T)/test_report: test/unit/test_report.c kexec-plugin/src/report-decode.c \
		kexec-plugin/src/emit.c kexec-plugin/src/fileio.c kexec-plugin/src/options.c \
		lib/report.c lib/config.c lib/tables.c test/fuzz/fuzz_report.c
$(T)/test_report: TEST_LIBS += -ljansson
$(T)/test_discover: test/unit/test_discover.c kexec-plugin/src/parse.c \
		kexec-plugin/src/merge.c kexec-plugin/src/print.c kexec-plugin/src/gather.c \
		kexec-plugin/src/fileio.c lib/config.c lib/tables.c
$(T)/test_regions: test/unit/test_regions.c kexec-plugin/src/regions.c lib/sha256.c \
		lib/sha256_ni.S

# purgatory C files against the register models (test/model)
MODEL_SRCS	:= test/model/hw_model.c test/model/lapic_model.c \
		   test/model/ioapic_model.c test/model/pic_model.c test/model/stubs.c \
		   purgatory/tables.c lib/tables.c lib/config.c
MODEL_DEPS	:= $(MODEL_SRCS) $(wildcard test/model/*.h purgatory/*.h)
$(T)/test_apic: test/unit/test_apic.c purgatory/apic.c purgatory/nmi_handoff.c $(MODEL_DEPS)
$(T)/test_lapic: test/unit/test_lapic.c purgatory/lapic.c purgatory/apic.c $(MODEL_DEPS)
$(T)/test_pic: test/unit/test_pic.c purgatory/pic.c $(MODEL_DEPS)
$(T)/test_ioapic: test/unit/test_ioapic.c purgatory/ioapic.c $(MODEL_DEPS)
$(T)/test_park: test/unit/test_park.c purgatory/park.c purgatory/lapic.c purgatory/apic.c \
		$(MODEL_DEPS)
# paging.c against a page-table model: its own map_mmio_page, so no stubs.c
$(T)/test_paging: test/unit/test_paging.c purgatory/paging.c test/model/paging_model.c \
		$(wildcard test/model/paging_model.h purgatory/*.h)
$(T)/test_apic $(T)/test_lapic $(T)/test_pic $(T)/test_ioapic $(T)/test_park \
$(T)/test_paging: TEST_CFLAGS += -DLIMBO_HOST -Ipurgatory -Itest/model

$(UNIT_TESTS): $(wildcard include/limbo/*.h kexec-plugin/src/*.h)
	@mkdir -p $(dir $@)
	$(quiet) TESTCC $@
	$(Q)$(CC) $(TEST_CFLAGS) -o $@ $(filter %.c %.S,$^) $(TEST_LIBS)

$(T)/broken/.stamp: test/unit/mkbroken.sh test/unit/abi-template.c $(P)/purgatory.ro
	rm -rf $(T)/broken
	test/unit/mkbroken.sh $(T)/broken $(P)/purgatory.ro
	touch $@

unit: $(UNIT_TESTS) $(T)/broken/.stamp $(B)/limbo-options-doc $(B)/limbo-report \
		$(B)/limbo-check
	test/unit/check-options-doc.sh $(B)/limbo-options-doc
	$(T)/test_sha256
	$(T)/test_elfcheck $(P)/purgatory.ro $(T)/broken
	test/unit/test_limbo_check.sh $(B)/limbo-check $(P)/purgatory.ro include/limbo/version.h
	$(T)/test_options
	$(T)/test_format
	$(T)/test_idt $(P)/purgatory.ro
	$(T)/test_report $(B)/limbo-report
	$(T)/test_discover
	$(T)/test_apic
	$(T)/test_lapic
	$(T)/test_pic
	$(T)/test_ioapic
	$(T)/test_park
	$(T)/test_fileio
	$(T)/test_regions
	$(T)/test_paging
	$(T)/test_default
