/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the grant entry rules (hypervisor/common/grant_entry.c): Xen 4.17's
 * _set_status_v1 and reduce_status_for_pin for a version 1 entry, checked on every flag
 * combination, plus the bounded compare-and-exchange against a granter that keeps rewriting it.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/grant_entry.h>

#define ME    3
#define OTHER 4

/* The entry's first word as the granter writes it: flags, then domid. */
static uint32_t word(uint16_t flags, domid_t domid)
{
	struct grant_entry_v1 e = {.flags = flags, .domid = domid};
	uint32_t w;

	memcpy(&w, &e, sizeof(w));
	return w;
}

static uint16_t flags_of(uint32_t w)
{
	struct grant_entry_v1 e;

	memcpy(&e, &w, sizeof(w));
	return e.flags;
}

static void test_layout(void **state)
{
	(void)state;
	/* The claim works on the first 32 bits: flags and domid must be exactly there. */
	assert_int_equal(offsetof(struct grant_entry_v1, flags), 0);
	assert_int_equal(offsetof(struct grant_entry_v1, domid), 2);
	assert_int_equal(sizeof(struct grant_entry_v1), 8);
}

/* The rule, written out independently of the implementation, for every 16-bit flags value. */
static int expected_step(uint16_t flags, domid_t domid, bool pinned, bool ro, bool mapping)
{
	unsigned int type = flags & GTF_type_mask;

	if (!pinned) {
		if (type != GTF_permit_access || domid != ME)
			return GNTST_general_error;
		if (mapping && (flags & GTF_sub_page))
			return GNTST_general_error;
	}
	if (!ro && (flags & GTF_readonly))
		return GNTST_general_error;
	return GNTST_okay;
}

static void test_step_every_flags_value(void **state)
{
	(void)state;
	for (uint32_t f = 0; f <= 0xffff; f++) {
		for (unsigned int combo = 0; combo < 16; combo++) {
			bool pinned = combo & 1, ro = combo & 2, mapping = combo & 4;
			domid_t domid = (combo & 8) ? OTHER : ME;
			uint32_t seen = word((uint16_t)f, domid), next = 0xdeadbeef;
			int want = expected_step((uint16_t)f, domid, pinned, ro, mapping);
			int rc = gnttab_claim_step(seen, pinned, ro, mapping, ME, &next);

			assert_int_equal(rc, want);
			if (rc != GNTST_okay) {
				assert_int_equal(next, 0xdeadbeef);
				continue;
			}
			/* Only the access bits are added; domid and the granter's bits stay. */
			assert_int_equal(next, seen | GTF_reading | (ro ? 0 : GTF_writing));
		}
	}
}

static void test_claim_sets_flags(void **state)
{
	uint32_t w = word(GTF_permit_access, ME);

	(void)state;
	assert_int_equal(gnttab_entry_claim(&w, false, true, true, ME), GNTST_okay);
	assert_int_equal(flags_of(w), GTF_permit_access | GTF_reading);
	assert_int_equal(gnttab_entry_claim(&w, true, false, true, ME), GNTST_okay);
	assert_int_equal(flags_of(w), GTF_permit_access | GTF_reading | GTF_writing);
	assert_int_equal(w >> 16, ME);
}

static void test_claim_refusals_leave_entry_alone(void **state)
{
	static const struct {
		uint16_t flags;
		domid_t domid;
		bool ro, mapping;
	} cases[] = {
		{GTF_invalid, ME, true, true},
		{GTF_accept_transfer, ME, true, false},
		{GTF_transitive, ME, true, false},
		{GTF_permit_access, OTHER, true, true},
		{GTF_permit_access | GTF_readonly, ME, false, true},
		{GTF_permit_access | GTF_sub_page, ME, true, true},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t w = word(cases[i].flags, cases[i].domid), before = w;

		assert_int_equal(gnttab_entry_claim(&w, false, cases[i].ro, cases[i].mapping, ME),
				 GNTST_general_error);
		assert_int_equal(w, before);
	}
	/* A copy ignores GTF_sub_page in a version 1 entry. */
	uint32_t w = word(GTF_permit_access | GTF_sub_page, ME);

	assert_int_equal(gnttab_entry_claim(&w, false, true, false, ME), GNTST_okay);
}

static void test_revoked_entry_stays_usable_while_pinned(void **state)
{
	/* The granter wiped the entry while it was in use: the holder may add uses... */
	uint32_t w = word(GTF_invalid | GTF_reading, 0);

	(void)state;
	assert_int_equal(gnttab_entry_claim(&w, true, true, true, ME), GNTST_okay);
	/* ...but never a writable one of a grant now marked read-only. */
	w = word(GTF_permit_access | GTF_readonly | GTF_reading, ME);
	assert_int_equal(gnttab_entry_claim(&w, true, false, true, ME), GNTST_general_error);
}

static void test_pin_counters(void **state)
{
	uint32_t pin = 0, w = gnttab_pin_increment(false), r = gnttab_pin_increment(true);

	(void)state;
	assert_int_equal(w, 1);
	assert_int_equal(r, 0x100);
	for (int i = 0; i < 128; i++) {
		assert_false(gnttab_pin_full(pin, w));
		pin += w;
	}
	assert_true(gnttab_pin_full(pin, w));
	/* The read counter is independent. */
	assert_false(gnttab_pin_full(pin, r));
	assert_true(gnttab_pin_has_writers(pin));
	assert_false(gnttab_pin_has_writers(r * 5));
}

static void test_needs_claim(void **state)
{
	uint32_t w = gnttab_pin_increment(false), r = gnttab_pin_increment(true);

	(void)state;
	assert_true(gnttab_use_needs_claim(0, true));
	assert_true(gnttab_use_needs_claim(0, false));
	assert_false(gnttab_use_needs_claim(r, true));
	assert_true(gnttab_use_needs_claim(r, false)); /* the first writer sets GTF_writing */
	assert_false(gnttab_use_needs_claim(w, false));
	assert_false(gnttab_use_needs_claim(w, true));
}

static void test_flags_to_clear(void **state)
{
	uint32_t w = gnttab_pin_increment(false), r = gnttab_pin_increment(true);

	(void)state;
	assert_int_equal(gnttab_flags_to_clear(0, true), GTF_reading);
	assert_int_equal(gnttab_flags_to_clear(0, false), GTF_reading | GTF_writing);
	assert_int_equal(gnttab_flags_to_clear(r, false), GTF_writing); /* readers remain */
	assert_int_equal(gnttab_flags_to_clear(r, true), 0);
	assert_int_equal(gnttab_flags_to_clear(w, false), 0); /* another writer remains */
	assert_int_equal(gnttab_flags_to_clear(w, true), 0);
}

static void test_clear_flags_touches_only_mask(void **state)
{
	struct grant_entry_v1 e = {
		.flags = GTF_permit_access | GTF_readonly | GTF_reading | GTF_writing,
		.domid = ME,
		.frame = 0x1234,
	};

	(void)state;
	gnttab_entry_clear_flags(&e.flags, GTF_writing);
	assert_int_equal(e.flags, GTF_permit_access | GTF_readonly | GTF_reading);
	gnttab_entry_clear_flags(&e.flags, 0);
	assert_int_equal(e.flags, GTF_permit_access | GTF_readonly | GTF_reading);
	gnttab_entry_clear_flags(&e.flags, GTF_reading | GTF_writing);
	assert_int_equal(e.flags, GTF_permit_access | GTF_readonly);
	assert_int_equal(e.domid, ME);
	assert_int_equal(e.frame, 0x1234);
}

/* A hostile granter: flips a bit of the entry as fast as it can, never touching the access bits. */
struct racer {
	uint32_t *word;
	volatile int stop;
	unsigned long flips;
};

static void *race(void *arg)
{
	struct racer *r = arg;

	while (!r->stop) {
		__atomic_fetch_xor(r->word, GTF_PWT, __ATOMIC_ACQ_REL);
		__atomic_add_fetch(&r->flips, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void test_claim_terminates_under_races(void **state)
{
	uint32_t w = word(GTF_permit_access, ME);
	struct racer r = {.word = &w};
	pthread_t t;
	unsigned int ok = 0, refused = 0;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, race, &r), 0);
	/* Start racing only once the granter is flipping. */
	while (__atomic_load_n(&r.flips, __ATOMIC_ACQUIRE) == 0)
		;
	for (int i = 0; i < 100000; i++) {
		int rc = gnttab_entry_claim(&w, false, i & 1, true, ME);

		if (rc == GNTST_okay) {
			/* The word really carries the flag the claim reported. */
			assert_true(flags_of(__atomic_load_n(&w, __ATOMIC_ACQUIRE)) & GTF_reading);
			ok++;
		} else {
			assert_int_equal(rc, GNTST_general_error);
			refused++;
		}
		gnttab_entry_clear_flags((uint16_t *)&w, GTF_reading | GTF_writing);
	}
	r.stop = 1;
	pthread_join(t, NULL);
	assert_int_equal(ok + refused, 100000);
	assert_true(ok > 0);
	print_message("claims: %u succeeded, %u refused as unstable, %lu granter flips\n", ok,
		      refused, r.flips);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_step_every_flags_value),
		cmocka_unit_test(test_claim_sets_flags),
		cmocka_unit_test(test_claim_refusals_leave_entry_alone),
		cmocka_unit_test(test_revoked_entry_stays_usable_while_pinned),
		cmocka_unit_test(test_pin_counters),
		cmocka_unit_test(test_needs_claim),
		cmocka_unit_test(test_flags_to_clear),
		cmocka_unit_test(test_clear_flags_touches_only_mask),
		cmocka_unit_test(test_claim_terminates_under_races),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
