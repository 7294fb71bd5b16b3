// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console of limbo's purgatory for an image loaded with
 * kexec_file_load: this kernel's own serial console, when it has one on
 * an 8250 in I/O port space (the purgatory polls a 16550 by port number).
 * kexec-tools' purgatory ABI has three symbols for it, which its
 * --console-serial option sets: console_serial, serial_base and
 * serial_baud, left 0 here so that the purgatory keeps the divisor this
 * kernel programmed.
 */
#define pr_fmt(fmt)	"kexec-limbo: " fmt

#include <linux/console.h>
#include <linux/kexec.h>
#include <linux/serial_core.h>
#include <linux/string.h>
#include <asm/kexec-limbo.h>

/* The I/O port of the first enabled ttyS console, or 0. */
static unsigned long limbo_console_port(void)
{
	unsigned long iobase = 0;
	struct console *con;
	int cookie;

	cookie = console_srcu_read_lock();
	for_each_console_srcu(con) {
		struct uart_driver *drv = con->data;
		struct uart_port *port;

		if (!(console_srcu_read_flags(con) & CON_ENABLED) ||
		    strcmp(con->name, "ttyS") || !drv || con->index < 0 ||
		    con->index >= drv->nr)
			continue;
		port = drv->state[con->index].uart_port;
		if (port && port->iotype == UPIO_PORT && port->iobase &&
		    port->iobase <= 0xfff8) {
			iobase = port->iobase;
			break;
		}
	}
	console_srcu_read_unlock(cookie);
	return iobase;
}

int kexec_limbo_console(struct kimage *image)
{
	unsigned long iobase = limbo_console_port();
	u16 base = iobase;
	u8 on = 1;
	int ret;

	if (!iobase)
		return 0;
	ret = kexec_purgatory_get_set_symbol(image, "serial_base", &base,
					     sizeof(base), false);
	if (!ret)
		ret = kexec_purgatory_get_set_symbol(image, "console_serial",
						     &on, sizeof(on), false);
	if (!ret)
		kexec_dprintk("limbo: purgatory console on the 8250 at %#lx\n",
			      iobase);
	return ret;
}
