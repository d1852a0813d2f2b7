// SPDX-License-Identifier: MIT
/*
 * Host tests of dom0-test's own logic: the command line, the sub-test table and its
 * prerequisites, the result lines, and the page patterns shared with the peer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "dom0_test.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int parse(struct options *opt, int argc, char **argv, char *err)
{
	return options_parse(opt, argc, argv, err, 200);
}

static void defaults(void **state)
{
	char *argv[] = {"dom0-test"};
	struct options opt;
	char err[200];

	(void)state;
	assert_int_equal(parse(&opt, ARGC(argv), argv, err), 0);
	assert_int_equal(opt.rounds, 1000);
	assert_int_equal(opt.icr_rounds, 10);
	assert_int_equal(opt.peer_domid, PEER_DOMID);
	assert_int_equal(opt.gref, PEER_GREF);
	assert_int_equal(opt.apic_id, 1);
	assert_int_equal(opt.apic_base, 0xfee00000);
	assert_int_equal(opt.timeout_ms, 5000);
	assert_string_equal(opt.dev_dir, "/dev/xen");
	assert_string_equal(opt.mem_path, "/dev/mem");
	assert_null(opt.until);
	assert_false(opt.bench || opt.list || opt.help);
}

static void every_option(void **state)
{
	char *argv[] = {
		"dom0-test",	     "--rounds=25",  "--icr-rounds",  "3",
		"--peer=0x7fef",     "--gref=0",     "--apic-id=255", "--apic-base=0xFEC00000",
		"--timeout-ms=9",    "--dev=/tmp/x", "--mem",	      "/tmp/m",
		"--until=find-peer", "--bench",	     "--list"};
	struct options opt;
	char err[200];

	(void)state;
	assert_int_equal(parse(&opt, ARGC(argv), argv, err), 0);
	assert_int_equal(opt.rounds, 25);
	assert_int_equal(opt.icr_rounds, 3);
	assert_int_equal(opt.peer_domid, 0x7fef);
	assert_int_equal(opt.gref, 0);
	assert_int_equal(opt.apic_id, 255);
	assert_int_equal(opt.apic_base, 0xfec00000);
	assert_int_equal(opt.timeout_ms, 9);
	assert_string_equal(opt.dev_dir, "/tmp/x");
	assert_string_equal(opt.mem_path, "/tmp/m");
	assert_string_equal(opt.until, "find-peer");
	assert_true(opt.bench && opt.list);
}

/* Each bad value is refused with the option, the value and why. */
static void bad_values(void **state)
{
	static const struct {
		const char *arg, *message;
	} cases[] = {
		{"--rounds=0", "--rounds=0: out of range (1..100000000)"},
		{"--rounds=100000001", "--rounds=100000001: out of range (1..100000000)"},
		{"--rounds=-1", "--rounds=-1: not a number (1..100000000)"},
		{"--rounds=", "--rounds=: not a number (1..100000000)"},
		{"--rounds= 5", "--rounds= 5: not a number (1..100000000)"},
		{"--rounds=+5", "--rounds=+5: not a number (1..100000000)"},
		{"--rounds=12x", "--rounds=12x: not a number (1..100000000)"},
		{"--rounds=0x", "--rounds=0x: not a number (1..100000000)"},
		{"--rounds=99999999999999999999999", "--rounds=99999999999999999999999: out of "
						     "range (1..100000000)"},
		{"--peer=0", "--peer=0: out of range (1..32751)"},
		{"--peer=0x7ff0", "--peer=0x7ff0: out of range (1..32751)"},
		{"--gref=4294967296", "--gref=4294967296: out of range (0..4294967295)"},
		{"--apic-id=256", "--apic-id=256: out of range (0..255)"},
		{"--timeout-ms=0", "--timeout-ms=0: out of range (1..600000)"},
		{"--bogus", "unknown option or missing value: --bogus"},
		{"stray", "unexpected argument: stray"},
	};
	struct options opt;
	char err[200];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = {"dom0-test", (char *)cases[i].arg};

		err[0] = '\0';
		assert_int_equal(parse(&opt, ARGC(argv), argv, err), -1);
		assert_string_equal(err, cases[i].message);
	}
}

static void missing_value(void **state)
{
	char *argv[] = {"dom0-test", "--rounds"};
	struct options opt;
	char err[200];

	(void)state;
	assert_int_equal(parse(&opt, ARGC(argv), argv, err), -1);
	assert_string_equal(err, "unknown option or missing value: --rounds");
}

/* The parser starts over each time: a second parse sees only its own arguments. */
static void parse_twice(void **state)
{
	char *first[] = {"dom0-test", "--rounds=7", "--bench"};
	char *second[] = {"dom0-test", "--peer=3"};
	struct options opt;
	char err[200];

	(void)state;
	assert_int_equal(parse(&opt, ARGC(first), first, err), 0);
	assert_int_equal(parse(&opt, ARGC(second), second, err), 0);
	assert_int_equal(opt.rounds, 1000);
	assert_int_equal(opt.peer_domid, 3);
	assert_false(opt.bench);
}

/* Names are unique, and whatever a sub-test needs an earlier one provides. */
static void table_is_consistent(void **state)
{
	unsigned int provided = 0;

	(void)state;
	assert_true(nr_subtests >= 7);
	for (unsigned int i = 0; i < nr_subtests; i++) {
		assert_non_null(subtests[i].run);
		assert_true(strlen(subtests[i].name) > 0);
		assert_null(strchr(subtests[i].name, ' '));
		for (unsigned int j = 0; j < i; j++)
			assert_string_not_equal(subtests[i].name, subtests[j].name);
		if ((subtests[i].needs & provided) != subtests[i].needs)
			fail_msg("%s needs %#x, earlier sub-tests provide only %#x",
				 subtests[i].name, subtests[i].needs, provided);
		provided |= subtests[i].provides;
	}
}

static void requirements(void **state)
{
	struct options opt;
	struct dom0_test t;
	uint8_t page[PEER_PAGE_SIZE];

	(void)state;
	options_default(&opt);
	dom0_test_init(&t, &opt);
	assert_string_equal(missing_requirement(&t, NEED_PRIVCMD | NEED_XEN),
			    "an open privcmd device");
	t.privcmd = 3;
	assert_string_equal(missing_requirement(&t, NEED_PRIVCMD | NEED_XEN),
			    "a hypervisor answering as Xen 4.17 through privcmd");
	t.xen_version = 0x40011;
	assert_null(missing_requirement(&t, NEED_PRIVCMD | NEED_XEN));
	assert_string_equal(missing_requirement(&t, NEED_MAPPED),
			    "the peer's page mapped through gntdev");
	t.page = (struct peer_page_header *)page;
	assert_null(missing_requirement(&t, NEED_MAPPED));
	assert_null(missing_requirement(&t, 0));
}

/* Runs the real sub-tests against a device directory that does not exist. */
static unsigned int run_without_devices(const char *until, char *out, size_t size,
					unsigned int *passed)
{
	struct options opt;
	struct dom0_test t;
	unsigned int failed;
	FILE *f = fmemopen(out, size, "w");

	assert_non_null(f);
	options_default(&opt);
	opt.dev_dir = "/nonexistent-dom0-test-dir";
	dom0_test_init(&t, &opt);
	failed = run_subtests(&t, until, f, passed);
	fclose(f);
	return failed;
}

static unsigned int count_lines(const char *text)
{
	unsigned int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static void run_reports_every_subtest(void **state)
{
	static char out[8192];
	unsigned int passed, failed;

	(void)state;
	failed = run_without_devices(NULL, out, sizeof(out), &passed);
	assert_int_equal(passed, 0);
	assert_int_equal(failed, nr_subtests);
	assert_int_equal(count_lines(out), nr_subtests);
	assert_non_null(strstr(out, "dom0-test: devices: FAIL open /nonexistent-dom0-test-dir/"
				    "privcmd: No such file or directory (ENOENT); "));
	assert_non_null(strstr(out, "dom0-test: privcmd-hypercall: FAIL not run: needs an open "
				    "privcmd device (an earlier sub-test failed)\n"));
	assert_non_null(strstr(out, "dom0-test: peer-finish: FAIL not run: "));
}

static void run_stops_after_until(void **state)
{
	static char out[8192];
	unsigned int passed, failed;

	(void)state;
	failed = run_without_devices("find-peer", out, sizeof(out), &passed);
	assert_int_equal(passed + failed, 3);
	assert_int_equal(count_lines(out), 3);
	assert_null(strstr(out, "evtchn-pingpong"));
}

static void outcome_lines(void **state)
{
	struct outcome o;

	(void)state;
	outcome_init(&o);
	outcome_note(&o, "one %d", 1);
	outcome_note(&o, "two");
	assert_false(o.failed);
	assert_string_equal(o.text, "one 1; two");
	assert_false(outcome_fail_errno(&o, 1, "calling %s", "x"));
	assert_true(o.failed);
	assert_string_equal(o.text, "one 1; two; calling x: Operation not permitted (EPERM)");
}

/* A detail too long for the line is cut and the cut marked, never overrun. */
static void outcome_truncates(void **state)
{
	struct outcome o;
	char big[2 * OUTCOME_TEXT_MAX];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	outcome_init(&o);
	outcome_fail(&o, "%s", big);
	assert_int_equal(strlen(o.text), OUTCOME_TEXT_MAX - 1);
	assert_string_equal(o.text + OUTCOME_TEXT_MAX - 4, "...");
	outcome_note(&o, "more");
	assert_int_equal(strlen(o.text), OUTCOME_TEXT_MAX - 1);
}

static void errno_names(void **state)
{
	char buf[96];

	(void)state;
	assert_string_equal(errno_describe(25, buf, sizeof(buf)),
			    "Inappropriate ioctl for device (ENOTTY)");
	assert_string_equal(errno_describe(99999, buf, sizeof(buf)),
			    "Unknown error 99999 (unknown errno)");
}

/* dom0's reply differs from the peer's bytes everywhere, and the mismatch names the byte. */
static void patterns(void **state)
{
	static uint8_t data[PEER_DATA_LEN];

	(void)state;
	for (uint32_t i = 0; i < PEER_DATA_LEN; i++)
		assert_true(peer_pattern_byte(PEER_SEED, i) != peer_pattern_byte(DOM0_SEED, i));
	peer_pattern_fill(data, PEER_SEED);
	assert_int_equal(peer_pattern_mismatch(data, PEER_SEED), PEER_DATA_LEN);
	assert_int_equal(peer_pattern_mismatch(data, DOM0_SEED), 0);
	data[1234] ^= 1;
	assert_int_equal(peer_pattern_mismatch(data, PEER_SEED), 1234);
	/* A page shifted by any amount does not pass for the original. */
	for (uint32_t shift = 1; shift < PEER_DATA_LEN; shift++) {
		uint32_t i = 0;

		while (i + shift < PEER_DATA_LEN &&
		       peer_pattern_byte(PEER_SEED, i) == peer_pattern_byte(PEER_SEED, i + shift))
			i++;
		if (i + shift >= PEER_DATA_LEN)
			fail_msg("the pattern repeats with period %u", shift);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(every_option),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(missing_value),
		cmocka_unit_test(parse_twice),
		cmocka_unit_test(table_is_consistent),
		cmocka_unit_test(requirements),
		cmocka_unit_test(run_reports_every_subtest),
		cmocka_unit_test(run_stops_after_until),
		cmocka_unit_test(outcome_lines),
		cmocka_unit_test(outcome_truncates),
		cmocka_unit_test(errno_names),
		cmocka_unit_test(patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
