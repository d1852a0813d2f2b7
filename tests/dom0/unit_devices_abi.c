// SPDX-License-Identifier: MIT
/* Every ioctl number and layout of xen_devices.h against Debian's libxen-dev copy of Linux's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "xen_devices.h"
#include "xen_sys_facts.h"

static const struct device_fact ours[] = {
	{"IOCTL_PRIVCMD_HYPERCALL", IOCTL_PRIVCMD_HYPERCALL},
	{"IOCTL_PRIVCMD_MMAPBATCH_V2", IOCTL_PRIVCMD_MMAPBATCH_V2},
	{"IOCTL_EVTCHN_BIND_INTERDOMAIN", IOCTL_EVTCHN_BIND_INTERDOMAIN},
	{"IOCTL_EVTCHN_UNBIND", IOCTL_EVTCHN_UNBIND},
	{"IOCTL_EVTCHN_NOTIFY", IOCTL_EVTCHN_NOTIFY},
	{"IOCTL_GNTDEV_MAP_GRANT_REF", IOCTL_GNTDEV_MAP_GRANT_REF},
	{"IOCTL_GNTDEV_UNMAP_GRANT_REF", IOCTL_GNTDEV_UNMAP_GRANT_REF},
	{"sizeof privcmd_hypercall", sizeof(struct privcmd_hypercall_args)},
	{"offsetof privcmd_hypercall.arg", offsetof(struct privcmd_hypercall_args, arg)},
	{"sizeof privcmd_mmapbatch_v2", sizeof(struct privcmd_mmapbatch_v2_args)},
	{"offsetof privcmd_mmapbatch_v2.dom", offsetof(struct privcmd_mmapbatch_v2_args, dom)},
	{"offsetof privcmd_mmapbatch_v2.addr", offsetof(struct privcmd_mmapbatch_v2_args, addr)},
	{"offsetof privcmd_mmapbatch_v2.arr", offsetof(struct privcmd_mmapbatch_v2_args, arr)},
	{"offsetof privcmd_mmapbatch_v2.err", offsetof(struct privcmd_mmapbatch_v2_args, err)},
	{"sizeof ioctl_evtchn_bind_interdomain", sizeof(struct evtchn_bind_interdomain_args)},
	{"offsetof ioctl_evtchn_bind_interdomain.remote_port",
	 offsetof(struct evtchn_bind_interdomain_args, remote_port)},
	{"sizeof ioctl_evtchn_notify", sizeof(struct evtchn_port_args)},
	{"sizeof ioctl_gntdev_map_grant_ref", sizeof(struct gntdev_map_grant_ref_args)},
	{"offsetof ioctl_gntdev_map_grant_ref.index",
	 offsetof(struct gntdev_map_grant_ref_args, index)},
	{"offsetof ioctl_gntdev_map_grant_ref.refs",
	 offsetof(struct gntdev_map_grant_ref_args, refs)},
	{"sizeof ioctl_gntdev_grant_ref", sizeof(struct gntdev_grant_ref)},
	{"offsetof ioctl_gntdev_grant_ref.ref", offsetof(struct gntdev_grant_ref, ref)},
	{"sizeof ioctl_gntdev_unmap_grant_ref", sizeof(struct gntdev_unmap_grant_ref_args)},
	{"offsetof ioctl_gntdev_unmap_grant_ref.count",
	 offsetof(struct gntdev_unmap_grant_ref_args, count)},
	{NULL, 0},
};

static const struct device_fact *find(const struct device_fact *facts, const char *name)
{
	for (; facts->name; facts++)
		if (strcmp(facts->name, name) == 0)
			return facts;
	return NULL;
}

static void every_fact_matches(void **state)
{
	unsigned int checked = 0, wrong = 0;
	const struct device_fact *theirs;

	(void)state;
	for (const struct device_fact *f = ours; f->name; f++) {
		theirs = find(xen_sys_facts, f->name);
		assert_non_null(theirs);
		if (theirs->value != f->value) {
			printf("mismatch: %s is %#lx here, %#lx in libxen-dev\n", f->name, f->value,
			       theirs->value);
			wrong++;
		}
		checked++;
	}
	printf("%u device ABI facts checked against libxen-dev\n", checked);
	assert_int_equal(wrong, 0);
	/* Both sides list the same facts. */
	for (const struct device_fact *f = xen_sys_facts; f->name; f++)
		assert_non_null(find(ours, f->name));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_fact_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
