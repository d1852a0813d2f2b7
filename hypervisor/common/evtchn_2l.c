// SPDX-License-Identifier: MIT
/* The 2-level event channel bit protocol (see lamina/evtchn_2l.h). */
#include <lamina/evtchn_2l.h>
#include <public/xen.h>

#define WORD_BITS 64

static bool test_and_set(xen_ulong_t *word, unsigned int bit)
{
	xen_ulong_t mask = 1ULL << bit;

	return __atomic_fetch_or(word, mask, __ATOMIC_SEQ_CST) & mask;
}

static bool test_and_clear(xen_ulong_t *word, unsigned int bit)
{
	xen_ulong_t mask = 1ULL << bit;

	return __atomic_fetch_and(word, ~mask, __ATOMIC_SEQ_CST) & mask;
}

static bool test(const xen_ulong_t *word, unsigned int bit)
{
	return __atomic_load_n(word, __ATOMIC_SEQ_CST) & (1ULL << bit);
}

/* Selector bit, then upcall flag: the guest scans in the opposite order, so nothing is missed. */
static bool raise_upcall(struct vcpu_info *vi, unsigned int port)
{
	if (test_and_set(&vi->evtchn_pending_sel, port / WORD_BITS))
		return false;
	return __atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) == 0;
}

bool evtchn_2l_set_pending(struct shared_info *s, struct vcpu_info *vi, unsigned int port)
{
	unsigned int w = port / WORD_BITS, b = port % WORD_BITS;

	if (test_and_set(&s->evtchn_pending[w], b))
		return false; /* already pending: the guest has not consumed the last one */
	if (test(&s->evtchn_mask[w], b))
		return false;
	return raise_upcall(vi, port);
}

bool evtchn_2l_unmask(struct shared_info *s, struct vcpu_info *vi, unsigned int port)
{
	unsigned int w = port / WORD_BITS, b = port % WORD_BITS;

	if (!test_and_clear(&s->evtchn_mask[w], b))
		return false;
	if (!test(&s->evtchn_pending[w], b))
		return false;
	return raise_upcall(vi, port);
}

bool evtchn_2l_is_pending(const struct shared_info *s, unsigned int port)
{
	return test(&s->evtchn_pending[port / WORD_BITS], port % WORD_BITS);
}

bool evtchn_2l_is_masked(const struct shared_info *s, unsigned int port)
{
	return test(&s->evtchn_mask[port / WORD_BITS], port % WORD_BITS);
}

void evtchn_2l_clear_pending(struct shared_info *s, unsigned int port)
{
	test_and_clear(&s->evtchn_pending[port / WORD_BITS], port % WORD_BITS);
}
