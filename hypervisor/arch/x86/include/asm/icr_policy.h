/* SPDX-License-Identifier: MIT */
/*
 * Which IPIs the hardware domain may send through its xAPIC ICR (see apic_guard.c): fixed,
 * lowest-priority and NMI IPIs to itself, by physical ID, self shorthand or logical destination.
 * Pure code.
 */
#ifndef ASM_ICR_POLICY_H
#define ASM_ICR_POLICY_H

#include <stdint.h>

/* NULL when the IPI (ICR high and low words) may go, else a short name of what is refused. */
const char *icr_refusal(uint32_t high, uint32_t low, uint32_t self_apic_id);

#endif
