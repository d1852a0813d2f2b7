/* SPDX-License-Identifier: MIT */
/* Unit tests of the hypervisor command-line parser (hypervisor/common/cmdline.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/cmdline.h>
#include <lamina/errno.h>

static struct boot_options opts;
static char err[160];

/* The unknown-token callback records what it saw, joined by '|'. */
struct unknown_log {
	char text[256];
	unsigned int calls;
};

static void log_unknown(void *ctx, const char *token, size_t len)
{
	struct unknown_log *log = ctx;
	size_t used = strlen(log->text);

	snprintf(log->text + used, sizeof(log->text) - used, "%s%.*s", log->calls ? "|" : "",
		 (int)len, token);
	log->calls++;
}

static int parse(const char *cmdline)
{
	return cmdline_parse(cmdline, &opts, err, sizeof(err), NULL, NULL);
}

/* Parsing must fail with exactly this message. */
static void assert_refused(const char *cmdline, const char *message)
{
	int rc = parse(cmdline);

	if (rc != -EINVAL || strcmp(err, message) != 0)
		fail_msg("cmdline \"%s\": rc %d, err \"%s\"; expected -EINVAL, \"%s\"", cmdline, rc,
			 err, message);
}

static void assert_accepted(const char *cmdline)
{
	int rc = parse(cmdline);

	if (rc != 0)
		fail_msg("cmdline \"%s\": rc %d, err \"%s\"", cmdline, rc, err);
	assert_string_equal(err, "");
}

static void test_empty_gives_defaults(void **state)
{
	const char *empties[] = {"", "   ", " \t\r\n ", NULL};

	(void)state;
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		memset(&opts, 0xff, sizeof(opts));
		strcpy(err, "stale");
		assert_int_equal(parse(empties[i]), 0);
		assert_string_equal(err, "");
		assert_int_equal(opts.loglvl, LOGLVL_ERROR + CONFIG_LOG_LEVEL);
		assert_int_equal(opts.dom0_mem, 0);
		assert_int_equal(opts.nr_domains, 0);
		assert_int_equal(opts.nr_unknown, 0);
	}
}

static void test_loglvl(void **state)
{
	static const struct {
		const char *cmdline;
		int level;
	} cases[] = {
		{"loglvl=none", LOGLVL_NONE},
		{"loglvl=error", LOGLVL_ERROR},
		{"loglvl=warning", LOGLVL_WARNING},
		{"loglvl=info", LOGLVL_INFO},
		{"loglvl=debug", LOGLVL_DEBUG},
		{"loglvl=all", LOGLVL_ALL},
		{"loglvl=debug/none", LOGLVL_DEBUG}, /* Xen's X/Y: X counts */
		{"loglvl=all/all", LOGLVL_ALL},
		{"loglvl=none loglvl=info", LOGLVL_INFO}, /* the last one wins */
		{"\tloglvl=warning\t", LOGLVL_WARNING},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_accepted(cases[i].cmdline);
		assert_int_equal(opts.loglvl, cases[i].level);
	}
	assert_string_equal(cmdline_loglvl_name(LOGLVL_WARNING), "warning");
	assert_string_equal(cmdline_loglvl_name(LOGLVL_ALL), "all");
	assert_string_equal(cmdline_loglvl_name(-1), "?");
	assert_string_equal(cmdline_loglvl_name(LOGLVL_ALL + 1), "?");
}

static void test_loglvl_refused(void **state)
{
	const char *why = "unknown level (none|error|warning|info|debug|all)";
	const char *bad[] = {"loglvl=",	     "loglvl=INFO",   "loglvl=infos",
			     "loglvl=inf",   "loglvl=3",      "loglvl=info/",
			     "loglvl=/info", "loglvl=info/x", "loglvl=info/info/info"};
	char expected[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(expected, sizeof(expected), "%s: %s", bad[i], why);
		assert_refused(bad[i], expected);
	}
}

static void test_dom0_mem(void **state)
{
	static const struct {
		const char *cmdline;
		uint64_t bytes;
	} cases[] = {
		{"dom0_mem=512M", 512ULL << 20},   {"dom0_mem=512m", 512ULL << 20},
		{"dom0_mem=1G", 1ULL << 30},	   {"dom0_mem=4096K", 4ULL << 20},
		{"dom0_mem=1048576", 1ULL << 20},  {"dom0_mem=1T", 1ULL << 40},
		{"dom0_mem=1024G", 1ULL << 40},	   {"dom0_mem=0001M", 1ULL << 20},
		{"dom0_mem=1028K", 1028ULL << 10},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_accepted(cases[i].cmdline);
		assert_int_equal(opts.dom0_mem, cases[i].bytes);
	}
}

static void test_sizes_refused(void **state)
{
	const char *not_size = "not a size (a number with an optional K, M, G or T suffix)";
	static const struct {
		const char *value, *why;
	} cases[] = {
		{"", NULL},
		{"M", NULL},
		{"12X", NULL},
		{"1MB", NULL},
		{"1M5", NULL},
		{"-1M", NULL},
		{"+1M", NULL},
		{"0x100000", NULL},
		{"min:1G", NULL}, /* Xen's min:/max: forms are not supported */
		{"0", "out of range 1M..1T"},
		{"1023K", "out of range 1M..1T"},
		{"1048575", "out of range 1M..1T"},
		{"1025G", "out of range 1M..1T"},
		{"2T", "out of range 1M..1T"},
		{"16777216T", "out of range 1M..1T"}, /* 2^64 after the shift */
		{"18446744073709551615", "out of range 1M..1T"},
		{"18446744073709551616", NULL}, /* does not fit 64 bits */
		{"99999999999999999999999M", NULL},
		{"1025K", "not a multiple of 4K"},
		{"1048577", "not a multiple of 4K"},
	};
	char cmdline[128], expected[192];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = cases[i].why ? cases[i].why : not_size;

		snprintf(cmdline, sizeof(cmdline), "dom0_mem=%s", cases[i].value);
		snprintf(expected, sizeof(expected), "%s: %s", cmdline, why);
		assert_refused(cmdline, expected);

		snprintf(cmdline, sizeof(cmdline), "domain=d,kernel=0,mem=%s", cases[i].value);
		snprintf(expected, sizeof(expected), "domain=d: mem=%s: %s", cases[i].value, why);
		assert_refused(cmdline, expected);
	}
}

static void test_domain_full(void **state)
{
	const struct domain_spec *d;

	(void)state;
	assert_accepted(
		"loglvl=all domain=web-1_A,kernel=1,initrd=2,mem=64M,vcpus=2,weight=512,initial");
	assert_int_equal(opts.nr_domains, 1);
	d = &opts.domains[0];
	assert_string_equal(d->name, "web-1_A");
	assert_int_equal(d->kernel_module, 1);
	assert_int_equal(d->initrd_module, 2);
	assert_int_equal(d->mem_bytes, 64ULL << 20);
	assert_int_equal(d->vcpus, 2);
	assert_int_equal(d->weight, 512);
	assert_true(d->initial);
	assert_int_equal(opts.loglvl, LOGLVL_ALL);

	/* Keys in any order. */
	assert_accepted("domain=x,initial,vcpus=1,mem=1G,initrd=63,kernel=0");
	d = &opts.domains[0];
	assert_int_equal(d->kernel_module, 0);
	assert_int_equal(d->initrd_module, 63);
	assert_int_equal(d->mem_bytes, 1ULL << 30);
	assert_true(d->initial);
}

static void test_domain_defaults_and_order(void **state)
{
	char cmdline[64];

	(void)state;
	assert_accepted("domain=a,kernel=3  domain=b,kernel=0,vcpus="
			"1 domain=c,kernel=3");
	assert_int_equal(opts.nr_domains, 3);
	assert_string_equal(opts.domains[0].name, "a");
	assert_string_equal(opts.domains[1].name, "b");
	assert_string_equal(opts.domains[2].name, "c");
	assert_int_equal(opts.domains[0].kernel_module, 3);
	assert_int_equal(opts.domains[2].kernel_module, 3); /* two domains may share a kernel */
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(opts.domains[i].initrd_module, -1);
		assert_int_equal(opts.domains[i].mem_bytes, 32ULL << 20);
		assert_int_equal(opts.domains[i].vcpus, 1);
		assert_int_equal(opts.domains[i].weight, 0); /* 0: the scheduler default */
		assert_false(opts.domains[i].initial);
	}

	snprintf(cmdline, sizeof(cmdline), "domain=max,kernel=0,vcpus=%d", CONFIG_MAX_VCPUS);
	assert_accepted(cmdline);
	assert_int_equal(opts.domains[0].vcpus, CONFIG_MAX_VCPUS);

	/* A 31-character name is the longest. */
	assert_accepted("domain=abcdefghijklmnopqrstuvwxyz01234,kernel=0");
	assert_string_equal(opts.domains[0].name, "abcdefghijklmnopqrstuvwxyz01234");
}

/* hardware makes the domain the initial one too; initial may come before or after it. */
static void test_domain_hardware(void **state)
{
	const char *forms[] = {"domain=dom0,kernel=0,initrd=1,hardware",
			       "domain=dom0,kernel=0,initial,hardware",
			       "domain=dom0,hardware,initial,kernel=0"};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_accepted(forms[i]);
		assert_true(opts.domains[0].hardware);
		assert_true(opts.domains[0].initial);
	}
	assert_accepted("domain=a,kernel=0,initial domain=b,kernel=1");
	assert_false(opts.domains[0].hardware);
	assert_false(opts.domains[1].hardware);
}

static void test_domain_limit(void **state)
{
	char cmdline[512] = "";

	(void)state;
	for (int i = 0; i < CMDLINE_MAX_DOMAINS; i++)
		snprintf(cmdline + strlen(cmdline), sizeof(cmdline) - strlen(cmdline),
			 "domain=d%d,kernel=%d ", i, i);
	assert_accepted(cmdline);
	assert_int_equal(opts.nr_domains, CMDLINE_MAX_DOMAINS);
	assert_string_equal(opts.domains[CMDLINE_MAX_DOMAINS - 1].name, "d7");

	strcat(cmdline, "domain=d8,kernel=8");
	assert_refused(cmdline, "domain=d8: too many domains (at most 8)");
}

static void test_domain_refused(void **state)
{
	char cmdline[96], expected[160];
	static const struct {
		const char *cmdline, *err;
	} cases[] = {
		{"domain=web", "domain=web: kernel=IDX missing"},
		{"domain=web,mem=64M", "domain=web: kernel=IDX missing"},
		{"domain=web,kernel=64", "domain=web: kernel=64: out of range 0..63"},
		{"domain=web,kernel=-1", "domain=web: kernel=-1: not a decimal number"},
		{"domain=web,kernel=1a", "domain=web: kernel=1a: not a decimal number"},
		{"domain=web,kernel=", "domain=web: kernel=: not a decimal number"},
		{"domain=web,kernel=99999999999999999999",
		 "domain=web: kernel=99999999999999999999: not a decimal number"},
		{"domain=web,kernel", "domain=web: kernel: needs a value"},
		{"domain=web,kernel=0,initrd=64", "domain=web: initrd=64: out of range 0..63"},
		{"domain=web,kernel=0,initrd=0",
		 "domain=web: initrd and kernel are the same module"},
		{"domain=web,kernel=0,vcpus=x", "domain=web: vcpus=x: not a decimal number"},
		{"domain=web,kernel=0,initial=1", "domain=web: initial=1: takes no value"},
		{"domain=web,kernel=0,initial=", "domain=web: initial=: takes no value"},
		{"domain=web,kernel=0,mem=1M,mem=1M", "domain=web: mem=1M: given twice"},
		{"domain=web,kernel=0,kernel=0", "domain=web: kernel=0: given twice"},
		{"domain=web,initial,initial,kernel=0", "domain=web: initial: given twice"},
		{"domain=web,kernel=0,cpus=1", "domain=web: cpus=1: unknown key (kernel, initrd, "
					       "mem, vcpus, initial, weight, hardware)"},
		{"domain=web,kernel=0,KERNEL=1", "domain=web: KERNEL=1: unknown key (kernel, "
						 "initrd, mem, vcpus, initial, weight, hardware)"},
		{"domain=web,kernel=0,", "domain=web: empty item (stray comma)"},
		{"domain=web,,kernel=0", "domain=web: empty item (stray comma)"},
		{"domain=", "domain=: bad name: use 1-31 of A-Z a-z 0-9 _ -"},
		{"domain=,kernel=0", "domain=: bad name: use 1-31 of A-Z a-z 0-9 _ -"},
		{"domain=a.b,kernel=0", "domain=a.b: bad name: use 1-31 of A-Z a-z 0-9 _ -"},
		{"domain=a=b,kernel=0", "domain=a=b: bad name: use 1-31 of A-Z a-z 0-9 _ -"},
		{"domain=abcdefghijklmnopqrstuvwxyz012345,kernel=0",
		 "domain=abcdefghijklmnopqrstuvwxyz012345: bad name: use 1-31 of A-Z a-z 0-9 _ -"},
		{"domain=a,kernel=0 domain=a,kernel=1", "domain=a: name used twice"},
		{"domain=a,kernel=0,weight=0", "domain=a: weight=0: out of range 1..65535"},
		{"domain=a,kernel=0,weight=65536", "domain=a: weight=65536: out of range 1..65535"},
		{"domain=a,kernel=0,weight", "domain=a: weight: needs a value"},
		{"domain=a,kernel=0,initial domain=b,initial,kernel=1",
		 "domain=b: initial: only one domain can be initial; already a"},
		{"domain=a,kernel=0,initial domain=b,hardware,kernel=1",
		 "domain=b: hardware: only one domain can be initial; already a"},
		{"domain=a,kernel=0,hardware,hardware", "domain=a: hardware: given twice"},
		{"domain=a,kernel=0,hardware=1", "domain=a: hardware=1: takes no value"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_refused(cases[i].cmdline, cases[i].err);

	snprintf(expected, sizeof(expected), "domain=web: vcpus=0: out of range 1..%d",
		 CONFIG_MAX_VCPUS);
	assert_refused("domain=web,kernel=0,vcpus=0", expected);
	snprintf(cmdline, sizeof(cmdline), "domain=web,kernel=0,vcpus=%d", CONFIG_MAX_VCPUS + 1);
	snprintf(expected, sizeof(expected), "domain=web: vcpus=%d: out of range 1..%d",
		 CONFIG_MAX_VCPUS + 1, CONFIG_MAX_VCPUS);
	assert_refused(cmdline, expected);
}

static void test_errors_quote_safely(void **state)
{
	char longname[200];

	(void)state;
	/* Control characters and bytes above 0x7e are not echoed to the console. */
	assert_refused("domain=a\x01\x1b[2J\xff,kernel=0",
		       "domain=a??[2J?: bad name: use 1-31 of A-Z a-z 0-9 _ -");
	/* A long token is cut at 40 characters. */
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "domain=", 7);
	strcpy(longname + 150, ",kernel=0");
	assert_refused(longname, "domain=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...: bad name: use 1-31 "
				 "of A-Z a-z 0-9 _ -");
}

static void test_error_buffer_bounds(void **state)
{
	char small[12];

	(void)state;
	memset(small, 'X', sizeof(small));
	assert_int_equal(cmdline_parse("domain=web,kernel=64", &opts, small, 8, NULL, NULL),
			 -EINVAL);
	assert_string_equal(small, "domain=");
	assert_int_equal(small[8], 'X'); /* nothing written past errlen */

	small[0] = 'X';
	assert_int_equal(cmdline_parse("domain=web", &opts, small, 1, NULL, NULL), -EINVAL);
	assert_int_equal(small[0], '\0');

	small[0] = 'X';
	assert_int_equal(cmdline_parse("domain=web", &opts, small, 0, NULL, NULL), -EINVAL);
	assert_int_equal(small[0], 'X');

	assert_int_equal(cmdline_parse("domain=web", &opts, NULL, 100, NULL, NULL), -EINVAL);
	assert_int_equal(cmdline_parse("loglvl=all", &opts, NULL, 0, NULL, NULL), 0);
}

static void test_unknown_tokens_are_reported(void **state)
{
	struct unknown_log log = {};

	(void)state;
	assert_int_equal(cmdline_parse(" noreboot console=com1 loglvl\tdomain loglvl=info "
				       "Loglvl=x domains=a =x dom0_mem",
				       &opts, err, sizeof(err), log_unknown, &log),
			 0);
	assert_string_equal(log.text, "noreboot|console=com1|loglvl|domain|Loglvl=x|domains=a|=x|"
				      "dom0_mem");
	assert_int_equal(log.calls, 8);
	assert_int_equal(opts.nr_unknown, 8);
	assert_int_equal(opts.loglvl, LOGLVL_INFO);

	/* Counted without a callback too. */
	assert_accepted("a b c");
	assert_int_equal(opts.nr_unknown, 3);
}

static void test_skip_image_name(void **state)
{
	(void)state;
	assert_string_equal(cmdline_skip_image_name("build/lamina loglvl=all"), " loglvl=all");
	assert_string_equal(cmdline_skip_image_name("  /boot/lamina.gz\tx"), "\tx");
	assert_string_equal(cmdline_skip_image_name("/boot/lamina"), "");
	assert_string_equal(cmdline_skip_image_name("loglvl=all x"), "loglvl=all x");
	assert_string_equal(cmdline_skip_image_name(""), "");
	assert_string_equal(cmdline_skip_image_name("   "), "");
}

static void test_long_hostile_input(void **state)
{
	static char s[(1 << 20) + 1];
	size_t len = sizeof(s) - 1;

	(void)state;
	for (size_t i = 0; i < len; i++)
		s[i] = i % 3 == 2 ? ' ' : "=,"[i % 2];
	s[len] = '\0';
	/* "=, " repeated: each "=," token is an unknown key. */
	assert_int_equal(parse(s), 0);
	assert_int_equal(opts.nr_unknown, len / 3 + (len % 3 != 0));

	memset(s, 'a', len);
	memcpy(s, "domain=", 7);
	assert_int_equal(parse(s), -EINVAL);
	assert_non_null(strstr(err, "bad name"));
}

/* Seeds for fuzz_cmdline: every accepted and refused line above is a starting point. */
static const char *const seeds[] = {
	"loglvl=debug/info dom0_mem=512M",
	"domain=web-1_A,kernel=1,initrd=2,mem=64M,vcpus=2,initial domain=b,kernel=0",
	"domain=web,kernel=0,mem=1M,mem=1M",
	"domain=a,kernel=0,initial domain=b,initial,kernel=1",
	"build/lamina noreboot console=com1 loglvl=all domain=x,kernel=63,mem=1T",
	"dom0_mem=18446744073709551616 domain=,kernel=",
};

static int write_seeds(const char *dir)
{
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/seed%zu", dir, i);
		f = fopen(path, "w");
		if (!f || fputs(seeds[i], f) < 0 || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_gives_defaults),
		cmocka_unit_test(test_loglvl),
		cmocka_unit_test(test_loglvl_refused),
		cmocka_unit_test(test_dom0_mem),
		cmocka_unit_test(test_sizes_refused),
		cmocka_unit_test(test_domain_full),
		cmocka_unit_test(test_domain_defaults_and_order),
		cmocka_unit_test(test_domain_hardware),
		cmocka_unit_test(test_domain_limit),
		cmocka_unit_test(test_domain_refused),
		cmocka_unit_test(test_errors_quote_safely),
		cmocka_unit_test(test_error_buffer_bounds),
		cmocka_unit_test(test_unknown_tokens_are_reported),
		cmocka_unit_test(test_skip_image_name),
		cmocka_unit_test(test_long_hostile_input),
	};

	if (argc == 3 && strcmp(argv[1], "--write-seeds") == 0)
		return write_seeds(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
