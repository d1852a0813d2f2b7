/* SPDX-License-Identifier: MIT */
/*
 * What grant_granter (domid 1) and grant_mapper (domid 2) agree on: the grant references the
 * granter fills, the contents of each granted page, and a mailbox in the first granted page
 * through which they step each other along (no event channels needed).
 */
#ifndef GRANT_PAIR_H
#define GRANT_PAIR_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/delay.h>
#include <guest/hypercall.h>
#include <public/sched.h>

#define GRANTER_DOMID 1
#define MAPPER_DOMID  2

enum pair_ref {
	REF_MAILBOX = 8,  /* writable, holds struct mailbox */
	REF_SHARED,	  /* writable, both sides write into it */
	REF_READONLY,	  /* GTF_readonly */
	REF_COPY_DEST,	  /* writable, the mapper copies into it */
	REF_WRONG_DOMAIN, /* granted to a domain that does not exist */
	REF_OUTLIVES,	  /* still mapped by the mapper when the granter dies */
	REF_UNUSED,	  /* never granted: the mapper probes the granter's table with it */
	NR_PAIR_REFS = 7,
};

enum pair_stage {
	STAGE_START,
	STAGE_MAPPED,	/* mapper: every mapping in place, its mark written in REF_SHARED */
	STAGE_ANSWERED, /* granter: flags checked, its answer written in REF_SHARED */
	STAGE_COPIED,	/* mapper: copies done, REF_SHARED and REF_READONLY unmapped */
	STAGE_DONE,	/* granter: checked everything; it now powers off */
};

struct mailbox {
	volatile uint32_t stage;
};

#define PATTERN_SHARED	 0x11
#define PATTERN_READONLY 0x22
#define PATTERN_OUTLIVES 0x33
#define PATTERN_COPY	 0x44
#define MAPPER_MARK	 0xa5
#define GRANTER_ANSWER	 0x5a
#define MARK_OFFSET	 1000
#define ANSWER_OFFSET	 2000
#define COPY_OFFSET	 512
#define COPY_LEN	 1024

static inline uint8_t pattern_byte(uint8_t seed, unsigned int i)
{
	return (uint8_t)(seed + i * 13);
}

static inline void fill_pattern(volatile uint8_t *page, uint8_t seed)
{
	for (unsigned int i = 0; i < 4096; i++)
		page[i] = pattern_byte(seed, i);
}

static inline bool has_pattern(const volatile uint8_t *page, uint8_t seed)
{
	for (unsigned int i = 0; i < 4096; i++)
		if (page[i] != pattern_byte(seed, i))
			return false;
	return true;
}

static inline long gnttab_op(unsigned int cmd, void *uop, unsigned int count)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)uop, count, 0, 0);
}

/* Yields until done() holds or `ms` pass; false on timeout. */
static inline bool wait_for(bool (*done)(void), uint64_t ms)
{
	uint64_t end = rdtsc() + tsc_khz() * ms;

	while (!done()) {
		if (rdtsc() > end)
			return false;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

#endif
