// SPDX-License-Identifier: MIT
/*
 * The hardware domain's IPI policy (see asm/icr_policy.h). Logical destinations pass because the
 * hypervisor's CPUs keep their reset logical ID 0, which no logical destination matches.
 */
#include <stddef.h>
#include <asm/icr_policy.h>

#define ICR_DELIVERY_SHIFT  8
#define ICR_DEST_LOGICAL    (1U << 11)
#define ICR_SHORTHAND_SHIFT 18
#define ICR_DEST_SHIFT	    24

enum {
	DELIVERY_FIXED,
	DELIVERY_LOWEST,
	DELIVERY_SMI,
	DELIVERY_NMI = 4,
	DELIVERY_INIT,
	DELIVERY_SIPI
};
enum { SHORTHAND_NONE, SHORTHAND_SELF };

const char *icr_refusal(uint32_t high, uint32_t low, uint32_t self_apic_id)
{
	unsigned int delivery = (low >> ICR_DELIVERY_SHIFT) & 7;
	unsigned int shorthand = (low >> ICR_SHORTHAND_SHIFT) & 3;

	if (delivery == DELIVERY_INIT)
		return "INIT";
	if (delivery == DELIVERY_SIPI)
		return "STARTUP";
	if (delivery == DELIVERY_SMI)
		return "SMI";
	if (delivery != DELIVERY_FIXED && delivery != DELIVERY_LOWEST && delivery != DELIVERY_NMI)
		return "reserved delivery mode";
	if (shorthand == SHORTHAND_SELF)
		return NULL;
	if (shorthand != SHORTHAND_NONE)
		return "broadcast";
	if (low & ICR_DEST_LOGICAL)
		return NULL;
	return (high >> ICR_DEST_SHIFT) == self_apic_id ? NULL : "not its own CPU";
}
