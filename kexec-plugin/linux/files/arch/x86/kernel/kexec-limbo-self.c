// SPDX-License-Identifier: GPL-2.0-only
/*
 * The digest of limbo's own code and constants for its self-check.  The
 * purgatory segment is outside the digest kexec computes (the kernel
 * writes into it afterwards), so a byte of the purgatory's code changed
 * between load and crash would go unnoticed while the purgatory vouches
 * for every other segment.  Hash the relocated .text and .rodata,
 * [purgatory_start, limbo_ro_end) as placed, into limbo_config; the
 * purgatory hashes the same range from its own symbols first thing and
 * stops, loudly, on a mismatch.
 */
#define pr_fmt(fmt)	"kexec-limbo: " fmt

#include <linux/err.h>
#include <linux/kexec.h>
#include <crypto/sha2.h>
#include <asm/kexec-limbo.h>

#include <limbo/config.h>

static unsigned long limbo_addr(struct kimage *image, const char *name)
{
	void *addr = kexec_purgatory_get_symbol_addr(image, name);

	return IS_ERR(addr) ? 0 : (unsigned long)addr;
}

int kexec_limbo_self_digest(struct kimage *image, struct limbo_config *cfg)
{
	void *buf = image->purgatory_info.purgatory_buf;
	unsigned long start, end, i;
	struct kexec_segment *seg = NULL;

	for (i = 0; i < image->nr_segments; i++)
		if (image->segment[i].kbuf == buf)
			seg = &image->segment[i];
	start = limbo_addr(image, "purgatory_start");
	end = limbo_addr(image, "limbo_ro_end");
	if (!seg || !start || start < seg->mem || end <= start ||
	    end - seg->mem > seg->bufsz || end - start > LIMBO_CFG_MAX_SELF) {
		pr_err("the purgatory's code and constants are not one placed range\n");
		return -ENOEXEC;
	}
	cfg->self_len = end - start;
	sha256(buf + (start - seg->mem), cfg->self_len, cfg->self_sha256);
	kexec_dprintk("limbo: self-check digest over %#lx-%#lx (%llu bytes)\n",
		      start, end, cfg->self_len);
	return 0;
}
