/* SPDX-License-Identifier: MIT */
/*
 * Copying to and from hypercall arguments. Pointers are guest-virtual: each page is translated
 * through the guest's own page tables (with its permissions, SMAP and CR0.WP) and then its
 * nested page tables. Any failure is -EFAULT; nothing is ever injected into the guest.
 */
#ifndef LAMINA_GUEST_ACCESS_H
#define LAMINA_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>

struct vcpu;

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len);
int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len);

#endif
