/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's in-memory log, read later by `xl dmesg`: a byte ring that keeps the newest
 * size bytes. prod counts every byte ever written and wraps at 2^32; readers keep their own
 * free-running index, so any number of them can follow the log independently.
 * The caller provides the storage and serialises all calls.
 */
#ifndef LAMINA_CONSOLE_RING_H
#define LAMINA_CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>

struct console_ring {
	char *buf;
	uint32_t size; /* a power of two */
	uint32_t prod; /* free-running count of bytes written */
	uint32_t held; /* bytes the ring holds: min(bytes written, size) */
};

/* size is rounded down to a power of two (0 makes a ring that keeps nothing). */
void console_ring_init(struct console_ring *r, char *buf, uint32_t size);

void console_ring_put(struct console_ring *r, const char *s, size_t n);

/*
 * Copies up to len bytes from *index (free-running) on and advances *index past them; returns
 * the number copied. An index older than the oldest byte still held, or newer than prod, is
 * first moved to the oldest byte held, so a slow reader loses the overwritten bytes only.
 */
size_t console_ring_read(const struct console_ring *r, uint32_t *index, char *out, size_t len);

/* The index of the oldest byte the ring still holds. */
uint32_t console_ring_oldest(const struct console_ring *r);

#endif /* LAMINA_CONSOLE_RING_H */
