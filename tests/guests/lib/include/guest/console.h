/* SPDX-License-Identifier: MIT */
/*
 * Guest output. Lines go to the hypervisor console through console_io(CONSOLEIO_write); without
 * a Xen-compatible hypervisor (plain QEMU while developing) they go to the debug port 0xE9.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <lamina/lib.h>

void console_init(void);
void console_write(const char *text, size_t len);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
