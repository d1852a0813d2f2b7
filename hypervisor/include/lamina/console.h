/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's log: every line goes to the serial console (when its level passes loglvl=)
 * and to the console ring that `xl dmesg` reads. Lines start with "(XEN) " as under Xen, so that
 * logs from both read alike.
 */
#ifndef LAMINA_CONSOLE_H
#define LAMINA_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <lamina/cmdline.h>

void console_init(void);
void console_set_loglvl(int loglvl);

__attribute__((format(printf, 2, 3))) void printk(int level, const char *fmt, ...);
void vprintk(int level, const char *fmt, va_list ap);

#define log_err(...)   printk(LOGLVL_ERROR, __VA_ARGS__)
#define log_warn(...)  printk(LOGLVL_WARNING, __VA_ARGS__)
#define log_info(...)  printk(LOGLVL_INFO, __VA_ARGS__)
#define log_debug(...) printk(LOGLVL_DEBUG, __VA_ARGS__)

/* A guest's console output: buffered per domain and printed a line at a time as "(dN) ...". */
struct domain;
void console_guest_write(struct domain *d, const char *s, size_t n);

/* Copies ring contents from *index on (see console_ring_read). */
size_t console_read_ring(uint32_t *index, char *out, size_t len);

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (__builtin_expect(!!(cond), 0))                                                 \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);                      \
	} while (0)

#if CONFIG_DEBUG_CHECKS
#define ASSERT(cond) BUG_ON(!(cond))
#else
#define ASSERT(cond) ((void)0)
#endif

#endif
