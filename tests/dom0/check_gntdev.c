// SPDX-License-Identifier: MIT
/*
 * The peer's page through /dev/xen/gntdev: its contents checked here, our reply checked by the
 * peer; then the end of the exchange (peer-finish), where the page is unmapped and the peer
 * ends, which dom0 sees as its port becoming unbound.
 */
#include <errno.h>
#include <inttypes.h>
#include <unistd.h>
#include <public/xen.h>
#include "dom0_test.h"
#include "evtchn_dev.h"
#include "gntdev_dev.h"
#include "privcmd.h"

#define PEER_END_PATIENCE_MS 20000
#define PEER_END_POLL_MS     50

bool check_gntdev(struct dom0_test *t, struct outcome *o)
{
	const struct options *opt = t->opt;
	volatile struct peer_page_header *h;
	void *page = NULL;
	uint32_t bad;
	long rc = gntdev_dev_map_ref(t->gntdev, opt->peer_domid, opt->gref, &t->map_index);

	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "IOCTL_GNTDEV_MAP_GRANT_REF (d%u, gref %u)",
					  opt->peer_domid, opt->gref);
	rc = gntdev_dev_mmap(t->gntdev, t->map_index, &page);
	if (rc < 0) {
		outcome_fail_errno(o, (int)-rc, "mmap of gntdev offset %#" PRIx64 " (d%u gref %u)",
				   t->map_index, opt->peer_domid, opt->gref);
		gntdev_dev_unmap(t->gntdev, t->map_index, NULL);
		return false;
	}
	h = page;
	t->page = h;
	t->page_data = (volatile uint8_t *)page + PEER_DATA_OFFSET;
	if (h->magic != PEER_MAGIC || h->stage != PEER_GRANTED)
		return outcome_fail(o,
				    "the page's header is magic %#x stage %u, expected %#x and %u",
				    h->magic, h->stage, PEER_MAGIC, PEER_GRANTED);
	bad = peer_pattern_mismatch(t->page_data, PEER_SEED);
	if (bad != PEER_DATA_LEN)
		return outcome_fail(o, "data byte %u of d%u's page is %#x, the peer wrote %#x", bad,
				    opt->peer_domid, t->page_data[bad],
				    peer_pattern_byte(PEER_SEED, bad));
	outcome_note(o, "mapped d%u gref %u; its %u data bytes read as written", opt->peer_domid,
		     opt->gref, PEER_DATA_LEN);

	peer_pattern_fill(t->page_data, DOM0_SEED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	h->stage = PEER_REPLIED;
	if (!peer_round_trip(t, o, "reply written"))
		return false;
	if (h->stage != PEER_CHECKED || h->verdict != PEER_VERDICT_REPLY_OK)
		return outcome_fail(o,
				    "the peer judged our reply: stage %u verdict %u, first bad "
				    "byte %u",
				    h->stage, h->verdict, h->bad_offset);
	outcome_note(o, "the peer read our %u bytes back intact", PEER_DATA_LEN);
	return true;
}

/* Waits until the peer has gone: our end of the channel is then unbound. */
static bool wait_peer_end(struct dom0_test *t, struct outcome *o)
{
	uint64_t give_up = now_ns() + PEER_END_PATIENCE_MS * 1000000ULL;
	struct evtchn_status st;
	long rc;

	for (;;) {
		rc = privcmd_evtchn_status(t->privcmd, DOMID_SELF, t->local_port, &st);
		if (rc < 0)
			return outcome_fail_errno(
				o, (int)-rc, "EVTCHNOP_status(DOMID_SELF, port %u)", t->local_port);
		if (st.status == EVTCHNSTAT_unbound)
			return true;
		if (now_ns() > give_up)
			return outcome_fail(o,
					    "d%u did not end within %d ms: our port %u is still "
					    "in state %u",
					    t->opt->peer_domid, PEER_END_PATIENCE_MS, t->local_port,
					    st.status);
		usleep(PEER_END_POLL_MS * 1000);
	}
}

bool check_finish(struct dom0_test *t, struct outcome *o)
{
	uint32_t answered;
	long rc;

	t->page->stage = PEER_DONE;
	if (!peer_round_trip(t, o, "done"))
		return false;
	answered = t->page->answered;
	if (answered != t->notified)
		return outcome_fail(o, "the peer answered %u events, we sent %" PRIu64, answered,
				    t->notified);
	outcome_note(o, "the peer answered all %u events we sent", answered);
	rc = gntdev_dev_unmap(t->gntdev, t->map_index, (void *)t->page);
	t->page = NULL;
	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc,
					  "unmapping the peer's page (gntdev offset %#" PRIx64 ")",
					  t->map_index);
	if (!wait_peer_end(t, o))
		return false;
	outcome_note(o, "page unmapped; d%u ended (our port %u is unbound)", t->opt->peer_domid,
		     t->local_port);
	rc = evtchn_dev_unbind(t->evtchn, t->local_port);
	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "IOCTL_EVTCHN_UNBIND of port %u",
					  t->local_port);
	t->local_port = 0;
	return true;
}
