// SPDX-License-Identifier: GPL-2.0-only
/*
 * 8259A pair.  A command-port write with bit 4 set is ICW1 and starts
 * the initialisation sequence (ICW2, ICW3, and ICW4 if ICW1 bit 0 asked
 * for it, on the data port); otherwise command writes are OCW2/OCW3 and
 * data writes are OCW1, the interrupt mask register.  Reads of the data
 * port return the IMR, of the command port the IRR or (after OCW3 RIS)
 * the ISR.
 */
#include <string.h>
#include "hw_model.h"
#include "pic_regs.h"

void pic_model_init(struct pic_model *m)
{
	memset(m, 0, sizeof(*m));
}

int pic_model_claims(uint16_t port)
{
	return port == PIC_MASTER_CMD || port == PIC_MASTER_DATA ||
	       port == PIC_SLAVE_CMD || port == PIC_SLAVE_DATA;
}

static struct pic_chip *chip(struct pic_model *m, uint16_t port)
{
	return &m->chip[port == PIC_SLAVE_CMD || port == PIC_SLAVE_DATA];
}

uint8_t pic_model_in(struct pic_model *m, uint16_t port)
{
	struct pic_chip *c = chip(m, port);

	if (port == PIC_MASTER_DATA || port == PIC_SLAVE_DATA)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

void pic_model_out(struct pic_model *m, uint16_t port, uint8_t v)
{
	struct pic_chip *c = chip(m, port);

	if (port == PIC_MASTER_CMD || port == PIC_SLAVE_CMD) {
		c->cmd_writes++;
		if (v & PIC_ICW1_INIT) {
			c->icw_next = 2;
			c->icw4_needed = v & PIC_ICW1_ICW4;
			c->imr = 0;
			c->isr = 0;
			c->read_isr = 0;
		} else if (v & PIC_OCW3_SELECT) {	/* OCW3 (not OCW2) */
			if (v & 2)
				c->read_isr = v & 1;
		}
		return;
	}
	switch (c->icw_next) {
	case 2:
		c->vector_base = v & 0xf8;
		c->icw_next = 3;
		return;
	case 3:
		c->icw_next = c->icw4_needed ? 4 : 0;
		return;
	case 4:
		c->icw_next = 0;
		return;
	}
	c->imr = v;
	c->imr_writes++;
}
