// SPDX-License-Identifier: MIT
/*
 * console_io, as Xen 4.17's do_console_io and guest_console_write define it: CONSOLEIO_write
 * returns 0 (not a count), copies at most 127 bytes at a time and fails with -EFAULT as soon as
 * a chunk cannot be read; XSM lets only the control domain use other sub-ops (unknown ones give
 * -ENOSYS there, -EPERM to any other domain). The harness checks that the long line and the
 * bytes written to port 0xE9 reach the log.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>

const char test_name[] = "console_io";

#define CONSOLEIO_UNKNOWN 0x7777

/* The harness looks for this line, written by one hypercall in several of Xen's chunks. */
#define LONG_LINE_NUMBERS 120

static uint8_t two_pages[2 * PAGE_SIZE_4K] PAGE_ALIGNED;

static void write_long_line(void)
{
	char line[512];
	size_t len = 0;
	int i;

	len += snprintf(line, sizeof(line), "long line:");
	for (i = 1; i <= LONG_LINE_NUMBERS; i++)
		len += snprintf(line + len, sizeof(line) - len, "%s%d", i > 1 ? "-" : " ", i);
	line[len++] = '\n';
	EXPECT_TRUE(len > 3 * 127);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, len, line), 0);
}

static void write_huge_length(void)
{
	static const char text[] = "cut short";
	uint8_t *second = two_pages + PAGE_SIZE_4K;
	char *tail = (char *)second - sizeof(text);
	uint64_t saved = pte_get(second);

	/* "cut short\n" ends at a page boundary and the next page is not present. */
	memcpy(tail, text, sizeof(text));
	tail[sizeof(text) - 1] = '\n';
	pte_set(second, 0);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 0xffffffffUL, tail), -XEN_EFAULT);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, sizeof(text) + 1, tail), -XEN_EFAULT);
	pte_set(second, saved);
	/* Up to the boundary, the same text is fine. */
	EXPECT_RC(hc_console_io(CONSOLEIO_write, sizeof(text), tail), 0);
}

/* The other output path: the contract shows port 0xE9 bytes as the domain's lines too. */
static void write_debug_port(void)
{
	static const char text[] = "written to port 0xe9\n";
	const char *p;

	for (p = text; *p; p++)
		outb(0xe9, (uint8_t)*p);
}

void test_main(void)
{
	static const char hello[] = "hello from console_io\n";

	write_debug_port();

	EXPECT_RC(hc_console_io(CONSOLEIO_write, sizeof(hello) - 1, hello), 0);
	write_long_line();

	/* Zero bytes: nothing is read, so even a null pointer is fine. */
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 0, hello), 0);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 0, NULL), 0);

	/* Unreadable buffers. */
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 5, (const void *)0x10), -XEN_EFAULT);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 5, (const void *)UNBACKED_VA), -XEN_EFAULT);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 5, (const void *)0x0000800000000000), -XEN_EFAULT);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 5, (const void *)0xffffffffffff0000), -XEN_EFAULT);
	write_huge_length();

	if (is_initial_domain()) {
		EXPECT_RC(hc_console_io(CONSOLEIO_UNKNOWN, 1, hello), -XEN_ENOSYS);
		EXPECT_RC(hc_console_io(0xffffffffUL, 1, hello), -XEN_ENOSYS);
	} else {
		EXPECT_RC(hc_console_io(CONSOLEIO_UNKNOWN, 1, hello), -XEN_EPERM);
	}
}
