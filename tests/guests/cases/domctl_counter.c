// SPDX-License-Identifier: MIT
/*
 * The domain domctl_control pauses, unpauses and destroys (domid 1): it grants domain 0 a
 * read-only view of one page and then counts in that page until it is destroyed. It never
 * finishes by itself; its end is domctl_control's destroydomain.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/test.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include "domctl_call.h"

const char test_name[] = "domctl_counter";

#define TABLE_GPA (UNBACKED_GPA + 0x100000)
#define TABLE_VA  (UNBACKED_VA + 0x100000)

static uint8_t page[PAGE_SIZE_4K] PAGE_ALIGNED;

void test_main(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = 0,
		.gpfn = TABLE_GPA / PAGE_SIZE_4K,
	};
	volatile struct grant_entry_v1 *table = (volatile struct grant_entry_v1 *)TABLE_VA;
	struct progress *progress = (struct progress *)page;

	EXPECT_RC(hc_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	progress->count = 0;
	progress->magic = COUNTER_MAGIC;
	table[COUNTER_REF].domid = CONTROL_DOMID;
	table[COUNTER_REF].frame = (uint32_t)((uintptr_t)page / PAGE_SIZE_4K);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	table[COUNTER_REF].flags = GTF_permit_access | GTF_readonly;
	printf("counting in the page granted to d%u as ref %u\n", CONTROL_DOMID, COUNTER_REF);
	for (;;)
		progress->count++;
}
