// SPDX-License-Identifier: MIT
/*
 * The mapping half of the two-domain grant run (domid 2; grant_granter is domid 1): maps the
 * granter's pages and checks their contents both ways, that Xen 4.17's map_grant_ref refuses a
 * grant meant for another domain and a writable mapping of a read-only grant, that an ordinary
 * domain may not inspect another's table (XSM_TARGET: query_size, setup_table, get_version),
 * copies in both directions with gnttab_copy, and keeps two mappings while the granter dies: the
 * pages keep their contents until it unmaps them (or, with keep=1, until it dies itself).
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/grant_table.h>
#include "grant_pair.h"

const char test_name[] = "grant_mapper";

#define WAIT_MS 20000
/* Where each reference is mapped: above RAM, seen through the UNBACKED_VA window. */
#define MAP_GPA(ref) (UNBACKED_GPA + 0x10000 + ((ref)-REF_MAILBOX) * PAGE_SIZE_4K)
#define MAP_VA(ref)  ((volatile uint8_t *)(UNBACKED_VA + 0x10000 + ((ref)-REF_MAILBOX) * 4096))

static grant_handle_t handles[REF_MAILBOX + NR_PAIR_REFS];
static uint8_t buffer[PAGE_SIZE_4K] PAGE_ALIGNED;
static struct mailbox *mailbox = (struct mailbox *)MAP_VA(REF_MAILBOX);

static int16_t map(enum pair_ref ref, uint32_t flags)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = MAP_GPA(ref), .flags = flags, .ref = ref, .dom = GRANTER_DOMID};

	if (gnttab_op(GNTTABOP_map_grant_ref, &op, 1) != 0)
		FAIL("map_grant_ref failed as a hypercall");
	if (op.status == GNTST_okay)
		handles[ref] = op.handle;
	return op.status;
}

static int16_t unmap(enum pair_ref ref)
{
	struct gnttab_unmap_grant_ref op = {.host_addr = MAP_GPA(ref), .handle = handles[ref]};

	if (gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1) != 0)
		FAIL("unmap_grant_ref failed as a hypercall");
	return op.status;
}

static int16_t last_probe;

/* The granter's mailbox can be mapped once it has filled its table. */
static bool mailbox_mapped(void)
{
	last_probe = map(REF_MAILBOX, GNTMAP_host_map);
	return last_probe == GNTST_okay;
}

static bool granter_answered(void)
{
	return mailbox->stage >= STAGE_ANSWERED;
}

/* Once the granter is gone its id names no domain. */
static bool granter_gone(void)
{
	struct gnttab_map_grant_ref op = {.host_addr = MAP_GPA(REF_UNUSED),
					  .flags = GNTMAP_host_map,
					  .ref = REF_UNUSED,
					  .dom = GRANTER_DOMID};

	gnttab_op(GNTTABOP_map_grant_ref, &op, 1);
	return op.status == GNTST_bad_domain;
}

static void check_no_inspection(void)
{
	struct gnttab_query_size q = {.dom = GRANTER_DOMID};
	struct gnttab_get_version v = {.dom = GRANTER_DOMID};
	xen_pfn_t frame;
	struct gnttab_setup_table s = {
		.dom = GRANTER_DOMID, .nr_frames = 1, .frame_list = guest_handle_of(&frame)};

	EXPECT_RC(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	EXPECT_EQ(q.status, GNTST_permission_denied);
	EXPECT_RC(gnttab_op(GNTTABOP_get_version, &v, 1), -XEN_EPERM);
	EXPECT_RC(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	EXPECT_EQ(s.status, GNTST_permission_denied);
}

static struct gnttab_copy copy_to_granter(void)
{
	struct gnttab_copy op = {.len = COPY_LEN, .flags = GNTCOPY_dest_gref};

	op.source.u.gmfn = (uintptr_t)buffer / PAGE_SIZE_4K;
	op.source.domid = DOMID_SELF;
	op.dest.u.ref = REF_COPY_DEST;
	op.dest.domid = GRANTER_DOMID;
	op.dest.offset = COPY_OFFSET;
	return op;
}

static void check_copies(void)
{
	struct gnttab_copy ops[3];

	for (unsigned int i = 0; i < COPY_LEN; i++)
		buffer[i] = pattern_byte(PATTERN_COPY, i);
	/* Ours into the granter's page, the granter's read-only page into ours. */
	ops[0] = copy_to_granter();
	ops[1] = (struct gnttab_copy){.len = PAGE_SIZE_4K, .flags = GNTCOPY_source_gref};
	ops[1].source.u.ref = REF_READONLY;
	ops[1].source.domid = GRANTER_DOMID;
	ops[1].dest.u.gmfn = (uintptr_t)buffer / PAGE_SIZE_4K;
	ops[1].dest.domid = DOMID_SELF;
	/* Never into a read-only grant. */
	ops[2] = copy_to_granter();
	ops[2].dest.u.ref = REF_READONLY;
	EXPECT_RC(gnttab_op(GNTTABOP_copy, ops, 3), 0);
	EXPECT_EQ(ops[0].status, GNTST_okay);
	EXPECT_EQ(ops[1].status, GNTST_okay);
	EXPECT_EQ(ops[2].status, GNTST_general_error);
	EXPECT_TRUE(has_pattern(buffer, PATTERN_READONLY));
}

void test_main(void)
{
	uint64_t keep = 0;

	if (!wait_for(mailbox_mapped, WAIT_MS)) {
		FAIL("the granter's mailbox could not be mapped within %u ms (last status %d)",
		     WAIT_MS, last_probe);
		return;
	}
	EXPECT_EQ(map(REF_SHARED, GNTMAP_host_map), GNTST_okay);
	EXPECT_EQ(map(REF_READONLY, GNTMAP_host_map | GNTMAP_readonly), GNTST_okay);
	EXPECT_EQ(map(REF_OUTLIVES, GNTMAP_host_map), GNTST_okay);
	EXPECT_TRUE(has_pattern(MAP_VA(REF_SHARED), PATTERN_SHARED));
	EXPECT_TRUE(has_pattern(MAP_VA(REF_READONLY), PATTERN_READONLY));
	EXPECT_TRUE(has_pattern(MAP_VA(REF_OUTLIVES), PATTERN_OUTLIVES));
	/* Refused: a grant for domain 77, a writable mapping of a read-only grant, a grant not
	 * made, and a mapping over an address that holds another domain's page. */
	EXPECT_EQ(map(REF_WRONG_DOMAIN, GNTMAP_host_map), GNTST_general_error);
	EXPECT_EQ(map(REF_READONLY, GNTMAP_host_map), GNTST_general_error);
	EXPECT_EQ(map(REF_UNUSED, GNTMAP_host_map), GNTST_general_error);
	{
		struct gnttab_map_grant_ref over = {.host_addr = MAP_GPA(REF_SHARED),
						    .flags = GNTMAP_host_map | GNTMAP_readonly,
						    .ref = REF_READONLY,
						    .dom = GRANTER_DOMID};

		EXPECT_RC(gnttab_op(GNTTABOP_map_grant_ref, &over, 1), 0);
		EXPECT_EQ(over.status, GNTST_general_error);
	}
	check_no_inspection();

	MAP_VA(REF_SHARED)[MARK_OFFSET] = MAPPER_MARK;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	mailbox->stage = STAGE_MAPPED;
	if (!wait_for(granter_answered, WAIT_MS)) {
		FAIL("the granter did not answer within %u ms", WAIT_MS);
		return;
	}
	EXPECT_EQ(MAP_VA(REF_SHARED)[ANSWER_OFFSET], GRANTER_ANSWER);

	check_copies();
	EXPECT_EQ(unmap(REF_SHARED), GNTST_okay);
	EXPECT_EQ(unmap(REF_READONLY), GNTST_okay);
	mailbox->stage = STAGE_COPIED;

	/* The granter checks, powers off and dies while we still map two of its pages. */
	if (!wait_for(granter_gone, WAIT_MS)) {
		FAIL("the granter did not go away within %u ms", WAIT_MS);
		return;
	}
	EXPECT_EQ(mailbox->stage, STAGE_DONE);
	/* Give the hypervisor time to finish the granter's teardown while we hold its pages. */
	delay_ms(300);
	EXPECT_TRUE(has_pattern(MAP_VA(REF_OUTLIVES), PATTERN_OUTLIVES));
	/* With keep=1 the mappings stay: our own teardown must release them. */
	if (boot_arg_number("keep", &keep) && keep) {
		printf("keeping 2 mappings of d%u's pages\n", GRANTER_DOMID);
		return;
	}
	EXPECT_EQ(unmap(REF_OUTLIVES), GNTST_okay);
	EXPECT_EQ(unmap(REF_MAILBOX), GNTST_okay);
	EXPECT_EQ(unmap(REF_MAILBOX), GNTST_bad_handle);
}
