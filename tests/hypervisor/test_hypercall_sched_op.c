/* SPDX-License-Identifier: MIT */
/*
 * Argument checks of sched_op (hypervisor/common/hypercall/sched_op.c) against Xen 4.17's
 * do_sched_op: an int sub-op, the shutdown reason passed on as a byte, remote_shutdown's plain
 * domain lookup (no DOMID_SELF) and its XSM_DM_PRIV check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <public/sched.h>

#include "hypercall_fakes.h"

static const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON};

static long sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	return hcall(do_sched_op, v, cmd, arg, 0);
}

static void test_yield_and_block(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 2);

	(void)state;
	fd->vcpus[1].state = VCPU_RUNNABLE;
	assert_int_equal(sched_op(&fd->vcpus[1], SCHEDOP_yield, GVA_NONCANON), 0);
	assert_int_equal(fake.yields, 1);
	assert_ptr_equal(fake.last_sched_vcpu, &fd->vcpus[1]);
	/* The sub-op is an int: the upper half of the register is noise. */
	assert_int_equal(sched_op(&fd->vcpus[0], 0xffffffff00000000ULL | SCHEDOP_yield, 0), 0);
	assert_int_equal(fake.yields, 2);
	assert_ptr_equal(fake.last_sched_vcpu, &fd->vcpus[0]);

	assert_int_equal(sched_op(&fd->vcpus[0], SCHEDOP_block, GVA_NONCANON), 0);
	assert_int_equal(fake.blocks, 1);
	assert_ptr_equal(fake.last_sched_vcpu, &fd->vcpus[0]);
	assert_int_equal(fake.shutdowns, 0);
}

/* Xen keeps the reason as a byte and passes any value on; the domain decides what it means. */
static void test_shutdown_reasons_passed_through(void **state)
{
	const struct {
		uint32_t given, seen;
	} cases[] = {
		{SHUTDOWN_poweroff, SHUTDOWN_poweroff},
		{SHUTDOWN_reboot, SHUTDOWN_reboot},
		{SHUTDOWN_suspend, SHUTDOWN_suspend},
		{SHUTDOWN_crash, SHUTDOWN_crash},
		{SHUTDOWN_watchdog, SHUTDOWN_watchdog},
		{SHUTDOWN_soft_reset, SHUTDOWN_soft_reset},
		{6, 6},
		{255, 255},
		{0x103, 3},
		{0xffffff00, 0},
	};
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sched_shutdown s = {.reason = cases[i].given};

		guest_put(fd, GVA_OK, &s, sizeof(s));
		assert_int_equal(sched_op(&fd->vcpus[0], SCHEDOP_shutdown, GVA_OK), 0);
		assert_int_equal(fake.shutdowns, i + 1);
		assert_ptr_equal(fake.shutdown_domain, &fd->d);
		assert_int_equal(fake.shutdown_reason, cases[i].seen);
	}
}

static void test_shutdown_from_read_only_page(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct sched_shutdown s = {.reason = SHUTDOWN_reboot};

	(void)state;
	memcpy(guest_ptr(fd, GVA_RO), &s, sizeof(s));
	assert_int_equal(sched_op(&fd->vcpus[0], SCHEDOP_shutdown, GVA_RO), 0);
	assert_int_equal(fake.shutdowns, 1);
	assert_int_equal(fake.shutdown_reason, SHUTDOWN_reboot);
}

static void test_shutdown_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct sched_shutdown s = {.reason = SHUTDOWN_poweroff};

	(void)state;
	for (size_t i = 0; i < sizeof(unreadable) / sizeof(unreadable[0]); i++)
		assert_int_equal(sched_op(&fd->vcpus[0], SCHEDOP_shutdown, unreadable[i]), -EFAULT);
	guest_put(fd, gva_crossing(sizeof(s)), &s, sizeof(s) / 2);
	assert_int_equal(sched_op(&fd->vcpus[0], SCHEDOP_shutdown, gva_crossing(sizeof(s))),
			 -EFAULT);
	assert_int_equal(fake.shutdowns, 0);
}

static long remote_shutdown(struct fake_domain *caller, struct fake_domain *buf, domid_t target,
			    uint32_t reason)
{
	struct sched_remote_shutdown s = {.domain_id = target, .reason = reason};

	guest_put(buf, GVA_OK, &s, sizeof(s));
	return sched_op(&caller->vcpus[0], SCHEDOP_remote_shutdown, GVA_OK);
}

static void test_remote_shutdown_privileged(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(3, false, 1);

	(void)state;
	assert_int_equal(remote_shutdown(dom0, dom0, 3, 0x102), 0);
	assert_int_equal(fake.shutdowns, 1);
	assert_ptr_equal(fake.shutdown_domain, &domu->d);
	assert_int_equal(fake.shutdown_reason, 2);
	/* Its own id names itself (it is privileged, so the check passes). */
	assert_int_equal(remote_shutdown(dom0, dom0, 0, SHUTDOWN_reboot), 0);
	assert_int_equal(fake.shutdowns, 2);
	assert_ptr_equal(fake.shutdown_domain, &dom0->d);
	assert_int_equal(fake.shutdown_reason, SHUTDOWN_reboot);
}

/* A domain id that names nothing: -ESRCH for every caller; Xen's lookup has no DOMID_SELF. */
static void test_remote_shutdown_absent_domain(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(3, false, 1);
	const domid_t absent[] = {1, 2, 4, DOMID_SELF, DOMID_IO, 0xffff};

	(void)state;
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		assert_int_equal(remote_shutdown(dom0, dom0, absent[i], 0), -ESRCH);
		assert_int_equal(remote_shutdown(domu, domu, absent[i], 0), -ESRCH);
	}
	assert_int_equal(fake.shutdowns, 0);
}

/* XSM_DM_PRIV: an ordinary domain may shut down no domain this way, itself included. */
static void test_remote_shutdown_unprivileged(void **state)
{
	struct fake_domain *domu = fake_domain_new(3, false, 1);

	(void)state;
	fake_domain_new(0, true, 1);
	fake_domain_new(4, false, 1);
	assert_int_equal(remote_shutdown(domu, domu, 0, SHUTDOWN_poweroff), -EPERM);
	assert_int_equal(remote_shutdown(domu, domu, 4, SHUTDOWN_poweroff), -EPERM);
	assert_int_equal(remote_shutdown(domu, domu, 3, SHUTDOWN_poweroff), -EPERM);
	assert_int_equal(fake.shutdowns, 0);
}

static void test_remote_shutdown_bad_pointers(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct sched_remote_shutdown s = {.domain_id = 3, .reason = 0};
	uint64_t crossing = gva_crossing(sizeof(s));

	(void)state;
	fake_domain_new(3, false, 1);
	for (size_t i = 0; i < sizeof(unreadable) / sizeof(unreadable[0]); i++)
		assert_int_equal(sched_op(&dom0->vcpus[0], SCHEDOP_remote_shutdown, unreadable[i]),
				 -EFAULT);
	guest_put(dom0, crossing, &s, sizeof(s) / 2);
	assert_int_equal(sched_op(&dom0->vcpus[0], SCHEDOP_remote_shutdown, crossing), -EFAULT);
	assert_int_equal(fake.shutdowns, 0);
}

/* Sub-ops Lamina does not implement, and numbers no Xen has. */
static void test_unknown_sub_ops(void **state)
{
	struct fake_domain *fd = fake_domain_new(0, true, 1);
	const uint64_t cmds[] = {SCHEDOP_shutdown_code,
				 SCHEDOP_watchdog,
				 SCHEDOP_pin_override,
				 8,
				 0x7fffffff,
				 0xffffffff};
	struct sched_shutdown s = {.reason = SHUTDOWN_poweroff};

	(void)state;
	guest_put(fd, GVA_OK, &s, sizeof(s));
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_int_equal(sched_op(&fd->vcpus[0], cmds[i], GVA_OK), -ENOSYS);
	assert_int_equal(fake.shutdowns + fake.yields + fake.blocks, 0);
	assert_true(guest_untouched(fd, GVA_OK + sizeof(s), 64));
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fakes_setup, fakes_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_yield_and_block),
		TEST(test_shutdown_reasons_passed_through),
		TEST(test_shutdown_from_read_only_page),
		TEST(test_shutdown_bad_pointers),
		TEST(test_remote_shutdown_privileged),
		TEST(test_remote_shutdown_absent_domain),
		TEST(test_remote_shutdown_unprivileged),
		TEST(test_remote_shutdown_bad_pointers),
		TEST(test_unknown_sub_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
