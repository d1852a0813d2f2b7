// SPDX-License-Identifier: MIT
/* Checks and flag transitions of a version 1 grant entry (see lamina/grant_entry.h). */
#include <lamina/grant_entry.h>

/* The entry's first word: flags in the low half, domid in the high half (x86 is little-endian). */
static inline uint16_t word_flags(uint32_t word)
{
	return (uint16_t)word;
}

static inline domid_t word_domid(uint32_t word)
{
	return (domid_t)(word >> 16);
}

int gnttab_claim_step(uint32_t seen, bool pinned, bool readonly, bool mapping, domid_t user,
		      uint32_t *next)
{
	uint16_t flags = word_flags(seen);
	uint16_t type_mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
	uint16_t set = GTF_reading;

	if (!pinned && ((flags & type_mask) != GTF_permit_access || word_domid(seen) != user))
		return GNTST_general_error;
	if (!readonly) {
		if (flags & GTF_readonly)
			return GNTST_general_error;
		set |= GTF_writing;
	}
	*next = seen | set;
	return GNTST_okay;
}

int gnttab_entry_claim(uint32_t *header, bool pinned, bool readonly, bool mapping, domid_t user)
{
	uint32_t seen = __atomic_load_n(header, __ATOMIC_ACQUIRE);

	for (unsigned int attempt = 0; attempt < GNTTAB_CLAIM_ATTEMPTS; attempt++) {
		uint32_t next;
		int rc = gnttab_claim_step(seen, pinned, readonly, mapping, user, &next);

		if (rc != GNTST_okay)
			return rc;
		/* On failure `seen` receives the word the granter wrote meanwhile: check that. */
		if (__atomic_compare_exchange_n(header, &seen, next, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return GNTST_okay;
	}
	return GNTST_general_error;
}

uint16_t gnttab_flags_to_clear(uint32_t pin, bool readonly)
{
	uint16_t clear = pin ? 0 : GTF_reading;

	if (!readonly && !gnttab_pin_has_writers(pin))
		clear |= GTF_writing;
	return clear;
}

void gnttab_entry_clear_flags(uint16_t *flags, uint16_t mask)
{
	if (mask)
		__atomic_fetch_and(flags, (uint16_t)~mask, __ATOMIC_ACQ_REL);
}
