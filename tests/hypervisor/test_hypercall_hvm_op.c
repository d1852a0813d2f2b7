/* SPDX-License-Identifier: MIT */
/*
 * Argument checks of hvm_op (hypervisor/common/hypercall/hvm_op.c) against Xen 4.17's
 * hvmop_{set,get}_param, hvm_allow_{set,get}_param, hvmop_set_evtchn_upcall_vector and
 * HVMOP_get_time. The order of Xen's checks is part of the ABI: the index range before the
 * domain lookup, the lookup (-ESRCH) and the XSM_TARGET check (-EPERM) before the deprecated
 * list (-EINVAL), and that before the guest's own-parameter rule (-EPERM).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

#include "hypercall_fakes.h"

/* Xen 4.17's lists, written out here rather than taken from the code under test. */
static const uint32_t guest_settable[] = {
	HVM_PARAM_CALLBACK_IRQ,		 HVM_PARAM_VM86_TSS,
	HVM_PARAM_VM86_TSS_SIZED,	 HVM_PARAM_ACPI_IOPORTS_LOCATION,
	HVM_PARAM_VM_GENERATION_ID_ADDR, HVM_PARAM_STORE_EVTCHN,
	HVM_PARAM_CONSOLE_EVTCHN,	 HVM_PARAM_X87_FIP_WIDTH,
};
static const uint32_t guest_read_only[] = {HVM_PARAM_STORE_PFN, HVM_PARAM_CONSOLE_PFN,
					   HVM_PARAM_ALTP2M};
static const uint32_t deprecated[] = {
	HVM_PARAM_PAE_ENABLED,	    HVM_PARAM_DM_DOMAIN,
	HVM_PARAM_MEMORY_EVENT_CR0, HVM_PARAM_MEMORY_EVENT_CR3,
	HVM_PARAM_MEMORY_EVENT_CR4, HVM_PARAM_MEMORY_EVENT_INT3,
	HVM_PARAM_NESTEDHVM,	    HVM_PARAM_MEMORY_EVENT_SINGLE_STEP,
	HVM_PARAM_BUFIOREQ_EVTCHN,  HVM_PARAM_MEMORY_EVENT_MSR,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool listed(const uint32_t *list, size_t n, uint32_t index)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == index)
			return true;
	return false;
}

static long hvm_op(struct vcpu *v, uint64_t op, uint64_t arg)
{
	return hcall(do_hvm_op, v, op, arg, 0);
}

/* Places a xen_hvm_param in the caller's memory at GVA_OK and makes the call. */
static long param(struct fake_domain *caller, uint64_t op, domid_t domid, uint32_t index,
		  uint64_t value)
{
	struct xen_hvm_param p = {.domid = domid, .pad = 0, .index = index, .value = value};

	guest_put(caller, GVA_OK, &p, sizeof(p));
	return hvm_op(&caller->vcpus[0], op, GVA_OK);
}

static uint64_t param_value_written(struct fake_domain *caller)
{
	struct xen_hvm_param p;

	memcpy(&p, guest_ptr(caller, GVA_OK), sizeof(p));
	return p.value;
}

static void test_own_parameters(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	for (uint32_t index = 0; index < HVM_NR_PARAMS; index++) {
		long want_set = 0, want_get = 0;

		fd->d.hvm_params[index] = 1000 + index;
		if (listed(deprecated, N(deprecated), index)) {
			want_set = want_get = -EINVAL;
		} else if (listed(guest_read_only, N(guest_read_only), index)) {
			want_set = -EPERM;
		} else if (!listed(guest_settable, N(guest_settable), index)) {
			want_set = want_get = -EPERM;
		}

		assert_int_equal(param(fd, HVMOP_get_param, DOMID_SELF, index, 7), want_get);
		assert_int_equal(param_value_written(fd), want_get ? 7 : 1000 + index);

		assert_int_equal(param(fd, HVMOP_set_param, DOMID_SELF, index, 5000 + index),
				 want_set);
		assert_int_equal(fd->d.hvm_params[index], want_set ? 1000 + index : 5000 + index);
		/* The argument of a set is input only: never written back. */
		assert_int_equal(param_value_written(fd), 5000 + index);
	}
}

/* The caller's own domain id is the same as DOMID_SELF, for ordinary and initial domains. */
static void test_own_id_is_self(void **state)
{
	struct fake_domain *domu = fake_domain_new(5, false, 1);
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);

	(void)state;
	assert_int_equal(param(domu, HVMOP_set_param, 5, HVM_PARAM_CALLBACK_IRQ, 42), 0);
	assert_int_equal(domu->d.hvm_params[HVM_PARAM_CALLBACK_IRQ], 42);
	assert_int_equal(param(domu, HVMOP_set_param, 5, HVM_PARAM_STORE_PFN, 42), -EPERM);
	/* Privilege does not lift the own-parameter rule. */
	assert_int_equal(param(dom0, HVMOP_set_param, 0, HVM_PARAM_STORE_PFN, 42), -EPERM);
	assert_int_equal(param(dom0, HVMOP_set_param, DOMID_SELF, HVM_PARAM_IDENT_PT, 42), -EPERM);
	assert_int_equal(param(dom0, HVMOP_get_param, DOMID_SELF, HVM_PARAM_IDENT_PT, 0), -EPERM);
	assert_int_equal(dom0->d.hvm_params[HVM_PARAM_STORE_PFN], 0);
}

/* HVM_NR_PARAMS and beyond: -EINVAL before the domain is even looked up. */
static void test_index_out_of_range(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint32_t bad[] = {HVM_NR_PARAMS, HVM_NR_PARAMS + 1, 0x80000000, 0xffffffff};
	const domid_t domids[] = {DOMID_SELF, 1, 2, 0x7fef};

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		for (size_t j = 0; j < N(domids); j++) {
			assert_int_equal(param(fd, HVMOP_set_param, domids[j], bad[i], 1), -EINVAL);
			assert_int_equal(param(fd, HVMOP_get_param, domids[j], bad[i], 1), -EINVAL);
			assert_int_equal(param_value_written(fd), 1);
		}
	}
	/* The last valid index is looked at (and is the toolstack's). */
	assert_int_equal(param(fd, HVMOP_get_param, DOMID_SELF, HVM_NR_PARAMS - 1, 1), -EPERM);
}

static void test_absent_domain(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	const domid_t absent[] = {2, 0x7fef, DOMID_IO, DOMID_XEN, 0xffff};

	(void)state;
	for (size_t i = 0; i < N(absent); i++) {
		assert_int_equal(param(dom0, HVMOP_set_param, absent[i], HVM_PARAM_CALLBACK_IRQ, 1),
				 -ESRCH);
		assert_int_equal(param(domu, HVMOP_get_param, absent[i], HVM_PARAM_CALLBACK_IRQ, 1),
				 -ESRCH);
		/* The lookup comes before the deprecated check. */
		assert_int_equal(param(dom0, HVMOP_get_param, absent[i], HVM_PARAM_PAE_ENABLED, 1),
				 -ESRCH);
	}
	assert_int_equal(param_value_written(domu), 1);
}

/* XSM_TARGET: an ordinary domain may not touch another's parameters, deprecated ones included. */
static void test_foreign_unprivileged(void **state)
{
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	struct fake_domain *other = fake_domain_new(2, false, 1);
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);

	(void)state;
	other->d.hvm_params[HVM_PARAM_CALLBACK_IRQ] = 77;
	for (uint32_t index = 0; index < HVM_NR_PARAMS; index++) {
		assert_int_equal(param(domu, HVMOP_set_param, 2, index, 9), -EPERM);
		assert_int_equal(param(domu, HVMOP_get_param, 2, index, 9), -EPERM);
		assert_int_equal(param(domu, HVMOP_get_param, 0, index, 9), -EPERM);
		assert_int_equal(param_value_written(domu), 9);
	}
	assert_int_equal(other->d.hvm_params[HVM_PARAM_CALLBACK_IRQ], 77);
	assert_int_equal(dom0->d.hvm_params[HVM_PARAM_CALLBACK_IRQ], 0);
}

/* The privileged domain acting for another: every parameter but the deprecated ones. */
static void test_foreign_privileged(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	for (uint32_t index = 0; index < HVM_NR_PARAMS; index++) {
		long want = listed(deprecated, N(deprecated), index) ? -EINVAL : 0;

		assert_int_equal(param(dom0, HVMOP_set_param, 1, index, 300 + index), want);
		assert_int_equal(domu->d.hvm_params[index], want ? 0 : 300 + index);
		assert_int_equal(param(dom0, HVMOP_get_param, 1, index, 9), want);
		assert_int_equal(param_value_written(dom0), want ? 9 : 300 + index);
	}
	for (uint32_t index = 0; index < HVM_NR_PARAMS; index++)
		assert_int_equal(dom0->d.hvm_params[index], 0);
}

static void test_param_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ, .value = 5};
	const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON,
				       gva_crossing(sizeof(p))};

	(void)state;
	guest_put(fd, gva_crossing(sizeof(p)), &p, sizeof(p) / 2);
	for (size_t i = 0; i < N(unreadable); i++) {
		assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_set_param, unreadable[i]), -EFAULT);
		assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_get_param, unreadable[i]), -EFAULT);
	}
	assert_int_equal(fd->d.hvm_params[HVM_PARAM_CALLBACK_IRQ], 0);

	/* A read-only argument: fine for set (input), -EFAULT for get (written back). */
	memcpy(guest_ptr(fd, GVA_RO), &p, sizeof(p));
	assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_set_param, GVA_RO), 0);
	assert_int_equal(fd->d.hvm_params[HVM_PARAM_CALLBACK_IRQ], 5);
	fd->d.hvm_params[HVM_PARAM_CALLBACK_IRQ] = 6;
	assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_get_param, GVA_RO), -EFAULT);
	assert_memory_equal(guest_ptr(fd, GVA_RO), &p, sizeof(p));
}

static long upcall_vector(struct fake_domain *fd, uint32_t vcpu, uint8_t vector)
{
	struct xen_hvm_evtchn_upcall_vector op = {.vcpu = vcpu, .vector = vector};

	guest_put(fd, GVA_OK, &op, sizeof(op));
	return hvm_op(&fd->vcpus[0], HVMOP_set_evtchn_upcall_vector, GVA_OK);
}

static void test_upcall_vector(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 2);

	(void)state;
	assert_int_equal(upcall_vector(fd, 0, 0xf3), 0);
	assert_int_equal(fd->vcpus[0].upcall_vector, 0xf3);
	/* Events raised before the vector existed must now be delivered: the vCPU is kicked. */
	assert_int_equal(fake.kicks, 1);
	assert_ptr_equal(fake.last_sched_vcpu, &fd->vcpus[0]);
	/* Another vCPU of the caller's domain, even one not up yet. */
	assert_int_equal(upcall_vector(fd, 1, 0x10), 0);
	assert_int_equal(fd->vcpus[1].upcall_vector, 0x10);
	assert_int_equal(fd->vcpus[0].upcall_vector, 0xf3);

	/* Exception vectors cannot carry events; this check comes before the vCPU's. */
	assert_int_equal(upcall_vector(fd, 0, 0x0f), -EINVAL);
	assert_int_equal(upcall_vector(fd, 0, 0), -EINVAL);
	assert_int_equal(upcall_vector(fd, 99, 0x0f), -EINVAL);
	/* vCPU ids past the domain's. */
	assert_int_equal(upcall_vector(fd, 2, 0x20), -ENOENT);
	assert_int_equal(upcall_vector(fd, FAKE_MAX_VCPUS, 0x20), -ENOENT);
	assert_int_equal(upcall_vector(fd, 0xffffffff, 0x20), -ENOENT);
	assert_int_equal(fd->vcpus[0].upcall_vector, 0xf3);
	assert_int_equal(fd->vcpus[1].upcall_vector, 0x10);
}

static void test_upcall_vector_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_hvm_evtchn_upcall_vector op = {.vcpu = 0, .vector = 0x40};
	uint64_t crossing = gva_crossing(8);
	const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON, crossing};

	(void)state;
	guest_put(fd, crossing, &op, 4);
	for (size_t i = 0; i < N(unreadable); i++)
		assert_int_equal(
			hvm_op(&fd->vcpus[0], HVMOP_set_evtchn_upcall_vector, unreadable[i]),
			-EFAULT);
	assert_int_equal(fd->vcpus[0].upcall_vector, 0);
	/* Input only: a read-only page is fine. */
	memcpy(guest_ptr(fd, GVA_RO), &op, sizeof(op));
	assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_set_evtchn_upcall_vector, GVA_RO), 0);
	assert_int_equal(fd->vcpus[0].upcall_vector, 0x40);
}

static void test_get_time(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_hvm_get_time t;
	const uint64_t unwritable[] = {0,	   GVA_RO,	 GVA_HOLE,
				       GVA_BEYOND, GVA_NONCANON, gva_crossing(sizeof(t))};

	(void)state;
	assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_get_time, GVA_OK), 0);
	memcpy(&t, guest_ptr(fd, GVA_OK), sizeof(t));
	assert_int_equal(t.now, FAKE_NOW_NS);
	assert_true(guest_untouched(fd, GVA_OK + sizeof(t), 64));
	for (size_t i = 0; i < N(unwritable); i++)
		assert_int_equal(hvm_op(&fd->vcpus[0], HVMOP_get_time, unwritable[i]), -EFAULT);
	assert_true(guest_untouched(fd, GVA_RO, GUEST_PAGE));
}

/*
 * Operations Lamina does not implement (pagetable_dying among them, as Xen does on HAP), and
 * numbers no Xen has. Xen's op is an unsigned long: a set bit above 31 makes it unknown too.
 */
static void test_unknown_ops(void **state)
{
	struct fake_domain *fd = fake_domain_new(0, true, 1);
	const uint64_t ops[] = {2,
				3,
				4,
				HVMOP_flush_tlbs,
				HVMOP_pagetable_dying,
				HVMOP_xentrace,
				HVMOP_get_mem_type,
				HVMOP_altp2m,
				26,
				0xffffffff,
				(1ULL << 32) | HVMOP_set_param,
				(1ULL << 32) | HVMOP_get_param,
				~0ULL};
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ, .value = 5};

	(void)state;
	guest_put(fd, GVA_OK, &p, sizeof(p));
	for (size_t i = 0; i < N(ops); i++)
		assert_int_equal(hvm_op(&fd->vcpus[0], ops[i], GVA_OK), -ENOSYS);
	assert_int_equal(fd->d.hvm_params[HVM_PARAM_CALLBACK_IRQ], 0);
	assert_memory_equal(guest_ptr(fd, GVA_OK), &p, sizeof(p));
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fakes_setup, fakes_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_own_parameters),
		TEST(test_own_id_is_self),
		TEST(test_index_out_of_range),
		TEST(test_absent_domain),
		TEST(test_foreign_unprivileged),
		TEST(test_foreign_privileged),
		TEST(test_param_bad_pointers),
		TEST(test_upcall_vector),
		TEST(test_upcall_vector_bad_pointers),
		TEST(test_get_time),
		TEST(test_unknown_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
