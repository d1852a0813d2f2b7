/* SPDX-License-Identifier: MIT */
/*
 * Argument checks of xen_version (hypervisor/common/hypercall/xen_version.c) against Xen 4.17's
 * do_xen_version with the dummy XSM policy (xsm_xen_version): fixed-size buffers written whole,
 * -EFAULT for every unwritable or unreadable one, submap_idx range, pagesize's null argument,
 * and what an ordinary domain is denied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <lamina/setup.h>
#include <public/version.h>

#include "hypercall_fakes.h"

/* Every output buffer is tried at these addresses; each must give -EFAULT. */
static const uint64_t bad_outputs[] = {0, GVA_RO, GVA_HOLE, GVA_BEYOND, GVA_NONCANON};

static long xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	return hcall(do_xen_version, v, cmd, arg, 0);
}

static void assert_bad_outputs_fault(struct fake_domain *fd, uint64_t cmd, size_t size)
{
	for (size_t i = 0; i < sizeof(bad_outputs) / sizeof(bad_outputs[0]); i++)
		assert_int_equal(xen_version(&fd->vcpus[0], cmd, bad_outputs[i]), -EFAULT);
	assert_int_equal(xen_version(&fd->vcpus[0], cmd, gva_crossing(size)), -EFAULT);
	assert_true(guest_untouched(fd, GVA_RO, GUEST_PAGE));
}

/* The string, then zeroes to the end of the field, and nothing written past the field. */
static void assert_string_field(struct fake_domain *fd, uint64_t cmd, const char *want,
				size_t field)
{
	const char *got = guest_ptr(fd, GVA_OK);
	size_t len = strlen(want);

	memset(guest_ptr(fd, GVA_OK), FILL, GUEST_PAGE);
	assert_int_equal(xen_version(&fd->vcpus[0], cmd, GVA_OK), 0);
	assert_memory_equal(got, want, len);
	for (size_t i = len; i < field; i++)
		assert_int_equal(got[i], 0);
	assert_true(guest_untouched(fd, GVA_OK + field, 64));
	assert_bad_outputs_fault(fd, cmd, field);
}

static void test_version(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_version, 0), 0x00040011);
	/* cmd is an int in Xen's prototype: the register's upper half does not count. */
	assert_int_equal(xen_version(&fd->vcpus[0], 0xabcd000000000000ULL | XENVER_version, 0),
			 0x00040011);
	/* The argument is not used at all, so no pointer can fault. */
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_version, GVA_NONCANON), 0x00040011);
}

static void test_string_fields(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_string_field(fd, XENVER_extraversion, ".0-lamina", sizeof(xen_extraversion_t));
	assert_string_field(fd, XENVER_capabilities,
			    "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
			    sizeof(xen_capabilities_info_t));
	assert_string_field(fd, XENVER_changeset, "lamina", sizeof(xen_changeset_info_t));
}

static void test_compile_info(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_compile_info ci;

	(void)state;
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_compile_info, GVA_OK), 0);
	memcpy(&ci, guest_ptr(fd, GVA_OK), sizeof(ci));
	assert_memory_equal(ci.compiler, "gcc ", 4);
	assert_non_null(memchr(ci.compiler, 0, sizeof(ci.compiler)));
	assert_string_equal(ci.compile_by, "lamina");
	assert_string_equal(ci.compile_domain, "local");
	assert_non_null(memchr(ci.compile_date, 0, sizeof(ci.compile_date)));
	assert_true(guest_untouched(fd, GVA_OK + sizeof(ci), 64));
	assert_bad_outputs_fault(fd, XENVER_compile_info, sizeof(ci));
}

static void test_platform_parameters(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_platform_parameters p;

	(void)state;
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_platform_parameters, GVA_OK), 0);
	memcpy(&p, guest_ptr(fd, GVA_OK), sizeof(p));
	assert_int_equal(p.virt_start, 0xffff800000000000ULL);
	assert_true(guest_untouched(fd, GVA_OK + sizeof(p), 64));
	assert_bad_outputs_fault(fd, XENVER_platform_parameters, sizeof(p));
}

static uint32_t features(struct fake_domain *fd, uint32_t submap_idx, long *rc)
{
	struct xen_feature_info fi = {.submap_idx = submap_idx, .submap = 0xeeeeeeee};

	guest_put(fd, GVA_OK, &fi, sizeof(fi));
	*rc = xen_version(&fd->vcpus[0], XENVER_get_features, GVA_OK);
	memcpy(&fi, guest_ptr(fd, GVA_OK), sizeof(fi));
	assert_int_equal(fi.submap_idx, submap_idx);
	return fi.submap;
}

static void test_get_features(void **state)
{
	const uint32_t hvm =
		(1U << XENFEAT_writable_page_tables) | (1U << XENFEAT_auto_translated_physmap) |
		(1U << XENFEAT_hvm_callback_vector) | (1U << XENFEAT_hvm_safe_pvclock) |
		(1U << XENFEAT_memory_op_vnode_supported) | (1U << XENFEAT_not_direct_mapped);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	long rc;

	(void)state;
	assert_int_equal(features(domu, 0, &rc), hvm);
	assert_int_equal(rc, 0);
	assert_int_equal(features(dom0, 0, &rc), hvm | (1U << XENFEAT_dom0));
	assert_int_equal(rc, 0);
	/* XENFEAT_NR_SUBMAPS is 1: any other index is refused and the struct left alone. */
	assert_int_equal(features(domu, 1, &rc), 0xeeeeeeee);
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(features(domu, 0xffffffff, &rc), 0xeeeeeeee);
	assert_int_equal(rc, -EINVAL);
}

static void test_get_features_bad_pointers(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	struct xen_feature_info fi = {.submap_idx = 0, .submap = 0xeeeeeeee};
	const uint64_t unreadable[] = {0, GVA_HOLE, GVA_BEYOND, GVA_NONCANON,
				       gva_crossing(sizeof(fi))};

	(void)state;
	for (size_t i = 0; i < sizeof(unreadable) / sizeof(unreadable[0]); i++)
		assert_int_equal(xen_version(&fd->vcpus[0], XENVER_get_features, unreadable[i]),
				 -EFAULT);
	/* In-out: readable but not writable is still -EFAULT, and the page keeps its bytes. */
	memcpy(guest_ptr(fd, GVA_RO), &fi, sizeof(fi));
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_get_features, GVA_RO), -EFAULT);
	assert_memory_equal(guest_ptr(fd, GVA_RO), &fi, sizeof(fi));
}

static void test_pagesize(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_pagesize, 0), 4096);
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_pagesize, GVA_OK), -EINVAL);
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_pagesize, 1), -EINVAL);
	assert_true(guest_untouched(fd, GVA_OK, 64));
}

static void test_guest_handle(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);
	static const uint8_t zero[16];

	(void)state;
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_guest_handle, GVA_OK), 0);
	assert_memory_equal(guest_ptr(fd, GVA_OK), zero, sizeof(zero));
	assert_true(guest_untouched(fd, GVA_OK + sizeof(zero), 64));
	assert_bad_outputs_fault(fd, XENVER_guest_handle, sizeof(zero));
}

static void test_commandline_privileged(void **state)
{
	struct fake_domain *fd = fake_domain_new(0, true, 1);

	(void)state;
	assert_string_field(fd, XENVER_commandline, hypervisor_cmdline, sizeof(xen_commandline_t));
}

/* xsm_xen_version denies it to an ordinary domain: Xen then copies "<denied>" and succeeds. */
static void test_commandline_denied(void **state)
{
	struct fake_domain *fd = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(xen_version(&fd->vcpus[0], XENVER_commandline, GVA_OK), 0);
	assert_memory_equal(guest_ptr(fd, GVA_OK), "<denied>", 9);
	assert_true(guest_untouched(fd, GVA_OK + 9, 64));
	assert_bad_outputs_fault(fd, XENVER_commandline, 9);
}

/*
 * build_id: denied to an ordinary domain before anything is read. For the initial domain Xen
 * reads the header of a non-null buffer (-EFAULT, len 0 -EINVAL) before finding that the image
 * has no build id (-ENODATA).
 */
static void test_build_id(void **state)
{
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	const uint32_t zero_len = 0, len = 64;

	(void)state;
	assert_int_equal(xen_version(&domu->vcpus[0], XENVER_build_id, 0), -EPERM);
	assert_int_equal(xen_version(&domu->vcpus[0], XENVER_build_id, GVA_NONCANON), -EPERM);

	assert_int_equal(xen_version(&dom0->vcpus[0], XENVER_build_id, 0), -ENODATA);
	assert_int_equal(xen_version(&dom0->vcpus[0], XENVER_build_id, GVA_HOLE), -EFAULT);
	assert_int_equal(xen_version(&dom0->vcpus[0], XENVER_build_id, gva_crossing(4)), -EFAULT);
	guest_put(dom0, GVA_OK, &zero_len, sizeof(zero_len));
	assert_int_equal(xen_version(&dom0->vcpus[0], XENVER_build_id, GVA_OK), -EINVAL);
	guest_put(dom0, GVA_OK, &len, sizeof(len));
	assert_int_equal(xen_version(&dom0->vcpus[0], XENVER_build_id, GVA_OK), -ENODATA);
	assert_true(guest_untouched(dom0, GVA_OK + sizeof(len), 64));
}

static void test_unknown_sub_ops(void **state)
{
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	const uint64_t cmds[] = {XENVER_build_id + 1, 12, 0x7fffffff, 0x80000000, 0xffffffff};

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		assert_int_equal(xen_version(&domu->vcpus[0], cmds[i], GVA_OK), -ENOSYS);
		assert_int_equal(xen_version(&dom0->vcpus[0], cmds[i], GVA_OK), -ENOSYS);
	}
	assert_true(guest_untouched(domu, GVA_OK, 64));
	assert_true(guest_untouched(dom0, GVA_OK, 64));
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, fakes_setup, fakes_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_version),
		TEST(test_string_fields),
		TEST(test_compile_info),
		TEST(test_platform_parameters),
		TEST(test_get_features),
		TEST(test_get_features_bad_pointers),
		TEST(test_pagesize),
		TEST(test_guest_handle),
		TEST(test_commandline_privileged),
		TEST(test_commandline_denied),
		TEST(test_build_id),
		TEST(test_unknown_sub_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
