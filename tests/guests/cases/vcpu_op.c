// SPDX-License-Identifier: MIT
/*
 * VCPUOP_register_vcpu_info as Xen 4.17's do_vcpu_op and map_vcpu_info check it, in their
 * order: the vCPU must exist (-ENOENT), the argument be readable (-EFAULT), the structure fit in
 * the page at an aligned offset (-ENXIO), not be registered already (-EINVAL) and the frame be
 * the guest's RAM (-EINVAL). After registration the hypervisor keeps the vCPU time in it.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/vcpu.h>

const char test_name[] = "vcpu_op";

#define VCPU_INFO_OFFSET 128

static uint8_t vcpu_info_page[PAGE_SIZE_4K] PAGE_ALIGNED;

static long register_vcpu_info(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info info = {.mfn = gfn, .offset = offset};

	return hc_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info);
}

void test_main(void)
{
	uint64_t gfn = (uintptr_t)vcpu_info_page / PAGE_SIZE_4K;
	const volatile struct vcpu_info *vi = (const void *)(vcpu_info_page + VCPU_INFO_OFFSET);

	EXPECT_EQ(sizeof(struct vcpu_info), 64);

	EXPECT_RC(register_vcpu_info(1, gfn, 0), -XEN_ENOENT);
	EXPECT_RC(register_vcpu_info(4096, gfn, 0), -XEN_ENOENT);
	EXPECT_RC(hc_vcpu_op(99, 1000, NULL), -XEN_ENOENT);
	EXPECT_RC(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)0x10), -XEN_EFAULT);
	EXPECT_RC(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)UNBACKED_VA), -XEN_EFAULT);

	/* The structure would cross into the next page, or is misaligned. */
	EXPECT_RC(register_vcpu_info(0, gfn, PAGE_SIZE_4K - 32), -XEN_ENXIO);
	EXPECT_RC(register_vcpu_info(0, gfn, PAGE_SIZE_4K), -XEN_ENXIO);
	EXPECT_RC(register_vcpu_info(0, gfn, 0xffffffff), -XEN_ENXIO);
	EXPECT_RC(register_vcpu_info(0, gfn, 4), -XEN_ENXIO);
	/* No RAM behind the frame. */
	EXPECT_RC(register_vcpu_info(0, UNBACKED_GPA / PAGE_SIZE_4K, 0), -XEN_EINVAL);

	memset(vcpu_info_page, 0xa5, sizeof(vcpu_info_page));
	EXPECT_RC(register_vcpu_info(0, gfn, VCPU_INFO_OFFSET), 0);
	printf("vcpu_info time: version %u system_time %lu mul %#x shift %d\n", vi->time.version,
	       vi->time.system_time, vi->time.tsc_to_system_mul, vi->time.tsc_shift);
	EXPECT_TRUE(vi->time.tsc_to_system_mul != 0);
	EXPECT_TRUE(vi->time.tsc_to_system_mul != 0xa5a5a5a5);
	EXPECT_EQ(vi->time.version & 1, 0);
	/* Bytes around the structure are the guest's own. */
	EXPECT_EQ(vcpu_info_page[VCPU_INFO_OFFSET - 1], 0xa5);
	EXPECT_EQ(vcpu_info_page[VCPU_INFO_OFFSET + sizeof(struct vcpu_info)], 0xa5);

	/* Once registered, never again; size checks still come first. */
	EXPECT_RC(register_vcpu_info(0, gfn, VCPU_INFO_OFFSET), -XEN_EINVAL);
	EXPECT_RC(register_vcpu_info(0, gfn, 0), -XEN_EINVAL);
	EXPECT_RC(register_vcpu_info(0, gfn, PAGE_SIZE_4K - 32), -XEN_ENXIO);

	EXPECT_RC(hc_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
	EXPECT_RC(hc_vcpu_op(-1, 0, NULL), -XEN_ENOSYS);
}
