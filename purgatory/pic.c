// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 8259A pair.  mask: OCW1 0xff on both.  reinit: the full ICW1-ICW4
 * sequence to the layout the BIOS leaves (master vectors 0x08, slave
 * 0x70, slave cascaded on IR2, 8086 mode, normal EOI), for a next kernel
 * or boot path that expects it, then masked.  In-service bits are reset
 * by ICW1, so nothing stays stuck in service either.
 */
#include "hw.h"
#include "pic_regs.h"
#include "purgatory.h"

#define ICW1	(PIC_ICW1_INIT | PIC_ICW1_ICW4)	/* edge, cascade, ICW4 follows */

void pic_quiesce(void)
{
	if (cfg->pic == LIMBO_PIC_REINIT) {
		outb(ICW1, PIC_MASTER_CMD);
		outb(ICW1, PIC_SLAVE_CMD);
		outb(0x08, PIC_MASTER_DATA);	/* ICW2: vector base */
		outb(0x70, PIC_SLAVE_DATA);
		outb(0x04, PIC_MASTER_DATA);	/* ICW3: slave on IR2 */
		outb(0x02, PIC_SLAVE_DATA);	/* ICW3: cascade identity 2 */
		outb(PIC_ICW4_8086, PIC_MASTER_DATA);
		outb(PIC_ICW4_8086, PIC_SLAVE_DATA);
	}
	outb(0xff, PIC_SLAVE_DATA);		/* OCW1: every line masked */
	outb(0xff, PIC_MASTER_DATA);
	lprintf("limbo: pic: both 8259s %s\n",
		cfg->pic == LIMBO_PIC_REINIT ? "reinitialised (0x08/0x70) and masked" :
		"masked");
}
