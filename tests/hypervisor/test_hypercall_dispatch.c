/* SPDX-License-Identifier: MIT */
/*
 * The hypercall table, the hypercall page and the rule for naming a target domain
 * (hypervisor/common/hypercall/dispatch.c): numbers without a handler, in the table or past
 * it, give -ENOSYS and touch nothing; each implemented number reaches its own handler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <public/hvm/hvm_op.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

#include "hypercall_fakes.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static long dispatch(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const uint64_t args[5] = {a0, a1, a2, 0, 0};

	return hypercall_dispatch(v, nr, args);
}

/*
 * PV-only hypercalls (an HVM guest has no use for them under Xen either) and numbers no
 * hypercall has: the table's empty slots.
 */
static const uint64_t empty_slots[] = {
	__HYPERVISOR_set_trap_table,
	__HYPERVISOR_mmu_update,
	__HYPERVISOR_set_gdt,
	__HYPERVISOR_stack_switch,
	__HYPERVISOR_set_callbacks,
	__HYPERVISOR_fpu_taskswitch,
	__HYPERVISOR_sched_op_compat,
	__HYPERVISOR_set_debugreg,
	__HYPERVISOR_get_debugreg,
	__HYPERVISOR_update_descriptor,
	11,
	__HYPERVISOR_update_va_mapping,
	__HYPERVISOR_event_channel_op_compat,
	__HYPERVISOR_physdev_op_compat,
	__HYPERVISOR_update_va_mapping_otherdomain,
	__HYPERVISOR_iret,
	__HYPERVISOR_set_segment_base,
	__HYPERVISOR_mmuext_op,
	43,
	47,
	56,
	63,
};

/* Past the table, including numbers whose low bits name an implemented hypercall. */
static const uint64_t past_table[] = {
	NR_HYPERCALLS,
	NR_HYPERCALLS + __HYPERVISOR_xen_version,
	255,
	0x80000000,
	(1ULL << 32) | __HYPERVISOR_xen_version,
	(1ULL << 32) | __HYPERVISOR_console_io,
	~0ULL,
};

static void assert_enosys_untouched(struct fake_domain *fd, uint64_t nr)
{
	char line[80];

	fake.log_len = 0;
	fake.log[0] = 0;
	/* Arguments that would do something if any handler ran: a console write of 5 bytes. */
	assert_int_equal(dispatch(&fd->vcpus[0], nr, CONSOLEIO_write, 5, GVA_OK), -ENOSYS);
	snprintf(line, sizeof(line), "d%u: hypercall %llu is not provided: -ENOSYS\n", fd->d.domid,
		 (unsigned long long)nr);
	assert_string_equal(fake.log, line);
}

static void test_empty_slots(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	guest_put(fd, GVA_OK, "hello", 5);
	for (size_t i = 0; i < N(empty_slots); i++)
		assert_enosys_untouched(fd, empty_slots[i]);
	assert_int_equal(fake.console_writes + fake.shutdowns + fake.yields + fake.blocks, 0);
}

static void test_past_the_table(void **state)
{
	struct fake_domain *fd = fake_domain_new(2, true, 1);

	(void)state;
	guest_put(fd, GVA_OK, "hello", 5);
	for (size_t i = 0; i < N(past_table); i++)
		assert_enosys_untouched(fd, past_table[i]);
	assert_int_equal(fake.console_writes + fake.shutdowns + fake.yields + fake.blocks, 0);
}

/* Each number reaches the handler it names, with the arguments in order. */
static void test_routes(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 2);
	struct sched_shutdown s = {.reason = SHUTDOWN_crash};
	const domid_t self = DOMID_SELF;

	(void)state;
	assert_int_equal(dispatch(&fd->vcpus[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0),
			 0x00040011);

	guest_put(fd, GVA_OK, "routed", 6);
	assert_int_equal(
		dispatch(&fd->vcpus[0], __HYPERVISOR_console_io, CONSOLEIO_write, 6, GVA_OK), 0);
	assert_int_equal(fake.console_len, 6);
	assert_memory_equal(fake.console, "routed", 6);

	guest_put(fd, GVA_OK, &self, sizeof(self));
	assert_int_equal(dispatch(&fd->vcpus[0], __HYPERVISOR_memory_op, XENMEM_current_reservation,
				  GVA_OK, 0),
			 8192);

	assert_int_equal(dispatch(&fd->vcpus[0], __HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0), 0);
	assert_int_equal(dispatch(&fd->vcpus[0], __HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0), 1);

	assert_int_equal(dispatch(&fd->vcpus[0], __HYPERVISOR_hvm_op, HVMOP_get_time, GVA_OK2, 0),
			 0);
	assert_int_equal(*(uint64_t *)guest_ptr(fd, GVA_OK2), FAKE_NOW_NS);

	assert_int_equal(dispatch(&fd->vcpus[0], __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0), 0);
	assert_int_equal(fake.yields, 1);
	guest_put(fd, GVA_OK, &s, sizeof(s));
	assert_int_equal(
		dispatch(&fd->vcpus[0], __HYPERVISOR_sched_op, SCHEDOP_shutdown, GVA_OK, 0), 0);
	assert_int_equal(fake.shutdowns, 1);
	assert_int_equal(fake.shutdown_reason, SHUTDOWN_crash);
	assert_int_equal(fake.log_len, 0);
}

static void test_hypercall_page(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint8_t *page = guest_ptr(fd, GVA_OK2);

	(void)state;
	assert_int_equal(hypercall_page_install(&fd->d, GVA_OK2 / GUEST_PAGE), 0);
	for (unsigned int i = 0; i < 128; i++) {
		const uint8_t *stub = page + i * 32;
		const uint8_t want[] = {0xb8, i, 0, 0, 0, 0x0f, 0x01, 0xd9, 0xc3};

		if (i == __HYPERVISOR_iret) {
			/* ud2: iret is PV-only and must never run. */
			assert_int_equal(stub[0], 0x0f);
			assert_int_equal(stub[1], 0x0b);
			continue;
		}
		assert_memory_equal(stub, want, sizeof(want));
		for (unsigned int j = sizeof(want); j < 32; j++)
			assert_int_equal(stub[j], 0xcc);
	}
	assert_true(guest_untouched(fd, GVA_OK2 + GUEST_PAGE, 64));
}

/* Only a writable frame of the guest's own RAM takes the page. */
static void test_hypercall_page_bad_frames(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t bad[] = {0, GVA_RO / GUEST_PAGE, GVA_HOLE / GUEST_PAGE, GUEST_PAGES,
				1ULL << 40};

	(void)state;
	for (size_t i = 0; i < N(bad); i++)
		assert_int_equal(hypercall_page_install(&fd->d, bad[i]), -EINVAL);
	assert_true(guest_untouched(fd, GVA_RO, GUEST_PAGE));
}

static void test_target_domain(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	struct fake_domain *other = fake_domain_new(2, false, 1);
	long err = 12345;

	(void)state;
	assert_ptr_equal(hypercall_target_domain(&domu->vcpus[0], DOMID_SELF, &err), &domu->d);
	assert_ptr_equal(hypercall_target_domain(&domu->vcpus[0], 1, &err), &domu->d);
	assert_ptr_equal(hypercall_target_domain(&dom0->vcpus[0], 2, &err), &other->d);
	assert_ptr_equal(hypercall_target_domain(&dom0->vcpus[0], DOMID_SELF, &err), &dom0->d);
	assert_int_equal(err, 12345);

	assert_null(hypercall_target_domain(&domu->vcpus[0], 2, &err));
	assert_int_equal(err, -EPERM);
	assert_null(hypercall_target_domain(&domu->vcpus[0], 0, &err));
	assert_int_equal(err, -EPERM);
	/* Absent beats unprivileged: -ESRCH first, as Xen's lookup comes before its XSM check. */
	assert_null(hypercall_target_domain(&domu->vcpus[0], 3, &err));
	assert_int_equal(err, -ESRCH);
	err = 0;
	assert_null(hypercall_target_domain(&dom0->vcpus[0], DOMID_IO, &err));
	assert_int_equal(err, -ESRCH);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fakes_setup, fakes_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_empty_slots),
		TEST(test_past_the_table),
		TEST(test_routes),
		TEST(test_hypercall_page),
		TEST(test_hypercall_page_bad_frames),
		TEST(test_target_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
