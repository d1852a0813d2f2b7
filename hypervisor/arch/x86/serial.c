// SPDX-License-Identifier: MIT
/*
 * COM1, the boot console: 115200 8n1, polled. Once the hardware domain owns COM1, the same text
 * goes to I/O port 0xe9, which QEMU's -debugcon (and Bochs) turn into a byte stream.
 */
#include <asm/cpu.h>
#include <asm/serial.h>

#define COM1	 0x3f8
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_DLL 0
#define UART_DLM 1
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define DEBUGCON 0xe9

static bool com1_handed_over;

void serial_hand_over(void)
{
	com1_handed_over = true;
}

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1); /* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, 0x03); /* 8n1 */
	outb(COM1 + UART_FCR, 0x07); /* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

static void serial_putc(char c)
{
	/* Bounded wait: a wedged UART must not hang the hypervisor. */
	for (int spins = 0; spins < 100000 && !(inb(COM1 + UART_LSR) & LSR_THRE); spins++)
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	if (com1_handed_over) {
		for (size_t i = 0; i < n; i++)
			outb(DEBUGCON, (uint8_t)s[i]);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
