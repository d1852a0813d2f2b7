// SPDX-License-Identifier: MIT
/*
 * dom0-test: runs in dom0 (Lamina's hardware domain) and checks, through Linux's own Xen
 * devices, what dom0 userspace relies on: privcmd hypercalls, event channels to a guest, a
 * guest's grant mapped through gntdev, and that dom0 cannot reach the hypervisor's CPUs.
 * One line per sub-test, "dom0-test: NAME: PASS|FAIL details", then
 * "dom0-test: N passed, M failed". Exit status 0 when all passed, 1 when not, 2 on bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "dom0_test.h"

static void close_devices(struct dom0_test *t)
{
	int *fds[] = {&t->privcmd, &t->evtchn, &t->gntdev};

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
}

static bool known_subtest(const char *name)
{
	for (unsigned int i = 0; i < nr_subtests; i++)
		if (strcmp(subtests[i].name, name) == 0)
			return true;
	return false;
}

int main(int argc, char *argv[])
{
	struct options opt;
	struct dom0_test t;
	unsigned int passed, failed;
	char err[256], why[96];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (options_parse(&opt, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "dom0-test: %s\n", err);
		options_usage(argv[0]);
		return 2;
	}
	if (opt.help) {
		options_usage(argv[0]);
		return 0;
	}
	if (opt.list) {
		for (unsigned int i = 0; i < nr_subtests; i++)
			printf("%s\n", subtests[i].name);
		return 0;
	}
	if (opt.until && !known_subtest(opt.until)) {
		fprintf(stderr, "dom0-test: --until %s: no such sub-test (see --list)\n",
			opt.until);
		return 2;
	}
	/* The hypervisor reads hypercall arguments through our page tables: keep them resident. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE) == -1)
		printf("dom0-test: note: mlockall: %s; hypercall arguments may be paged out\n",
		       errno_describe(errno, why, sizeof(why)));
	printf("dom0-test: %u sub-tests%s%s, peer d%u, gref %u, %" PRIu64
	       " round trips, devices in %s\n",
	       nr_subtests, opt.until ? ", stopping after " : "", opt.until ? opt.until : "",
	       opt.peer_domid, opt.gref, opt.rounds, opt.dev_dir);

	dom0_test_init(&t, &opt);
	failed = run_subtests(&t, opt.until, stdout, &passed);
	close_devices(&t);
	printf("dom0-test: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
