// SPDX-License-Identifier: MIT
/*
 * xen_version as Xen 4.17's do_xen_version answers a PVH guest: 4.17, strings copied whole (the
 * bytes after the NUL are zero), the feature submap for a translated HVM domain, pagesize only
 * with a null argument, -EINVAL for other submaps, -EFAULT for bad buffers, -ENOSYS otherwise.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/layout.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/version.h>

const char test_name[] = "xen_version";

#define XEN_4_17 0x00040011

static bool all_zero(const char *p, size_t len)
{
	while (len--) {
		if (*p++)
			return false;
	}
	return true;
}

static void check_string_op(int cmd, char *buf, size_t size, const char *what)
{
	size_t len;

	memset(buf, 0xaa, size);
	EXPECT_RC(hc_xen_version(cmd, buf), 0);
	len = strnlen(buf, size);
	printf("%s: \"%s\"\n", what, len < size ? buf : "(not terminated)");
	EXPECT_TRUE(len < size);
	if (len < size)
		EXPECT_TRUE(all_zero(buf + len, size - len));
}

static bool feature(uint32_t submap, unsigned int bit)
{
	return submap & (1U << bit);
}

/*
 * Xen 4.17 sets for every translated HVM domain: writable_page_tables, auto_translated_physmap,
 * memory_op_vnode_supported, hvm_callback_vector, hvm_safe_pvclock, not_direct_mapped; dom0
 * only for the hardware domain; hvm_pirqs only with emulated interrupt routing, which PVH lacks.
 * (Lamina's Linux dom0, booted through the Linux boot protocol rather than as PVH, is meant to
 * see hvm_safe_pvclock withheld; a PVH guest, initial domain or not, gets Xen's answer.)
 */
static void check_features(void)
{
	struct xen_feature_info fi = {.submap_idx = 0, .submap = 0xdeadbeef};
	bool initial = is_initial_domain();

	EXPECT_RC(hc_xen_version(XENVER_get_features, &fi), 0);
	printf("submap 0: %#x\n", fi.submap);
	EXPECT_EQ(fi.submap_idx, 0);
	EXPECT_TRUE(feature(fi.submap, XENFEAT_writable_page_tables));
	EXPECT_TRUE(feature(fi.submap, XENFEAT_auto_translated_physmap));
	EXPECT_TRUE(feature(fi.submap, XENFEAT_hvm_callback_vector));
	EXPECT_TRUE(feature(fi.submap, XENFEAT_memory_op_vnode_supported));
	EXPECT_TRUE(feature(fi.submap, XENFEAT_not_direct_mapped));
	EXPECT_TRUE(!feature(fi.submap, XENFEAT_direct_mapped));
	EXPECT_TRUE(!feature(fi.submap, XENFEAT_hvm_pirqs));
	EXPECT_TRUE(!feature(fi.submap, XENFEAT_mmu_pt_update_preserve_ad));
	EXPECT_EQ(feature(fi.submap, XENFEAT_dom0), initial);
	EXPECT_TRUE(feature(fi.submap, XENFEAT_hvm_safe_pvclock));

	fi.submap_idx = 1;
	EXPECT_RC(hc_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
	fi.submap_idx = 0xffffffff;
	EXPECT_RC(hc_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

void test_main(void)
{
	static char caps[XEN_CAPABILITIES_INFO_LEN];
	xen_extraversion_t extra;

	EXPECT_HEX(hc_xen_version(XENVER_version, NULL), XEN_4_17);
	/* The argument is ignored for XENVER_version. */
	EXPECT_HEX(hc_xen_version(XENVER_version, (void *)UNBACKED_VA), XEN_4_17);
	/* cmd is an int: Xen drops the upper half of the register. */
	EXPECT_HEX(hypercall(__HYPERVISOR_xen_version, 0x100000000UL | XENVER_version, 0, 0, 0, 0),
		   XEN_4_17);

	check_string_op(XENVER_extraversion, extra, sizeof(extra), "extraversion");
	check_string_op(XENVER_capabilities, caps, sizeof(caps), "capabilities");
	EXPECT_TRUE(strstr(caps, "hvm-3.0-x86_64") != NULL);

	check_features();

	EXPECT_EQ(hc_xen_version(XENVER_pagesize, NULL), 4096);
	EXPECT_RC(hc_xen_version(XENVER_pagesize, extra), -XEN_EINVAL);

	EXPECT_RC(hc_xen_version(XENVER_extraversion, (void *)0x10), -XEN_EFAULT);
	EXPECT_RC(hc_xen_version(XENVER_capabilities, (void *)UNBACKED_VA), -XEN_EFAULT);
	EXPECT_RC(hc_xen_version(XENVER_get_features, (void *)0x10), -XEN_EFAULT);

	EXPECT_RC(hc_xen_version(XENVER_build_id + 1, NULL), -XEN_ENOSYS);
	EXPECT_RC(hc_xen_version(0x7fffffff, NULL), -XEN_ENOSYS);
	EXPECT_RC(hc_xen_version(-1, NULL), -XEN_ENOSYS);
}
