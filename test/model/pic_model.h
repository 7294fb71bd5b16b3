/* SPDX-License-Identifier: GPL-2.0-only */
/* The 8259A pair at ports 0x20/0x21 (master) and 0xa0/0xa1 (slave). */
#ifndef LIMBO_PIC_MODEL_H
#define LIMBO_PIC_MODEL_H

#include <stdint.h>

struct pic_chip {
	uint8_t imr, irr, isr;
	uint8_t icw_next;		/* 0: operational, 2-4: ICW expected */
	uint8_t icw4_needed;
	uint8_t read_isr;		/* OCW3 RIS */
	uint8_t vector_base;		/* ICW2 */
	unsigned int imr_writes, cmd_writes;
};

struct pic_model {
	struct pic_chip chip[2];	/* 0: master, 1: slave */
};

void pic_model_init(struct pic_model *m);
int pic_model_claims(uint16_t port);
uint8_t pic_model_in(struct pic_model *m, uint16_t port);
void pic_model_out(struct pic_model *m, uint16_t port, uint8_t v);

#endif /* LIMBO_PIC_MODEL_H */
