// SPDX-License-Identifier: MIT
/*
 * The granting half of the two-domain grant run (domid 1; grant_mapper is domid 2): fills its
 * grant table with the references of grant_pair.h, then watches from its side what Xen 4.17's
 * map_grant_ref, unmap_common and gnttab_copy do to its entries (GTF_reading / GTF_writing exactly
 * while mappings and copies exist), sees the mapper's writes in its own pages, and powers off
 * while the mapper still maps two of its pages (gnttab_release_mappings, the page references
 * that keep a dying domain's memory).
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include "grant_pair.h"

const char test_name[] = "grant_granter";

#define TABLE_GPA (UNBACKED_GPA + 0x100000)
#define TABLE_VA  (UNBACKED_VA + 0x100000)
#define WAIT_MS	  20000

static uint8_t pages[NR_PAIR_REFS][PAGE_SIZE_4K] PAGE_ALIGNED;
static volatile struct grant_entry_v1 *table = (volatile struct grant_entry_v1 *)TABLE_VA;
static struct mailbox *mailbox = (struct mailbox *)pages[0];

static volatile uint8_t *page_of(enum pair_ref ref)
{
	return pages[ref - REF_MAILBOX];
}

static void grant(enum pair_ref ref, domid_t to, uint16_t flags)
{
	table[ref].domid = to;
	table[ref].frame = (uint32_t)((uintptr_t)page_of(ref) / PAGE_SIZE_4K);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	table[ref].flags = flags;
}

static bool mapper_mapped(void)
{
	return mailbox->stage >= STAGE_MAPPED;
}

static bool mapper_copied(void)
{
	return mailbox->stage >= STAGE_COPIED;
}

void test_main(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = 0,
		.gpfn = TABLE_GPA / PAGE_SIZE_4K,
	};
	const uint16_t busy = GTF_reading | GTF_writing;

	EXPECT_RC(hc_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	mailbox->stage = STAGE_START;
	fill_pattern(page_of(REF_SHARED), PATTERN_SHARED);
	fill_pattern(page_of(REF_READONLY), PATTERN_READONLY);
	fill_pattern(page_of(REF_OUTLIVES), PATTERN_OUTLIVES);
	grant(REF_SHARED, MAPPER_DOMID, GTF_permit_access);
	grant(REF_READONLY, MAPPER_DOMID, GTF_permit_access | GTF_readonly);
	grant(REF_COPY_DEST, MAPPER_DOMID, GTF_permit_access);
	grant(REF_WRONG_DOMAIN, 77, GTF_permit_access);
	grant(REF_OUTLIVES, MAPPER_DOMID, GTF_permit_access);
	/* The mailbox last: the mapper starts once it can map it. */
	grant(REF_MAILBOX, MAPPER_DOMID, GTF_permit_access);
	printf("grants ready\n");

	if (!wait_for(mapper_mapped, WAIT_MS)) {
		FAIL("the mapper did not map the grants within %u ms", WAIT_MS);
		return;
	}
	/* Exactly the access each mapping has; untouched entries stay as written. */
	EXPECT_HEX(table[REF_MAILBOX].flags, GTF_permit_access | busy);
	EXPECT_HEX(table[REF_SHARED].flags, GTF_permit_access | busy);
	EXPECT_HEX(table[REF_READONLY].flags, GTF_permit_access | GTF_readonly | GTF_reading);
	EXPECT_HEX(table[REF_OUTLIVES].flags, GTF_permit_access | busy);
	EXPECT_HEX(table[REF_COPY_DEST].flags, GTF_permit_access);
	EXPECT_HEX(table[REF_WRONG_DOMAIN].flags, GTF_permit_access);
	/* The mapper's write is in our page. */
	EXPECT_EQ(page_of(REF_SHARED)[MARK_OFFSET], MAPPER_MARK);
	page_of(REF_SHARED)[ANSWER_OFFSET] = GRANTER_ANSWER;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	mailbox->stage = STAGE_ANSWERED;

	if (!wait_for(mapper_copied, WAIT_MS)) {
		FAIL("the mapper did not finish its copies within %u ms", WAIT_MS);
		return;
	}
	/* The copy landed where it was aimed and nowhere else. */
	for (unsigned int i = 0; i < PAGE_SIZE_4K; i++) {
		bool inside = i >= COPY_OFFSET && i < COPY_OFFSET + COPY_LEN;
		uint8_t want = inside ? pattern_byte(PATTERN_COPY, i - COPY_OFFSET) : 0;

		if (page_of(REF_COPY_DEST)[i] != want) {
			FAIL("copied page byte %u is %#x, expected %#x", i,
			     page_of(REF_COPY_DEST)[i], want);
			break;
		}
	}
	EXPECT_TRUE(has_pattern(page_of(REF_READONLY), PATTERN_READONLY));
	/* Unmapped and copied entries are idle again; the two kept mappings are still busy. */
	EXPECT_HEX(table[REF_SHARED].flags, GTF_permit_access);
	EXPECT_HEX(table[REF_READONLY].flags, GTF_permit_access | GTF_readonly);
	EXPECT_HEX(table[REF_COPY_DEST].flags, GTF_permit_access);
	EXPECT_HEX(table[REF_OUTLIVES].flags, GTF_permit_access | busy);
	EXPECT_HEX(table[REF_MAILBOX].flags, GTF_permit_access | busy);
	mailbox->stage = STAGE_DONE;
	printf("powering off while d%u maps two of my pages\n", MAPPER_DOMID);
}
