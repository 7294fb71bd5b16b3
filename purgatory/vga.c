// SPDX-License-Identifier: GPL-2.0-only
/*
 * --reset-vga: put a VGA adapter back into 80x25 colour text (mode 3)
 * by loading the standard IBM VGA mode 3 register set.
 */
#include <stddef.h>
#include "hw.h"
#include "purgatory.h"

#define VGA_MISC_W	0x3c2
#define VGA_SEQ		0x3c4
#define VGA_GC		0x3ce
#define VGA_CRTC	0x3d4
#define VGA_ATTR	0x3c0
#define VGA_IS1		0x3da	/* reading it resets the attribute flip-flop */

static const uint8_t seq_mode3[] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t crtc_mode3[] = {
	0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f,
	0x00, 0x4f, 0x20, 0x0e, 0x00, 0x00, 0x01, 0xe0,
	0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t gc_mode3[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff,
};
static const uint8_t attr_mode3[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x0c, 0x00, 0x0f, 0x08, 0x00,
};

static void load_indexed(uint16_t port, const uint8_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		outw((uint16_t)(v[i] << 8 | i), port);
}

void vga_reset_text_mode(void)
{
	size_t i;

	inb(VGA_IS1);
	outb(0x00, VGA_ATTR);			/* blank while we reprogram */
	outb(0x67, VGA_MISC_W);			/* colour, 28 MHz, sync polarity */
	load_indexed(VGA_SEQ, seq_mode3, sizeof(seq_mode3));
	outw(0x0e11, VGA_CRTC);			/* unlock CRTC 0-7 */
	load_indexed(VGA_CRTC, crtc_mode3, sizeof(crtc_mode3));
	load_indexed(VGA_GC, gc_mode3, sizeof(gc_mode3));
	for (i = 0; i < sizeof(attr_mode3); i++) {
		inb(VGA_IS1);
		outb((uint8_t)i, VGA_ATTR);
		outb(attr_mode3[i], VGA_ATTR);
	}
	inb(VGA_IS1);
	outb(0x20, VGA_ATTR);			/* palette access off: display on */
}
