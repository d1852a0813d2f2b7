/* SPDX-License-Identifier: MIT */
/*
 * Translation of a guest-virtual address the way the guest's own MMU would do it: paging off,
 * 32-bit 2-level paging (4 MiB pages with CR4.PSE), PAE 3-level and long-mode 4-level paging
 * (2 MiB and 1 GiB pages), with the permission checks of the access (write, user, SMAP, SMEP,
 * NX) and the reserved-bit checks a real walk does. 5-level paging is refused.
 * Accessed and dirty bits are not set: the walk only reads the guest's tables.
 */
#ifndef LAMINA_GUEST_WALK_H
#define LAMINA_GUEST_WALK_H

#include <stdint.h>

struct guest_paging {
	uint64_t cr0, cr3, cr4, efer, rflags;
	unsigned int cpl;
	unsigned int maxphyaddr; /* the guest's CPUID 0x80000008 EAX[7:0]; 0 means 52 */
};

#define GW_WRITE 1u
#define GW_FETCH 2u
/*
 * The hypervisor accessing memory on the guest's behalf (hypercall arguments): a supervisor
 * access whatever pg->cpl is. SMAP still honours RFLAGS.AC, as Xen's copies do, because Linux
 * hands user pointers to hypercalls (privcmd) inside stac/clac.
 */
#define GW_IMPLICIT_SUPERVISOR 4u

/* Reads the 8-byte-aligned guest-physical qword at gpa: 0, or -EFAULT. */
typedef int (*gw_read_fn)(void *ctx, uint64_t gpa, uint64_t *value);

/*
 * Returns 0 with *gpa, or -EFAULT with *why, a static reason (why may be NULL). Page-table
 * entries are read only through read(), always as aligned qwords inside the table's page.
 */
int guest_walk(const struct guest_paging *pg, uint64_t gva, unsigned int access, gw_read_fn read,
	       void *ctx, uint64_t *gpa, const char **why);

#endif /* LAMINA_GUEST_WALK_H */
