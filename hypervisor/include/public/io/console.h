/* SPDX-License-Identifier: MIT */
/*
 * The PV console page, Xen 4.17 ABI: two byte rings in one shared page. "in" carries bytes from
 * the backend to the guest, "out" from the guest to the backend. Indices are free-running
 * 32-bit counters; a byte lives at index & (ring size - 1). Checked against libxen-dev by
 * tests/abi (group "console").
 */
#ifndef LAMINA_PUBLIC_IO_CONSOLE_H
#define LAMINA_PUBLIC_IO_CONSOLE_H

#include <public/xen.h>

#define XENCONS_IN_SIZE	 1024
#define XENCONS_OUT_SIZE 2048

#ifndef __ASSEMBLER__
typedef uint32_t XENCONS_RING_IDX;

struct xencons_interface {
	char in[XENCONS_IN_SIZE];
	char out[XENCONS_OUT_SIZE];
	XENCONS_RING_IDX in_cons;
	XENCONS_RING_IDX in_prod;
	XENCONS_RING_IDX out_cons;
	XENCONS_RING_IDX out_prod;
};

/* Offset of index idx in a ring of size bytes (a power of two). */
static inline uint32_t xencons_mask(XENCONS_RING_IDX idx, uint32_t size)
{
	return idx & (size - 1);
}
#endif /* __ASSEMBLER__ */
#endif
