// SPDX-License-Identifier: MIT
/*
 * xenbus/daemon/xen_devices.h against linux-libc-dev's copies of Linux's uAPI headers
 * (<xen/gntdev.h>, <xen/evtchn.h>, <xen/privcmd.h>): every ioctl number, size and field offset
 * we use. Both are visible here because our names differ from Linux's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <linux/types.h>
/*
 * linux-libc-dev's copies are not self-contained: they use the kernel's Xen types and
 * <xen/interface/xen.h>, which the Makefile stands in for with an empty file.
 */
typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;
typedef uint64_t xen_pfn_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>
#include <xen/privcmd.h>
#include "xen_devices.h"

#define SAME_FIELD(ours, theirs, f_ours, f_theirs)                                                 \
	do {                                                                                       \
		assert_int_equal(offsetof(ours, f_ours), offsetof(theirs, f_theirs));              \
		assert_int_equal(sizeof(((ours *)0)->f_ours), sizeof(((theirs *)0)->f_theirs));    \
	} while (0)

static void test_gntdev(void **state)
{
	(void)state;
	assert_int_equal(GNTDEV_IOCTL_MAP, IOCTL_GNTDEV_MAP_GRANT_REF);
	assert_int_equal(GNTDEV_IOCTL_UNMAP, IOCTL_GNTDEV_UNMAP_GRANT_REF);
	assert_int_equal(sizeof(struct gntdev_map_one), sizeof(struct ioctl_gntdev_map_grant_ref));
	SAME_FIELD(struct gntdev_map_one, struct ioctl_gntdev_map_grant_ref, count, count);
	SAME_FIELD(struct gntdev_map_one, struct ioctl_gntdev_map_grant_ref, index, index);
	SAME_FIELD(struct gntdev_map_one, struct ioctl_gntdev_map_grant_ref, grant, refs[0]);
	SAME_FIELD(struct gntdev_grant, struct ioctl_gntdev_grant_ref, domid, domid);
	SAME_FIELD(struct gntdev_grant, struct ioctl_gntdev_grant_ref, ref, ref);
	assert_int_equal(sizeof(struct gntdev_unmap), sizeof(struct ioctl_gntdev_unmap_grant_ref));
	SAME_FIELD(struct gntdev_unmap, struct ioctl_gntdev_unmap_grant_ref, index, index);
	SAME_FIELD(struct gntdev_unmap, struct ioctl_gntdev_unmap_grant_ref, count, count);
}

static void test_evtchn(void **state)
{
	(void)state;
	assert_int_equal(EVTCHN_DEV_IOCTL_BIND_VIRQ, IOCTL_EVTCHN_BIND_VIRQ);
	assert_int_equal(sizeof(struct evtchn_dev_bind_virq),
			 sizeof(struct ioctl_evtchn_bind_virq));
	SAME_FIELD(struct evtchn_dev_bind_virq, struct ioctl_evtchn_bind_virq, virq, virq);
	assert_int_equal(EVTCHN_DEV_IOCTL_BIND_INTERDOMAIN, IOCTL_EVTCHN_BIND_INTERDOMAIN);
	assert_int_equal(EVTCHN_DEV_IOCTL_UNBIND, IOCTL_EVTCHN_UNBIND);
	assert_int_equal(EVTCHN_DEV_IOCTL_NOTIFY, IOCTL_EVTCHN_NOTIFY);
	SAME_FIELD(struct evtchn_dev_bind_interdomain, struct ioctl_evtchn_bind_interdomain,
		   remote_domain, remote_domain);
	SAME_FIELD(struct evtchn_dev_bind_interdomain, struct ioctl_evtchn_bind_interdomain,
		   remote_port, remote_port);
	SAME_FIELD(struct evtchn_dev_port, struct ioctl_evtchn_unbind, port, port);
	SAME_FIELD(struct evtchn_dev_port, struct ioctl_evtchn_notify, port, port);
}

static void test_privcmd(void **state)
{
	(void)state;
	assert_int_equal(PRIVCMD_IOCTL_HYPERCALL, IOCTL_PRIVCMD_HYPERCALL);
	assert_int_equal(sizeof(struct privcmd_call), sizeof(struct privcmd_hypercall));
	SAME_FIELD(struct privcmd_call, struct privcmd_hypercall, op, op);
	SAME_FIELD(struct privcmd_call, struct privcmd_hypercall, arg, arg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gntdev),
		cmocka_unit_test(test_evtchn),
		cmocka_unit_test(test_privcmd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
