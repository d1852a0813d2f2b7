/* SPDX-License-Identifier: MIT */
/* The console ring (see lamina/console_ring.h). Indices are compared by unsigned difference. */
#include <lamina/console_ring.h>

void console_ring_init(struct console_ring *r, char *buf, uint32_t size)
{
	while (size & (size - 1))
		size &= size - 1; /* clears the lowest set bit until one is left */
	r->buf = buf;
	r->size = size;
	r->prod = 0;
	r->held = 0;
}

void console_ring_put(struct console_ring *r, const char *s, size_t n)
{
	uint32_t mask = r->size - 1;

	if (r->size == 0)
		return;
	/* Of a write longer than the ring only its tail survives. */
	if (n > r->size) {
		r->prod += (uint32_t)(n - r->size);
		s += n - r->size;
		n = r->size;
	}
	for (size_t i = 0; i < n; i++)
		r->buf[(r->prod + i) & mask] = s[i];
	r->prod += (uint32_t)n;
	r->held = n >= r->size - r->held ? r->size : r->held + (uint32_t)n;
}

uint32_t console_ring_oldest(const struct console_ring *r)
{
	return r->prod - r->held;
}

size_t console_ring_read(const struct console_ring *r, uint32_t *index, char *out, size_t len)
{
	uint32_t avail = r->prod - *index;
	size_t n;

	if (avail > r->held) {
		*index = console_ring_oldest(r);
		avail = r->held;
	}
	n = len < avail ? len : avail;
	for (size_t i = 0; i < n; i++)
		out[i] = r->buf[(*index + i) & (r->size - 1)];
	*index += (uint32_t)n;
	return n;
}
