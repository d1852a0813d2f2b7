// SPDX-License-Identifier: MIT
/* The table of sub-tests, their prerequisites, and the loop that runs them. */
#include <string.h>
#include "dom0_test.h"

const struct subtest subtests[] = {
	{"devices", check_devices, 0, NEED_PRIVCMD | NEED_EVTCHN | NEED_GNTDEV},
	{"privcmd-hypercall", check_privcmd_version, NEED_PRIVCMD, NEED_XEN},
	{"find-peer", check_find_peer, NEED_PRIVCMD | NEED_XEN, NEED_PEER_PORT},
	{"evtchn-pingpong", check_pingpong, NEED_EVTCHN | NEED_PEER_PORT, NEED_BOUND},
	{"gntdev-map", check_gntdev, NEED_GNTDEV | NEED_BOUND, NEED_MAPPED},
	{"privcmd-foreign-map", check_foreign_map, NEED_PRIVCMD | NEED_MAPPED, 0},
	{"icr-refused", check_icr, NEED_XEN | NEED_BOUND, 0},
	{"peer-finish", check_finish, NEED_PRIVCMD | NEED_BOUND | NEED_MAPPED, 0},
};
const unsigned int nr_subtests = sizeof(subtests) / sizeof(subtests[0]);

static bool have_privcmd(const struct dom0_test *t)
{
	return t->privcmd >= 0;
}

static bool have_evtchn(const struct dom0_test *t)
{
	return t->evtchn >= 0;
}

static bool have_gntdev(const struct dom0_test *t)
{
	return t->gntdev >= 0;
}

static bool have_xen(const struct dom0_test *t)
{
	return t->xen_version != 0;
}

static bool have_peer_port(const struct dom0_test *t)
{
	return t->peer_port != 0;
}

static bool have_bound(const struct dom0_test *t)
{
	return t->local_port != 0;
}

static bool have_mapped(const struct dom0_test *t)
{
	return t->page != NULL;
}

static const struct {
	enum requirement need;
	const char *name;
	bool (*met)(const struct dom0_test *t);
} requirements[] = {
	{NEED_PRIVCMD, "an open privcmd device", have_privcmd},
	{NEED_EVTCHN, "an open evtchn device", have_evtchn},
	{NEED_GNTDEV, "an open gntdev device", have_gntdev},
	{NEED_XEN, "a hypervisor answering as Xen 4.17 through privcmd", have_xen},
	{NEED_PEER_PORT, "the peer's unbound port", have_peer_port},
	{NEED_BOUND, "a bound event channel to the peer", have_bound},
	{NEED_MAPPED, "the peer's page mapped through gntdev", have_mapped},
};

void dom0_test_init(struct dom0_test *t, const struct options *opt)
{
	*t = (struct dom0_test){.opt = opt, .privcmd = -1, .evtchn = -1, .gntdev = -1};
}

const char *missing_requirement(const struct dom0_test *t, unsigned int needs)
{
	for (unsigned int i = 0; i < sizeof(requirements) / sizeof(requirements[0]); i++)
		if ((needs & requirements[i].need) && !requirements[i].met(t))
			return requirements[i].name;
	return NULL;
}

unsigned int run_subtests(struct dom0_test *t, const char *until, FILE *out, unsigned int *passed)
{
	unsigned int failed = 0;
	struct outcome o;
	const char *missing;

	*passed = 0;
	for (unsigned int i = 0; i < nr_subtests; i++) {
		outcome_init(&o);
		missing = missing_requirement(t, subtests[i].needs);
		if (missing)
			outcome_fail(&o, "not run: needs %s (an earlier sub-test failed)", missing);
		else if (!subtests[i].run(t, &o) && !o.failed)
			outcome_fail(&o, "failed without saying why (a bug in dom0-test)");
		fprintf(out, "dom0-test: %s: %s %s\n", subtests[i].name, o.failed ? "FAIL" : "PASS",
			o.text);
		fflush(out);
		if (o.failed)
			failed++;
		else
			(*passed)++;
		if (until && strcmp(until, subtests[i].name) == 0)
			break;
	}
	return failed;
}
