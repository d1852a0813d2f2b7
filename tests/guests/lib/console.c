// SPDX-License-Identifier: MIT
#include <stdbool.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/hypercall.h>

#define DEBUG_PORT 0xe9

static bool use_console_io;

void console_init(void)
{
	use_console_io = running_on_xen();
}

static void debug_port_write(const char *text, size_t len)
{
	while (len--)
		outb(DEBUG_PORT, (uint8_t)*text++);
}

void console_write(const char *text, size_t len)
{
	long rc;

	if (use_console_io) {
		rc = hc_console_io(CONSOLEIO_write, len, text);
		if (rc == 0)
			return;
		/* Keep the log readable: say once why output moves to the debug port. */
		use_console_io = false;
		printf("console_io(CONSOLEIO_write) returned %ld; using port 0xe9\n", rc);
	}
	debug_port_write(text, len);
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
