/* SPDX-License-Identifier: MIT */
/* Nested page tables: each domain's guest-physical to host-physical map. */
#ifndef ASM_NPT_H
#define ASM_NPT_H

#include <stdbool.h>
#include <stdint.h>

struct domain;

#define NPT_READ  1u
#define NPT_WRITE 2u
#define NPT_EXEC  4u
#define NPT_RWX	  (NPT_READ | NPT_WRITE | NPT_EXEC)

/* Guest-physical addresses are limited to 48 bits by 4-level tables. */
#define NPT_MAX_GFN (1ULL << (48 - 12))

int npt_init(struct domain *d);
void npt_destroy(struct domain *d);
/* Maps nr 4 KiB frames; replaces existing mappings. 0 or -ENOMEM/-EINVAL. */
int npt_map(struct domain *d, uint64_t gfn, uint64_t mfn, uint64_t nr, unsigned int perms);
void npt_unmap(struct domain *d, uint64_t gfn, uint64_t nr);
/* The host frame behind gfn, or false when nothing (or, with want_write, nothing writable) is
 * there. */
bool npt_lookup(struct domain *d, uint64_t gfn, bool want_write, uint64_t *mfn);

#endif
