/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 8259A pair's I/O ports and the initialisation words limbo uses
 * (8259A datasheet), declared once: purgatory/pic.c drives them and the
 * test register model (test/model/pic_model.c) decodes them.
 */
#ifndef LIMBO_PIC_REGS_H
#define LIMBO_PIC_REGS_H

#define PIC_MASTER_CMD		0x20
#define PIC_MASTER_DATA		0x21
#define PIC_SLAVE_CMD		0xa0
#define PIC_SLAVE_DATA		0xa1

#define PIC_ICW1_INIT		0x10	/* a command write with this bit is ICW1 */
#define PIC_ICW1_ICW4		0x01	/* an ICW4 follows */
#define PIC_OCW3_SELECT		0x08	/* a command write with this bit (not ICW1) is OCW3 */
#define PIC_ICW4_8086		0x01

#endif /* LIMBO_PIC_REGS_H */
