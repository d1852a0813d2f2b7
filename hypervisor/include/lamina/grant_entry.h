/* SPDX-License-Identifier: MIT */
/*
 * The rules for one version 1 grant entry, free of locks and domains so that they can be tested
 * on the host: validating an entry a domain wants to use and setting GTF_reading / GTF_writing
 * in it, the pin counts of the hypervisor's active entry, and which flags to clear when a use ends.
 *
 * The granting guest owns the entry and may rewrite it at any moment. Its first 32 bits (flags,
 * then domid, little-endian) are therefore read once, checked, and updated with compare-and-
 * exchange, retried a bounded number of times so that a guest rewriting the entry in a loop
 * cannot keep a CPU in the hypervisor.
 */
#ifndef LAMINA_GRANT_ENTRY_H
#define LAMINA_GRANT_ENTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <public/grant_table.h>

/*
 * Pin counts of an active entry: how many host mappings and copies use it, writable ones in the
 * low byte, read-only ones in the next, as Xen packs them (its device-mapping bytes stay zero,
 * since translated guests cannot make device mappings).
 */
#define GNTPIN_COUNTER_BITS 8
#define GNTPIN_WRITE_SHIFT  0
#define GNTPIN_READ_SHIFT   GNTPIN_COUNTER_BITS
#define GNTPIN_WRITE_MASK   (0xffU << GNTPIN_WRITE_SHIFT)
#define GNTPIN_READ_MASK    (0xffU << GNTPIN_READ_SHIFT)

/* How many times the hypervisor retries an update the granter keeps racing. */
#define GNTTAB_CLAIM_ATTEMPTS 5

static inline uint32_t gnttab_pin_increment(bool readonly)
{
	return 1U << (readonly ? GNTPIN_READ_SHIFT : GNTPIN_WRITE_SHIFT);
}

/*
 * True when one more use of the kind `increment` names could overflow its counter. Like Xen, a
 * counter whose top bit is set takes no more uses (128 of each kind).
 */
static inline bool gnttab_pin_full(uint32_t pin, uint32_t increment)
{
	return (pin & (increment << (GNTPIN_COUNTER_BITS - 1))) != 0;
}

static inline bool gnttab_pin_has_writers(uint32_t pin)
{
	return (pin & GNTPIN_WRITE_MASK) != 0;
}

/*
 * Whether a new use must claim the shared entry: the first use of an idle entry, or the first
 * writable use of an entry that only readers hold.
 */
static inline bool gnttab_use_needs_claim(uint32_t pin, bool readonly)
{
	return pin == 0 || (!readonly && !gnttab_pin_has_writers(pin));
}

/*
 * One step of claiming: given the entry's first word as seen, decides whether the use is allowed
 * and what the word must become. `pinned` says the active entry already has uses (then the type
 * and domid were checked by the first one and are not checked again, as in Xen: a grant revoked
 * while in use stays usable by its holder). A mapping also refuses GTF_sub_page.
 * Returns GNTST_okay with *next set, or GNTST_general_error.
 */
int gnttab_claim_step(uint32_t seen, bool pinned, bool readonly, bool mapping, domid_t user,
		      uint32_t *next);

/*
 * Claims the entry whose first word is at `header` for `user`: sets GTF_reading, and GTF_writing
 * unless readonly, after the checks of gnttab_claim_step. GNTST_okay or GNTST_general_error (bad
 * type or domid, a writable use of a GTF_readonly grant, or an entry that changed under every
 * attempt).
 */
int gnttab_entry_claim(uint32_t *header, bool pinned, bool readonly, bool mapping, domid_t user);

/*
 * The GTF_* bits to clear once a use of the given kind has ended and the pin count is `pin`:
 * GTF_reading when nothing uses the entry any more, GTF_writing when no writer is left.
 */
uint16_t gnttab_flags_to_clear(uint32_t pin, bool readonly);

/* Clears `mask` in the entry's flags with one atomic operation on those two bytes only. */
void gnttab_entry_clear_flags(uint16_t *flags, uint16_t mask);

#endif
