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

void pic_model_init(struct pic_model *m)
{
	memset(m, 0, sizeof(*m));
}

int pic_model_claims(uint16_t port)
{
	return port == 0x20 || port == 0x21 || port == 0xa0 || port == 0xa1;
}

static struct pic_chip *chip(struct pic_model *m, uint16_t port)
{
	return &m->chip[(port & 0x80) ? 1 : 0];
}

uint8_t pic_model_in(struct pic_model *m, uint16_t port)
{
	struct pic_chip *c = chip(m, port);

	if (port & 1)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

void pic_model_out(struct pic_model *m, uint16_t port, uint8_t v)
{
	struct pic_chip *c = chip(m, port);

	if (!(port & 1)) {
		c->cmd_writes++;
		if (v & 0x10) {			/* ICW1 */
			c->icw_next = 2;
			c->icw4_needed = v & 1;
			c->imr = 0;
			c->isr = 0;
			c->read_isr = 0;
		} else if ((v & 0x18) == 0x08) {	/* OCW3 */
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
