// SPDX-License-Identifier: GPL-2.0-only
/*
 * Polled console: 8250 UART at serial_base and/or VGA text at 0xb8000,
 * each only when kexec asked for it (--console-serial, --console-vga).
 */
#include <limbo/format.h>
#include "hw.h"
#include "purgatory.h"

#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define  LCR_8N1	0x03
#define  LCR_DLAB	0x80
#define  MCR_DTR_RTS	0x03
#define  LSR_THRE	0x20
#define  LSR_TEMT	0x40
#define UART_CLOCK	115200
/*
 * How long to wait for the transmitter, per character: a time, not a
 * count of polls, because a poll's cost varies (under TCG each is an exit
 * to a host that may be loaded; 100,000 polls were seen to run out and
 * lose characters).  2^27 TSC cycles is 30-130 ms at 1-4 GHz.  After a
 * few timeouts in a row the UART is taken for dead and never waited for
 * again, so a stuck one costs well under a second, not one wait per
 * character of every line.
 */
#define UART_WAIT_CYCLES	(1ULL << 27)
#define UART_DEAD_AFTER		4

#define VGA_TEXT	0xb8000UL
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x0700

static int serial_on, vga_on;
static unsigned int vga_row, vga_col;

static void serial_setup(void)
{
	uint16_t b = serial_base;

	outb(0, b + UART_IER);			/* polled: no interrupts */
	outb(0, b + UART_FCR);
	outb(LCR_8N1, b + UART_LCR);
	outb(MCR_DTR_RTS, b + UART_MCR);
	if (serial_baud) {			/* 0: keep the old divisor */
		uint32_t div = UART_CLOCK / serial_baud;

		if (!div)
			div = 1;
		outb(LCR_8N1 | LCR_DLAB, b + UART_LCR);
		outb(div & 0xff, b + UART_DLL);
		outb((div >> 8) & 0xff, b + UART_DLM);
		outb(LCR_8N1, b + UART_LCR);
	}
	serial_on = 1;
}

static unsigned int uart_timeouts;

static void serial_wait(uint8_t bit)
{
	uint64_t t0 = rdtsc();

	if (uart_timeouts >= UART_DEAD_AFTER)
		return;
	do {
		if (inb(serial_base + UART_LSR) & bit) {
			uart_timeouts = 0;
			return;
		}
	} while (rdtsc() - t0 < UART_WAIT_CYCLES);
	uart_timeouts++;
}

static void serial_putc(char c)
{
	serial_wait(LSR_THRE);
	outb((uint8_t)c, serial_base + UART_THR);
}

static void vga_putc(char c)
{
	volatile uint16_t *fb = (volatile uint16_t *)VGA_TEXT;
	unsigned int i;

	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else if (c != '\r') {
		fb[vga_row * VGA_COLS + vga_col] = VGA_ATTR | (uint8_t)c;
		if (++vga_col == VGA_COLS) {
			vga_col = 0;
			vga_row++;
		}
	}
	if (vga_row < VGA_ROWS)
		return;
	for (i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		fb[i] = fb[i + VGA_COLS];
	for (; i < VGA_ROWS * VGA_COLS; i++)
		fb[i] = VGA_ATTR | ' ';
	vga_row = VGA_ROWS - 1;
}

void console_init(void)
{
	if (console_serial)
		serial_setup();
	vga_on = console_vga;
}

/* Used when something must be said even though no console was asked for. */
void console_force_serial(void)
{
	if (!serial_on)
		serial_setup();
}

static void console_putc(char c)
{
	if (serial_on) {
		if (c == '\n')
			serial_putc('\r');
		serial_putc(c);
	}
	if (vga_on)
		vga_putc(c);
}

void lvprintf(const char *fmt, va_list ap)
{
	char line[160];
	int n, i;

	if (!serial_on && !vga_on)
		return;
	n = limbo_vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	for (i = 0; i < n; i++)
		console_putc(line[i]);
	if (serial_on)
		serial_wait(LSR_TEMT);	/* out on the wire before we go on */
}

void lprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lvprintf(fmt, ap);
	va_end(ap);
}
