// SPDX-License-Identifier: MIT
/*
 * lamina-introduce's reading of the hypervisor command line: names and domids as the
 * hypervisor assigns them, and hostile strings that must not overrun anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "boot_domains.h"

static void test_numbering(void **state)
{
	struct boot_domain d[8];
	unsigned int n;

	(void)state;
	n = boot_domains_parse("loglvl=info dom0_mem=1G domain=dom0,kernel=0,initrd=1,hardware "
			       "domain=peer,kernel=2 domain=web,kernel=3,mem=64M",
			       d, 8);
	assert_int_equal(n, 3);
	assert_int_equal(d[0].domid, 0);
	assert_string_equal(d[0].name, "dom0");
	assert_int_equal(d[1].domid, 1);
	assert_string_equal(d[1].name, "peer");
	assert_int_equal(d[2].domid, 2);
	assert_string_equal(d[2].name, "web");
	assert_string_equal(boot_domain_name(d, n, 1), "peer");
	assert_string_equal(boot_domain_name(d, n, 2), "web");
	assert_null(boot_domain_name(d, n, 3));
}

/* The initial domain takes domid 0 wherever it appears; the others count from 1 in order. */
static void test_initial_in_the_middle(void **state)
{
	struct boot_domain d[4];

	(void)state;
	assert_int_equal(boot_domains_parse("domain=a,kernel=0 domain=b,kernel=1,initial "
					    "domain=c,kernel=2",
					    d, 4),
			 3);
	assert_int_equal(d[0].domid, 1);
	assert_int_equal(d[1].domid, 0);
	assert_int_equal(d[2].domid, 2);
	/* "initial" must be a whole item, not part of a name or value. */
	assert_int_equal(
		boot_domains_parse("domain=initial,kernel=0 domain=x,kernel=1,initialx", d, 4), 2);
	assert_int_equal(d[0].domid, 1);
	assert_string_equal(d[0].name, "initial");
	assert_int_equal(d[1].domid, 2);
}

static void test_hostile(void **state)
{
	struct boot_domain d[2];
	char longname[200];

	(void)state;
	assert_int_equal(boot_domains_parse("", d, 2), 0);
	assert_int_equal(boot_domains_parse("domain= domain domain=,kernel=0 xdomain=q", d, 2), 1);
	assert_int_equal(d[0].domid, 1);
	assert_string_equal(d[0].name, "");
	assert_null(boot_domain_name(d, 1, 1)); /* an empty name is no name */
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "domain=", 7);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(boot_domains_parse(longname, d, 2), 1);
	assert_int_equal(strlen(d[0].name), BOOT_DOMAIN_NAME_MAX - 1);
	/* More options than room: counted, only max filled, later domids still right. */
	assert_int_equal(boot_domains_parse("domain=a domain=b domain=c domain=d", d, 2), 4);
	assert_string_equal(d[1].name, "b");
	assert_int_equal(d[1].domid, 2);
	/* Tabs and newlines separate like blanks. */
	assert_int_equal(boot_domains_parse("domain=a\tdomain=b\ndomain=c,initial", d, 2), 3);
	assert_string_equal(d[1].name, "b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_initial_in_the_middle),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
