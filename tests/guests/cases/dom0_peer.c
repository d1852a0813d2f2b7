// SPDX-License-Identifier: MIT
/*
 * The peer of dom0-test (tests/dom0): a boot-time guest, domid 1, beside a Linux dom0. It offers
 * dom0 an unbound event channel and a granted page, answers every event dom0 sends, judges the
 * reply dom0 writes into the page, and checks that the privileged calls dom0 makes are refused
 * to an ordinary domain (-EPERM, as Xen 4.17's XSM default policy answers). The exchange and the
 * page layout are in tests/dom0/peer_page.h.
 *
 * Command line: wait_s=N, the longest the peer waits for dom0 in all (default 110 s; dom0 boots
 * in 5-15 s under TCG, then runs its sub-tests).
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/boot.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/pvclock.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include "../../dom0/peer_page.h"

const char test_name[] = "dom0_peer";

#define DOM0_DOMID     0
#define DEFAULT_WAIT_S 110
#define POLL_SLICE_NS  (100 * NS_PER_MS)
#define UNMAP_WAIT_NS  (10000 * NS_PER_MS)
#define TABLE_GPA      (UNBACKED_GPA + 0x100000)
#define TABLE_VA       (UNBACKED_VA + 0x100000)
#define FOREIGN_GPA    (UNBACKED_GPA + 0x200000) /* where a foreign frame would have gone */
#define FOREIGN_GFN    0x100			 /* any frame of dom0's */
#define ERRS_UNTOUCHED 0x5a5a5a5a

static uint8_t page[PEER_PAGE_SIZE] PAGE_ALIGNED;
static volatile struct peer_page_header *header = (volatile struct peer_page_header *)page;
static volatile uint8_t *data = page + PEER_DATA_OFFSET;
static volatile struct grant_entry_v1 *table = (volatile struct grant_entry_v1 *)TABLE_VA;
static evtchn_port_t port;
static uint64_t give_up_ns;

/* EVTCHNOP_status on one of dom0's ports: privileged, so refused to us. */
static void status_of_dom0_refused(void)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_status_of(DOM0_DOMID, 1, &st), -XEN_EPERM);
}

/*
 * XENMEM_add_to_physmap_batch (Linux: add_to_physmap_range) with XENMAPSPACE_gmfn_foreign from
 * dom0: Xen refuses the foreign mapping with -EPERM, either as the result or in the entry's
 * error slot (the batch then returns 0).
 */
static void foreign_map_refused(void)
{
	xen_ulong_t idx = FOREIGN_GFN;
	xen_pfn_t gpfn = FOREIGN_GPA / PAGE_SIZE_4K;
	int err = ERRS_UNTOUCHED;
	struct xen_add_to_physmap_batch batch = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_gmfn_foreign,
		.size = 1,
		.u.foreign_domid = DOM0_DOMID,
		.idxs = guest_handle_of(&idx),
		.gpfns = guest_handle_of(&gpfn),
		.errs = guest_handle_of(&err),
	};
	long rc = hc_memory_op(XENMEM_add_to_physmap_batch, &batch);

	if (err == ERRS_UNTOUCHED)
		printf("add_to_physmap_batch(gmfn_foreign from d0): returned %ld (%s), entry error "
		       "not written\n",
		       rc, errno_name(rc));
	else
		printf("add_to_physmap_batch(gmfn_foreign from d0): returned %ld (%s), entry error "
		       "%d (%s)\n",
		       rc, errno_name(rc), err, errno_name(err));
	if (rc == 0)
		EXPECT_RC(err, -XEN_EPERM);
	else
		EXPECT_RC(rc, -XEN_EPERM);
}

static void grant_page_to_dom0(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = 0,
		.gpfn = TABLE_GPA / PAGE_SIZE_4K,
	};

	EXPECT_RC(hc_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	header->magic = PEER_MAGIC;
	header->page_gfn = (uint32_t)((uintptr_t)page / PAGE_SIZE_4K);
	header->stage = PEER_GRANTED;
	peer_pattern_fill(data, PEER_SEED);
	table[PEER_GREF].domid = DOM0_DOMID;
	table[PEER_GREF].frame = (uint32_t)((uintptr_t)page / PAGE_SIZE_4K);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	table[PEER_GREF].flags = GTF_permit_access;
}

/* Consumes the next event from dom0; false once the overall wait is over. */
static bool next_event(void)
{
	uint64_t now;

	while (!evtchn_test_and_clear_pending(port)) {
		now = pvclock_now();
		if (now > give_up_ns)
			return false;
		if (sched_poll(&port, 1, now + POLL_SLICE_NS) != 0)
			return false;
	}
	return true;
}

static void judge_reply(void)
{
	uint32_t bad = peer_pattern_mismatch(data, DOM0_SEED);

	header->bad_offset = bad;
	header->verdict = bad == PEER_DATA_LEN ? PEER_VERDICT_REPLY_OK : PEER_VERDICT_REPLY_BAD;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	header->stage = PEER_CHECKED;
	if (bad == PEER_DATA_LEN)
		printf("dom0's reply checked: all %u bytes as expected\n", PEER_DATA_LEN);
	else
		FAIL("dom0's reply: byte %u is %#x, expected %#x", bad, data[bad],
		     peer_pattern_byte(DOM0_SEED, bad));
}

/*
 * Answers dom0 until it says it is done; returns whether it did. The stage is read before the
 * answer goes out: once dom0 has the answer it may already write the next stage.
 */
static bool serve_dom0(void)
{
	uint32_t answered = 0, stage;
	bool replied = false;
	long rc;

	do {
		if (!next_event()) {
			FAIL("dom0 went quiet after %u events (stage %u)", answered, header->stage);
			return false;
		}
		stage = header->stage;
		if (stage == PEER_REPLIED && !replied) {
			judge_reply();
			replied = true;
		}
		header->answered = ++answered;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		rc = evtchn_send(port);
		if (rc != 0) {
			FAIL("EVTCHNOP_send on port %u (answer %u): %ld (%s)", port, answered, rc,
			     errno_name(rc));
			return false;
		}
	} while (stage != PEER_DONE);
	printf("answered %u events from dom0\n", answered);
	EXPECT_TRUE(replied);
	return true;
}

/* dom0 unmaps the page after its last event; then the grant can be revoked. */
static void revoke_grant(void)
{
	uint64_t end = pvclock_now() + UNMAP_WAIT_NS;

	while (table[PEER_GREF].flags & (GTF_reading | GTF_writing)) {
		if (pvclock_now() > end) {
			FAIL("dom0 still maps the page (grant flags %#x)", table[PEER_GREF].flags);
			return;
		}
		sched_yield();
	}
	EXPECT_HEX(table[PEER_GREF].flags, GTF_permit_access);
	table[PEER_GREF].flags = 0;
}

void test_main(void)
{
	uint64_t wait_s = DEFAULT_WAIT_S;

	boot_arg_number("wait_s", &wait_s);
	EXPECT_RC(shared_info_map(), 0);
	give_up_ns = pvclock_now() + wait_s * 1000 * NS_PER_MS;

	/* The domain builder's xenstore port comes first; ours is the next one free. */
	EXPECT_RC(evtchn_alloc_unbound(DOMID_SELF, DOM0_DOMID, &port), 0);
	/* Masked: events are taken by polling, never by upcall. */
	evtchn_mask(port);
	grant_page_to_dom0();
	printf("offering port %u and gref %u to dom0; waiting up to %lu s\n", port, PEER_GREF,
	       wait_s);

	status_of_dom0_refused();
	foreign_map_refused();

	if (serve_dom0())
		revoke_grant();
}
