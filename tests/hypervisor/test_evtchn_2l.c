/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the 2-level event channel bits (hypervisor/common/evtchn_2l.c) on ordinary
 * memory: for every port, which bits set_pending and unmask change and when they report that
 * the vCPU must be notified, following Xen 4.17's evtchn_2l_set_pending / evtchn_2l_unmask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/evtchn_2l.h>
#include <public/xen.h>

#define WORD_BITS 64

static struct shared_info shared;
static struct vcpu_info *vi = &shared.vcpu_info[0];

static int setup(void **state)
{
	(void)state;
	memset(&shared, 0, sizeof(shared));
	return 0;
}

static xen_ulong_t bit(unsigned int port)
{
	return 1ULL << (port % WORD_BITS);
}

/* Every word of @a except @skip_word is zero. */
static void assert_words_zero_except(const xen_ulong_t *a, unsigned int skip_word)
{
	for (unsigned int w = 0; w < WORD_BITS; w++)
		if (w != skip_word)
			assert_int_equal(a[w], 0);
}

static void clear_notification(void)
{
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
}

/* Unmasked: pending bit, selector bit of its word, upcall flag; the caller must notify once. */
static void test_set_pending_every_port(void **state)
{
	(void)state;
	for (unsigned int port = 0; port < EVTCHN_2L_NR_PORTS; port++) {
		unsigned int w = port / WORD_BITS;

		memset(&shared, 0, sizeof(shared));
		assert_true(evtchn_2l_set_pending(&shared, vi, port));
		assert_int_equal(shared.evtchn_pending[w], bit(port));
		assert_words_zero_except(shared.evtchn_pending, w);
		assert_int_equal(vi->evtchn_pending_sel, 1ULL << w);
		assert_int_equal(vi->evtchn_upcall_pending, 1);
		assert_true(evtchn_2l_is_pending(&shared, port));
		assert_false(evtchn_2l_is_masked(&shared, port));

		/* Already pending: nothing changes, nobody is notified again. */
		clear_notification();
		assert_false(evtchn_2l_set_pending(&shared, vi, port));
		assert_int_equal(vi->evtchn_pending_sel, 0);
		assert_int_equal(vi->evtchn_upcall_pending, 0);

		evtchn_2l_clear_pending(&shared, port);
		assert_false(evtchn_2l_is_pending(&shared, port));
		assert_words_zero_except(shared.evtchn_pending, WORD_BITS);
	}
}

/* Masked: only the pending bit; unmasking then raises the selector and upcall. */
static void test_masked_then_unmask_every_port(void **state)
{
	(void)state;
	for (unsigned int port = 0; port < EVTCHN_2L_NR_PORTS; port++) {
		unsigned int w = port / WORD_BITS;

		memset(&shared, 0, sizeof(shared));
		shared.evtchn_mask[w] = bit(port);
		assert_false(evtchn_2l_set_pending(&shared, vi, port));
		assert_true(evtchn_2l_is_pending(&shared, port));
		assert_true(evtchn_2l_is_masked(&shared, port));
		assert_int_equal(vi->evtchn_pending_sel, 0);
		assert_int_equal(vi->evtchn_upcall_pending, 0);

		assert_true(evtchn_2l_unmask(&shared, vi, port));
		assert_false(evtchn_2l_is_masked(&shared, port));
		assert_words_zero_except(shared.evtchn_mask, WORD_BITS);
		assert_int_equal(vi->evtchn_pending_sel, 1ULL << w);
		assert_int_equal(vi->evtchn_upcall_pending, 1);
		assert_true(evtchn_2l_is_pending(&shared, port)); /* the guest consumes it */
	}
}

static void test_unmask_without_event(void **state)
{
	(void)state;
	/* Not masked: nothing to do. */
	assert_false(evtchn_2l_unmask(&shared, vi, 5));
	/* Masked, nothing pending: the mask goes, nothing is raised. */
	shared.evtchn_mask[0] = bit(5) | bit(6);
	assert_false(evtchn_2l_unmask(&shared, vi, 5));
	assert_int_equal(shared.evtchn_mask[0], bit(6));
	assert_int_equal(vi->evtchn_pending_sel, 0);
	assert_int_equal(vi->evtchn_upcall_pending, 0);
}

/* The selector is per 64-port word: a second port in a flagged word raises nothing new. */
static void test_selector_shared_by_word(void **state)
{
	(void)state;
	assert_true(evtchn_2l_set_pending(&shared, vi, 64));
	assert_false(evtchn_2l_set_pending(&shared, vi, 127)); /* same word 1 */
	assert_int_equal(vi->evtchn_pending_sel, 1ULL << 1);
	assert_int_equal(shared.evtchn_pending[1], bit(64) | bit(127));
	/* Another word gets its selector bit, but the upcall is already pending. */
	assert_false(evtchn_2l_set_pending(&shared, vi, 63));
	assert_int_equal(vi->evtchn_pending_sel, (1ULL << 1) | 1ULL);
	assert_int_equal(shared.evtchn_pending[0], bit(63));
	/* The guest took the upcall (cleared the flag) but not the selector: no new upcall. */
	vi->evtchn_upcall_pending = 0;
	assert_false(evtchn_2l_set_pending(&shared, vi, 0));
	assert_int_equal(vi->evtchn_upcall_pending, 0);
	/* It took both: the next event raises it again. */
	vi->evtchn_pending_sel = 0;
	assert_true(evtchn_2l_set_pending(&shared, vi, 4095));
	assert_int_equal(vi->evtchn_pending_sel, 1ULL << 63);
	assert_int_equal(shared.evtchn_pending[63], bit(4095));
	assert_int_equal(shared.evtchn_pending[63], 1ULL << 63);
}

/* The bits sit where a guest looks for them: word port / 64, bit port % 64. */
static void test_word_boundaries(void **state)
{
	static const struct {
		unsigned int port, word, bit;
	} cases[] = {{0, 0, 0}, {63, 0, 63}, {64, 1, 0}, {65, 1, 1}, {4032, 63, 0}, {4095, 63, 63}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&shared, 0, sizeof(shared));
		evtchn_2l_set_pending(&shared, vi, cases[i].port);
		assert_int_equal(shared.evtchn_pending[cases[i].word], 1ULL << cases[i].bit);
		assert_int_equal(vi->evtchn_pending_sel, 1ULL << cases[i].word);
		shared.evtchn_mask[cases[i].word] = 1ULL << cases[i].bit;
		assert_true(evtchn_2l_is_masked(&shared, cases[i].port));
		assert_false(evtchn_2l_is_masked(&shared, cases[i].port ^ 1));
	}
}

/* A different vCPU's record: the events go where the caller says, shared_info's stay put. */
static void test_other_vcpu_record(void **state)
{
	struct vcpu_info *v1 = &shared.vcpu_info[1];

	(void)state;
	assert_true(evtchn_2l_set_pending(&shared, v1, 200));
	assert_int_equal(v1->evtchn_pending_sel, 1ULL << 3);
	assert_int_equal(v1->evtchn_upcall_pending, 1);
	assert_int_equal(vi->evtchn_pending_sel, 0);
	assert_int_equal(vi->evtchn_upcall_pending, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_set_pending_every_port, setup),
		cmocka_unit_test_setup(test_masked_then_unmask_every_port, setup),
		cmocka_unit_test_setup(test_unmask_without_event, setup),
		cmocka_unit_test_setup(test_selector_shared_by_word, setup),
		cmocka_unit_test_setup(test_word_boundaries, setup),
		cmocka_unit_test_setup(test_other_vcpu_record, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
