// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8259A pair.  mask: OCW1 0xff on both.  reinit: the full ICW1-ICW4
 * sequence to the layout the BIOS leaves (master vectors 0x08, slave
 * 0x70, slave cascaded on IR2, 8086 mode, normal EOI), for a next kernel
 * or boot path that expects it, then masked.  In-service bits are reset
 * by ICW1, so nothing stays stuck in service either.
 */
#include "hw.h"
#include "purgatory.h"

#define PIC_M_CMD	0x20
#define PIC_M_DATA	0x21
#define PIC_S_CMD	0xa0
#define PIC_S_DATA	0xa1

void pic_quiesce(void)
{
	if (cfg->pic == LIMBO_PIC_REINIT) {
		outb(0x11, PIC_M_CMD);		/* ICW1: edge, cascade, ICW4 */
		outb(0x11, PIC_S_CMD);
		outb(0x08, PIC_M_DATA);		/* ICW2: vector base */
		outb(0x70, PIC_S_DATA);
		outb(0x04, PIC_M_DATA);		/* ICW3: slave on IR2 */
		outb(0x02, PIC_S_DATA);		/* ICW3: cascade identity 2 */
		outb(0x01, PIC_M_DATA);		/* ICW4: 8086 mode */
		outb(0x01, PIC_S_DATA);
	}
	outb(0xff, PIC_S_DATA);
	outb(0xff, PIC_M_DATA);
	lprintf("limbo: pic: both 8259s %s\n",
		cfg->pic == LIMBO_PIC_REINIT ? "reinitialised (0x08/0x70) and masked" :
		"masked");
}
