/* SPDX-License-Identifier: MIT */
/*
 * Argument checks of vcpu_op (hypervisor/common/hypercall/vcpu_op.c) for register_vcpu_info and
 * is_up, against Xen 4.17's do_vcpu_op and map_vcpu_info: the vCPU id before the sub-op, then
 * offset range and alignment (-ENXIO), a second registration or a running foreign vCPU
 * (-EINVAL), and a frame without writable RAM (-EINVAL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <public/vcpu.h>

#include "hypercall_fakes.h"

#define N(a)	   (sizeof(a) / sizeof((a)[0]))
#define INFO_BYTES 64 /* sizeof(vcpu_info_t) on x86-64 */
#define INFO_ALIGN 8  /* its alignment: it holds 64-bit fields */
#define TARGET_GFN (GVA_OK2 / GUEST_PAGE)
#define RO_GFN	   (GVA_RO / GUEST_PAGE)
#define HOLE_GFN   (GVA_HOLE / GUEST_PAGE)

static long vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t id, uint64_t arg)
{
	return hcall(do_vcpu_op, v, cmd, id, arg);
}

static long register_info(struct fake_domain *fd, struct vcpu *caller, unsigned int id,
			  uint64_t mfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info r = {.mfn = mfn, .offset = offset, .rsvd = 0};

	guest_put(fd, GVA_OK, &r, sizeof(r));
	return vcpu_op(caller, VCPUOP_register_vcpu_info, id, GVA_OK);
}

/* Nothing registered: the vCPU still uses its shared_info slot and the guest page is as it was. */
static void assert_not_registered(struct fake_domain *fd, unsigned int id)
{
	assert_false(fd->vcpus[id].vcpu_info_registered);
	assert_ptr_equal(fd->vcpus[id].vcpu_info, &fd->d.shared_info->vcpu_info[id]);
	assert_int_equal(fd->time_updates[id], 0);
	assert_true(guest_untouched(fd, GVA_OK2, GUEST_PAGE));
}

static void test_register(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct vcpu_info *old = &fd->d.shared_info->vcpu_info[0];
	const uint32_t offset = 0x100;
	uint8_t *page = guest_ptr(fd, GVA_OK2);
	struct vcpu_info *info = (struct vcpu_info *)(page + offset);

	(void)state;
	assert_int_equal(sizeof(struct vcpu_info), INFO_BYTES);
	memset(old, 0x33, sizeof(*old));
	old->evtchn_upcall_pending = 0;
	old->evtchn_pending_sel = 0x5;

	assert_int_equal(register_info(fd, &fd->vcpus[0], 0, TARGET_GFN, offset), 0);
	assert_true(fd->vcpus[0].vcpu_info_registered);
	assert_ptr_equal(fd->vcpus[0].vcpu_info, info);
	/* The old contents came along, with every event marked pending. */
	assert_int_equal(info->evtchn_upcall_pending, 1);
	assert_int_equal(info->evtchn_upcall_mask, 0x33);
	assert_int_equal(info->evtchn_pending_sel, ~0ULL);
	assert_memory_equal(&info->arch, &old->arch, sizeof(info->arch));
	assert_memory_equal(&info->time, &old->time, sizeof(info->time));
	assert_int_equal(fd->time_updates[0], 1);
	/* Not a byte around the record changed. */
	assert_true(guest_untouched(fd, GVA_OK2, offset));
	assert_true(guest_untouched(fd, GVA_OK2 + offset + INFO_BYTES,
				    GUEST_PAGE - offset - INFO_BYTES));

	/* Once only. */
	assert_int_equal(register_info(fd, &fd->vcpus[0], 0, TARGET_GFN + 1, 0), -EINVAL);
	assert_ptr_equal(fd->vcpus[0].vcpu_info, info);
	assert_true(guest_untouched(fd, GVA_OK2 + GUEST_PAGE, GUEST_PAGE));
	assert_int_equal(fd->time_updates[0], 1);
}

/* The last offset that keeps the record in the page, and every aligned one, are accepted. */
static void test_offset_bounds(void **state)
{
	(void)state;
	for (uint32_t offset = 0; offset <= GUEST_PAGE - INFO_BYTES; offset += INFO_ALIGN) {
		struct fake_domain *fd;

		fakes_reset();
		fd = fake_domain_new(1, false, 1);
		assert_int_equal(register_info(fd, &fd->vcpus[0], 0, TARGET_GFN, offset), 0);
		assert_ptr_equal(fd->vcpus[0].vcpu_info, guest_ptr(fd, GVA_OK2 + offset));
	}
}

static void test_offset_refused(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint32_t bad[] = {1,
				4,
				7,
				0x104,
				GUEST_PAGE - INFO_BYTES + 1,
				GUEST_PAGE - INFO_BYTES + INFO_ALIGN,
				GUEST_PAGE - 8,
				GUEST_PAGE,
				GUEST_PAGE + 0x100,
				0x80000000,
				0xfffffff8,
				0xffffffff};

	(void)state;
	for (size_t i = 0; i < N(bad); i++)
		assert_int_equal(register_info(fd, &fd->vcpus[0], 0, TARGET_GFN, bad[i]), -ENXIO);
	assert_not_registered(fd, 0);
	/* The offset is judged before the second-registration rule. */
	fd->vcpus[0].vcpu_info_registered = true;
	assert_int_equal(register_info(fd, &fd->vcpus[0], 0, TARGET_GFN, 4), -ENXIO);
	assert_int_equal(register_info(fd, &fd->vcpus[0], 0, TARGET_GFN, 8), -EINVAL);
}

static void test_frame_without_ram(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t bad[] = {0, RO_GFN, HOLE_GFN, GUEST_PAGES, 1ULL << 36,
				/* Wraps to a backed frame when shifted into an address. */
				(1ULL << 52) + TARGET_GFN, ~0ULL};

	(void)state;
	for (size_t i = 0; i < N(bad); i++)
		assert_int_equal(register_info(fd, &fd->vcpus[0], 0, bad[i], 0), -EINVAL);
	assert_not_registered(fd, 0);
	assert_true(guest_untouched(fd, GVA_RO, GUEST_PAGE));
}

/* Another vCPU's record may be moved only while that vCPU is down. */
static void test_other_vcpu(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 3);

	(void)state;
	fd->vcpus[2].state = VCPU_BLOCKED;
	assert_int_equal(register_info(fd, &fd->vcpus[0], 2, TARGET_GFN, 0), -EINVAL);
	assert_not_registered(fd, 2);
	fd->vcpus[2].state = VCPU_RUNNABLE;
	assert_int_equal(register_info(fd, &fd->vcpus[0], 2, TARGET_GFN, 0), -EINVAL);
	assert_not_registered(fd, 2);

	assert_int_equal(register_info(fd, &fd->vcpus[0], 1, TARGET_GFN, 0x40), 0);
	assert_ptr_equal(fd->vcpus[1].vcpu_info, guest_ptr(fd, GVA_OK2 + 0x40));
	assert_int_equal(fd->time_updates[1], 1);
	assert_false(fd->vcpus[0].vcpu_info_registered);
	assert_int_equal(fd->time_updates[0], 0);
}

static void test_register_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct vcpu_register_vcpu_info r = {.mfn = TARGET_GFN, .offset = 0};
	uint64_t crossing = gva_crossing(sizeof(r));
	const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON, crossing};

	(void)state;
	guest_put(fd, crossing, &r, sizeof(r) / 2);
	for (size_t i = 0; i < N(unreadable); i++)
		assert_int_equal(
			vcpu_op(&fd->vcpus[0], VCPUOP_register_vcpu_info, 0, unreadable[i]),
			-EFAULT);
	assert_not_registered(fd, 0);
	/* Input only: fine from a read-only page. */
	memcpy(guest_ptr(fd, GVA_RO), &r, sizeof(r));
	assert_int_equal(vcpu_op(&fd->vcpus[0], VCPUOP_register_vcpu_info, 0, GVA_RO), 0);
	assert_true(fd->vcpus[0].vcpu_info_registered);
}

/* The vCPU id comes first, whatever the sub-op; it is an unsigned int. */
static void test_vcpu_id(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 2);
	const uint64_t bad_ids[] = {2, FAKE_MAX_VCPUS, 0x7fffffff, 0xffffffff};
	const uint64_t cmds[] = {VCPUOP_register_vcpu_info, VCPUOP_is_up, 0xffffffff};

	(void)state;
	for (size_t i = 0; i < N(bad_ids); i++)
		for (size_t j = 0; j < N(cmds); j++)
			assert_int_equal(vcpu_op(&fd->vcpus[0], cmds[j], bad_ids[i], GVA_OK),
					 -ENOENT);
	/* Upper register bits are noise: this is vCPU 1 (down). */
	assert_int_equal(vcpu_op(&fd->vcpus[0], VCPUOP_is_up, (1ULL << 32) | 1, 0), 0);
	assert_int_equal(vcpu_op(&fd->vcpus[0], (1ULL << 32) | VCPUOP_is_up, 0, 0), 1);
	assert_not_registered(fd, 0);
	assert_not_registered(fd, 1);
}

static void test_is_up(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 3);

	(void)state;
	fd->vcpus[1].state = VCPU_BLOCKED;
	assert_int_equal(vcpu_op(&fd->vcpus[0], VCPUOP_is_up, 0, GVA_NONCANON), 1);
	assert_int_equal(vcpu_op(&fd->vcpus[0], VCPUOP_is_up, 1, 0), 1);
	assert_int_equal(vcpu_op(&fd->vcpus[0], VCPUOP_is_up, 2, 0), 0);
	assert_int_equal(vcpu_op(&fd->vcpus[2], VCPUOP_is_up, 2, 0), 0);
}

/* Sub-ops of Xen's PV or HVM lists that Lamina does not implement, and numbers none has. */
static void test_unknown_sub_ops(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	const uint64_t cmds[] = {VCPUOP_send_nmi, VCPUOP_get_physid, 14, 0x7fffffff, 0xffffffff};
	struct vcpu_register_vcpu_info r = {.mfn = TARGET_GFN, .offset = 0};

	(void)state;
	guest_put(fd, GVA_OK, &r, sizeof(r));
	for (size_t i = 0; i < N(cmds); i++)
		assert_int_equal(vcpu_op(&fd->vcpus[0], cmds[i], 0, GVA_OK), -ENOSYS);
	assert_not_registered(fd, 0);
	assert_true(guest_untouched(fd, GVA_OK + sizeof(r), 64));
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fakes_setup, fakes_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_register),	    TEST(test_offset_bounds),
		TEST(test_offset_refused),  TEST(test_frame_without_ram),
		TEST(test_other_vcpu),	    TEST(test_register_bad_pointers),
		TEST(test_vcpu_id),	    TEST(test_is_up),
		TEST(test_unknown_sub_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
