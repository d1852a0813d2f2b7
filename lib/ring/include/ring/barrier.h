/* SPDX-License-Identifier: MIT */
/*
 * Memory ordering between two ends of a shared ring on x86-64, and single-copy accesses to the
 * shared indices. x86-64 is TSO: loads are not reordered with older loads, stores are not
 * reordered with older stores, but a load may pass an older store to a different address. So
 * read and write barriers only have to stop the compiler; the full barrier must also stop the
 * CPU. The peer may run on another CPU, in another domain, at any time.
 */
#ifndef RING_BARRIER_H
#define RING_BARRIER_H

#include <stdint.h>

#if !defined(__x86_64__)
#error "lib/ring's barriers are written for x86-64 only"
#endif

/* Keeps the compiler from moving memory accesses across this point or caching them in registers. */
static inline void ring_compiler_barrier(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* Loads before it complete before loads after it: free on x86-64 (load-load order is kept). */
static inline void ring_rmb(void)
{
	ring_compiler_barrier();
}

/* Stores before it become visible before stores after it: free on x86-64 (store order is kept). */
static inline void ring_wmb(void)
{
	ring_compiler_barrier();
}

/*
 * Stores before it are visible before loads after it execute. x86-64 needs a serialising
 * instruction for this; a locked add of zero to the top of our own stack is one, and is cheaper
 * than mfence on current cores. It changes no data, so it is safe with or without a red zone.
 */
static inline void ring_mb(void)
{
	__asm__ __volatile__("lock; addl $0, (%%rsp)" ::: "memory", "cc");
}

/*
 * Exactly one 32-bit load of a shared index: the compiler may neither split nor repeat it, so a
 * value checked once is the value used.
 */
static inline uint32_t ring_read_once(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Exactly one 32-bit store of a shared index (no torn or repeated writes). */
static inline void ring_write_once(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

#endif
