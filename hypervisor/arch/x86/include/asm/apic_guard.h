/* SPDX-License-Identifier: MIT */
/* The hardware domain's checked access to its local APIC (see apic_guard.c). */
#ifndef ASM_APIC_GUARD_H
#define ASM_APIC_GUARD_H

#include <stdbool.h>
#include <stdint.h>

struct domain;
struct vcpu;

/* Maps the APIC page into d read-only, so that its stores exit. */
int apic_guard_install(struct domain *d);
/* Whether a nested page fault at gpa is a store to the guarded page. */
bool apic_guard_covers(uint64_t gpa);
/* Emulates the store that faulted at gpa: checked, replayed, RIP advanced; or crashes dom0. */
void apic_guard_store(struct vcpu *v, uint64_t gpa);

#endif
