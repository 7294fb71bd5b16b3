// SPDX-License-Identifier: GPL-2.0-only
/*
 * The real purgatory.ro, laid out and relocated the way kexec-tools'
 * elf_rel_load() does it, at an address above 4 GiB; then limbo_idt_build
 * (the unprivileged half of the entry's IDT setup) runs in user space and
 * the test decodes every gate, the TSS descriptor and the IST pointers.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include <limbo/abi.h>
#include <limbo/idt.h>

/* far above 4 GiB, and above ASan's shadow and shadow gap */
#define LOAD_BASE	0x0000200012340000ULL
#define MAX_SCN		64

static const char *ro_path;
static Elf *elf;
static uint64_t scn_addr[MAX_SCN];
static uint8_t *base;
static size_t span;

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) & ~(a - 1) : v;
}

/* elf_rel_load(): PROGBITS first, then NOBITS, each section aligned. */
static void layout(void)
{
	uint64_t data = 0, bss = 0, bss_align = 1, bss_start;
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS)
			continue;
		data = align_up(data, sh.sh_addralign);
		scn_addr[elf_ndxscn(scn)] = LOAD_BASE + data;
		data += sh.sh_size;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		if ((sh.sh_flags & SHF_ALLOC) && sh.sh_type == SHT_NOBITS &&
		    sh.sh_addralign > bss_align)
			bss_align = sh.sh_addralign;
	}
	bss_start = align_up(data, bss_align);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type != SHT_NOBITS)
			continue;
		bss = align_up(bss, sh.sh_addralign);
		scn_addr[elf_ndxscn(scn)] = LOAD_BASE + bss_start + bss;
		bss += sh.sh_size;
	}
	span = align_up(bss_start + bss, 4096);
	base = mmap((void *)LOAD_BASE, span, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	assert_ptr_equal(base, (void *)LOAD_BASE);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		gelf_getshdr(scn, &sh);
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS)
			continue;
		d = elf_getdata(scn, NULL);
		memcpy((void *)(uintptr_t)scn_addr[elf_ndxscn(scn)], d->d_buf, sh.sh_size);
	}
}

static Elf_Data *symtab(GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		gelf_getshdr(scn, sh);
		if (sh->sh_type == SHT_SYMTAB)
			return elf_getdata(scn, NULL);
	}
	fail_msg("no .symtab");
	return NULL;
}

static uint64_t sym_value(const GElf_Sym *s)
{
	assert_true(s->st_shndx < MAX_SCN);
	return scn_addr[s->st_shndx] + s->st_value;
}

static uint64_t addr_of(const char *name)
{
	GElf_Shdr sh;
	Elf_Data *d = symtab(&sh);
	size_t i, n = sh.sh_size / sh.sh_entsize;

	for (i = 1; i < n; i++) {
		GElf_Sym s;

		gelf_getsym(d, (int)i, &s);
		if (!strcmp(elf_strptr(elf, sh.sh_link, s.st_name), name))
			return sym_value(&s);
	}
	fail_msg("symbol %s not found", name);
	return 0;
}

/* The relocation types kexec's machine_apply_elf_rel() applies. */
static void relocate(void)
{
	GElf_Shdr ssh;
	Elf_Data *syms = symtab(&ssh);
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t i;

		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_RELA || !scn_addr[sh.sh_info])
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Rela r;
			GElf_Sym s;
			uint64_t where, value;
			int64_t rel;

			gelf_getrela(d, (int)i, &r);
			gelf_getsym(syms, (int)GELF_R_SYM(r.r_info), &s);
			where = scn_addr[sh.sh_info] + r.r_offset;
			value = sym_value(&s) + r.r_addend;
			switch (GELF_R_TYPE(r.r_info)) {
			case R_X86_64_NONE:
				break;
			case R_X86_64_64:
				memcpy((void *)(uintptr_t)where, &value, 8);
				break;
			case R_X86_64_PC32:
			case R_X86_64_PLT32:
				rel = (int64_t)(value - where);
				assert_true(rel == (int32_t)rel);
				memcpy((void *)(uintptr_t)where, &(int32_t){ (int32_t)rel }, 4);
				break;
			default:
				fail_msg("relocation type %lu", GELF_R_TYPE(r.r_info));
			}
		}
	}
}

static int setup(void **state)
{
	int fd = open(ro_path, O_RDONLY);

	(void)state;
	if (fd < 0 || elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf)
		return -1;
	layout();
	relocate();
	return 0;
}

static void call_idt_build(uint64_t fn)
{
	asm volatile("leaq 1f(%%rip), %%r11\n\t"
		     "jmp *%0\n"
		     "1:"
		     : : "r"(fn)
		     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r11",
		       "memory", "cc");
}

static void test_gates(void **state)
{
	uint64_t stubs = addr_of("limbo_exc_stubs");
	const uint8_t *idt;
	unsigned int v;

	(void)state;
	call_idt_build(addr_of("limbo_idt_build"));
	idt = (const uint8_t *)(uintptr_t)addr_of("limbo_idt");
	assert_true(stubs > 0xffffffffULL);
	for (v = 0; v < 32; v++) {
		const uint8_t *g = idt + 16 * v;
		uint64_t off = (uint64_t)(g[0] | g[1] << 8) |
			       (uint64_t)(g[6] | g[7] << 8) << 16 |
			       (uint64_t)(g[8] | g[9] << 8 | g[10] << 16 |
					  (uint32_t)g[11] << 24) << 32;
		unsigned int ist = v == 2 ? 1 : v == 8 ? 2 : v == 18 ? 3 : 0;
		const uint8_t *stub = (const uint8_t *)(uintptr_t)off;
		int has_error = v == 8 || (v >= 10 && v <= 14) || v == 17 ||
				v == 21 || v == 29 || v == 30;

		assert_int_equal(off, stubs + 16 * v);
		assert_int_equal(g[2] | g[3] << 8, LIMBO_GDT_CS);
		assert_int_equal(g[4], ist);
		assert_int_equal(g[5], 0x8e);
		assert_int_equal(g[12] | g[13] | g[14] | g[15], 0);
		/* the stub: [push $0;] push $vector; jmp */
		if (!has_error) {
			assert_int_equal(stub[0], 0x6a);
			assert_int_equal(stub[1], 0);
			stub += 2;
		}
		assert_int_equal(stub[0], 0x6a);
		assert_int_equal(stub[1], v);
	}
}

static void test_tss_and_descriptors(void **state)
{
	const uint8_t *gdt = (const uint8_t *)(uintptr_t)addr_of("limbo_gdt");
	const uint8_t *d = gdt + LIMBO_GDT_TSS;
	uint64_t tss = addr_of("limbo_tss"), base, ist[3];
	const uint8_t *desc;

	(void)state;
	call_idt_build(addr_of("limbo_idt_build"));
	base = (uint64_t)(d[2] | d[3] << 8 | d[4] << 16) |
	       (uint64_t)d[7] << 24 |
	       (uint64_t)(d[8] | d[9] << 8 | d[10] << 16 | (uint32_t)d[11] << 24) << 32;
	assert_int_equal(base, tss);
	assert_int_equal(d[5], 0x89);			/* present, TSS available */
	assert_int_equal(d[0] | d[1] << 8, 103);	/* limit: 104-byte TSS */
	memcpy(ist, (const uint8_t *)(uintptr_t)tss + 36, sizeof(ist));
	assert_int_equal(ist[0], addr_of("limbo_ist_nmi_top"));
	assert_int_equal(ist[1], addr_of("limbo_ist_df_top"));
	assert_int_equal(ist[2], addr_of("limbo_ist_mc_top"));
	assert_int_equal(ist[0] & 15, 0);
	/* the code and data descriptors the next kernel is entered with */
	assert_int_equal(*(const uint64_t *)(gdt + LIMBO_GDT_CS), 0x00af9a000000ffffULL);
	assert_int_equal(*(const uint64_t *)(gdt + LIMBO_GDT_DS), 0x00cf92000000ffffULL);
	desc = (const uint8_t *)(uintptr_t)addr_of("limbo_idt_desc");
	assert_int_equal(desc[0] | desc[1] << 8, 32 * 16 - 1);
	assert_int_equal(*(const uint64_t *)(desc + 2), addr_of("limbo_idt"));
	desc = (const uint8_t *)(uintptr_t)addr_of("limbo_gdt_desc");
	assert_int_equal(*(const uint64_t *)(desc + 2), addr_of("limbo_gdt"));
	assert_int_equal(desc[0] | desc[1] << 8, 6 * 8 - 1);
}

/*
 * The plugin's prebuild (include/limbo/idt.h encoders, as limbo_prebuild_idt()
 * in layout.c calls them with the relocated addresses) must give
 * exactly the bytes the purgatory's own run-time build gives: the entry
 * loads the plugin's bytes without building, and limbo_idt_check()
 * repairs (and reports) any difference.
 */
static void test_prebuild_matches_runtime_build(void **state)
{
	uint64_t *idt = (uint64_t *)(uintptr_t)addr_of("limbo_idt");
	uint64_t *gdt = (uint64_t *)(uintptr_t)addr_of("limbo_gdt");
	uint64_t want_idt[LIMBO_IDT_VECTORS][2], want_tss[2];
	uint64_t stubs = addr_of("limbo_exc_stubs");
	uint64_t tss = addr_of("limbo_tss"), tss_end = addr_of("limbo_tss_end");
	unsigned int v;

	(void)state;
	for (v = 0; v < LIMBO_IDT_VECTORS; v++)
		limbo_gate_encode(stubs + LIMBO_IDT_STUB_SIZE * v,
				  limbo_ist_of_vector(v), want_idt[v]);
	limbo_tss_desc_encode(tss, (uint32_t)(tss_end - tss - 1), want_tss);
	memset(idt, 0, sizeof(want_idt));
	memset(&gdt[LIMBO_GDT_TSS / 8], 0, 16);
	call_idt_build(addr_of("limbo_idt_build"));
	assert_memory_equal(idt, want_idt, sizeof(want_idt));
	assert_memory_equal(&gdt[LIMBO_GDT_TSS / 8], want_tss, sizeof(want_tss));
}

/* Unloaded, the object carries no prebuilt mark: without the plugin the
 * entry builds the IDT itself. */
static void test_not_prebuilt_in_object(void **state)
{
	(void)state;
	assert_int_equal(*(uint64_t *)(uintptr_t)addr_of("limbo_idt_prebuilt"), 0);
}

/*
 * Until lidt an NMI is a triple fault (the old kernel left IDTR empty),
 * so purgatory_start must be exactly lgdt, mov $LIMBO_GDT_TSS,%ax,
 * ltr %ax, lidt: no branch before the IDT is live.  S3 caught a reset
 * at the branch of an entry that checked the loader's mark first.
 */
static void test_entry_loads_idt_first(void **state)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)addr_of("purgatory_start");
	const uint8_t lgdt[] = { 0x0f, 0x01, 0x15 };	/* lgdt disp32(%rip) */
	const uint8_t mov_ltr[] = { 0x66, 0xb8, LIMBO_GDT_TSS, 0,	/* mov $TSS,%ax */
				    0x0f, 0x00, 0xd8 };		/* ltr %ax */
	const uint8_t lidt[] = { 0x0f, 0x01, 0x1d };	/* lidt disp32(%rip) */

	(void)state;
	assert_memory_equal(p, lgdt, sizeof(lgdt));
	assert_memory_equal(p + 7, mov_ltr, sizeof(mov_ltr));
	assert_memory_equal(p + 14, lidt, sizeof(lidt));
}

/*
 * Without the loader's mark the entry's ltr loads limbo_gdt's build-time
 * TSS descriptor: it must be an available 64-bit TSS, or ltr faults with
 * no IDT.  And the first 10 bytes of limbo_gdt are the null IDT the
 * entry loads while it builds the gates.
 */
static void test_gdt_as_assembled(void **state)
{
	const uint64_t *gdt = (const uint64_t *)(uintptr_t)addr_of("limbo_gdt");
	const uint8_t zero[10] = { 0 };

	(void)state;
	assert_int_equal((gdt[LIMBO_GDT_TSS / 8] >> 40) & 0xff, LIMBO_TSS_AVAIL);
	assert_int_equal(gdt[LIMBO_GDT_TSS / 8] & 0xffff, 0x67);
	/* base 0: as assembled (this test runs before any build) */
	assert_int_equal(gdt[LIMBO_GDT_TSS / 8] & ~0x0000ff000000ffffULL, 0);
	assert_int_equal(gdt[LIMBO_GDT_TSS / 8 + 1], 0);
	assert_memory_equal(gdt, zero, sizeof(zero));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gdt_as_assembled),	/* first */
		cmocka_unit_test(test_gates),
		cmocka_unit_test(test_tss_and_descriptors),
		cmocka_unit_test(test_not_prebuilt_in_object),
		cmocka_unit_test(test_prebuild_matches_runtime_build),
		cmocka_unit_test(test_entry_loads_idt_first),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s PURGATORY.ro\n", argv[0]);
		return 2;
	}
	ro_path = argv[1];
	return cmocka_run_group_tests_name("idt", tests, setup, NULL);
}
