// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-segment digests for limbo's purgatory (struct limbo_regions,
 * limbo/abi.h).  The purgatory's verdict is the one digest over every
 * hashed segment that kexec_calculate_store_digests() writes; when it
 * fails, the purgatory hashes each region again on its own and compares
 * it with these, to name the segment that changed (kernel, initrd, boot
 * parameters, ELF core header, limbo's tables) instead of only saying
 * that one did.
 *
 * The list must be kexec_calculate_store_digests()'s, in its order: the
 * purgatory uses these only when every (start, len) equals the matching
 * purgatory_sha_regions entry, so a list that drifted from it is ignored,
 * never trusted.
 */
#define pr_fmt(fmt)	"kexec-limbo: " fmt

#include <linux/kexec.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <crypto/sha2.h>
#include <asm/kexec-limbo.h>

#include <limbo/abi.h>
#include <limbo/config.h>

/* The segments kexec_calculate_store_digests() leaves out of the digest. */
static bool limbo_unhashed(struct kimage *image, int i)
{
#ifdef CONFIG_CRASH_HOTPLUG
	if (i == image->elfcorehdr_index)
		return true;
#endif
#ifdef CONFIG_IMA_KEXEC
	if (image->is_ima_segment_index_set && i == image->ima_segment_index)
		return true;
#endif
	return image->segment[i].kbuf == image->purgatory_info.purgatory_buf;
}

/* The segment's memory as the purgatory will hash it: zeros after bufsz. */
static void limbo_segment_digest(const struct kexec_segment *s, u8 *out)
{
	const u8 *zero = page_address(ZERO_PAGE(0));
	struct sha256_state sctx;
	size_t tail = s->memsz - s->bufsz;

	sha256_init(&sctx);
	sha256_update(&sctx, s->kbuf, s->bufsz);
	while (tail) {
		size_t n = min_t(size_t, tail, PAGE_SIZE);

		sha256_update(&sctx, zero, n);
		tail -= n;
	}
	sha256_final(&sctx, out);
}

static u32 limbo_kind(struct kimage *image, unsigned long mem,
		      const struct kexec_limbo_segments *at, u64 tables)
{
#ifdef CONFIG_CRASH_DUMP
	if (image->type == KEXEC_TYPE_CRASH && mem == image->elf_load_addr)
		return LIMBO_REGION_ELFCOREHDR;
#endif
	if (mem == at->kernel)
		return LIMBO_REGION_KERNEL;
	if (at->initrd && mem == at->initrd)
		return LIMBO_REGION_INITRD;
	if (mem == at->bootparams)
		return LIMBO_REGION_BOOTPARAMS;
	if (tables && mem == tables)
		return LIMBO_REGION_TABLES;
	return LIMBO_REGION_OTHER;
}

int kexec_limbo_regions(struct kimage *image,
			const struct kexec_limbo_segments *at)
{
	struct limbo_config cfg;	/* where the tables went */
	struct limbo_regions *lr;
	unsigned long i;
	int ret;

	ret = kexec_purgatory_get_set_symbol(image, "limbo_config", &cfg,
					     sizeof(cfg), true);
	if (ret)
		return ret;
	lr = kzalloc(sizeof(*lr), GFP_KERNEL);
	if (!lr)
		return -ENOMEM;
	lr->magic = LIMBO_REGIONS_MAGIC;
	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *s = &image->segment[i];

		if (limbo_unhashed(image, i))
			continue;
		if (lr->count == LIMBO_SHA256_REGIONS) {
			ret = -EINVAL;
			goto out;
		}
		lr->r[lr->count].start = s->mem;
		lr->r[lr->count].len = s->memsz;
		lr->r[lr->count].kind = limbo_kind(image, s->mem, at,
						   cfg.tables_addr);
		limbo_segment_digest(s, lr->r[lr->count].sha256);
		lr->count++;
	}
	ret = kexec_purgatory_get_set_symbol(image, "limbo_regions", lr,
					     sizeof(*lr), false);
out:
	kfree(lr);
	return ret;
}
