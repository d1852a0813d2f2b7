// SPDX-License-Identifier: MIT
/*
 * Hypercall buffers are guest-virtual: the hypervisor walks the guest's page tables the way the
 * CPU would (Xen 4.17: hvm_copy_{to,from}_guest_linear and guest_walk_tables). Buffers work
 * through 4 KiB, 2 MiB and 1 GiB pages and across page boundaries; an address that does not
 * translate, or translates to no RAM, gives -EFAULT; a read-only page is an -EFAULT output
 * buffer only while CR0.WP is set, and always a good input buffer.
 *
 * Module argument "require-1g" turns a missing 1 GiB page size into a failure.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/version.h>

const char test_name[] = "guest_pointers";

static uint8_t pages[4 * PAGE_SIZE_4K] PAGE_ALIGNED;
static xen_extraversion_t reference;

/* XENVER_extraversion writes 16 bytes: our probe for output buffers. */
static long extraversion_to(void *buf)
{
	return hc_xen_version(XENVER_extraversion, buf);
}

/* console_io reads: our probe for input buffers. */
static long console_from(const void *buf, size_t len)
{
	return hc_console_io(CONSOLEIO_write, len, buf);
}

/* Hands @va to the hypervisor as an output buffer and checks the bytes arrived at @direct. */
static bool output_works(void *va, const void *direct)
{
	long rc;

	memset((void *)direct, 0x5a, sizeof(reference));
	rc = extraversion_to(va);
	if (rc != 0) {
		printf("  output to %p: %ld (%s)\n", va, rc, errno_name(rc));
		return false;
	}
	return !memcmp(direct, reference, sizeof(reference));
}

/* Hands @va to the hypervisor as an input buffer holding a line (through @direct). */
static bool input_works(void *va, void *direct)
{
	static const char line[] = "input buffer read\n";
	long rc;

	memcpy(direct, line, sizeof(line) - 1);
	rc = console_from(va, sizeof(line) - 1);
	if (rc != 0)
		printf("  input from %p: %ld (%s)\n", va, rc, errno_name(rc));
	return rc == 0;
}

static void check_page_sizes(void)
{
	uint8_t *buf = pages + 100;

	EXPECT_TRUE(output_works(buf, buf));
	EXPECT_TRUE(input_works(buf, buf));
	EXPECT_TRUE(output_works(alias_2m(buf), buf));
	EXPECT_TRUE(input_works(alias_2m(buf), buf));
	if (paging_have_1g_alias()) {
		EXPECT_TRUE(output_works(alias_1g(buf), buf));
		EXPECT_TRUE(input_works(alias_1g(buf), buf));
	} else if (strstr(boot_cmdline(), "require-1g")) {
		FAIL("1 GiB pages required but CPUID 0x80000001 EDX bit 26 is clear");
	} else {
		test_skip("buffer in a 1 GiB page", "the vCPU has no 1 GiB pages");
	}
}

static void check_boundaries(void)
{
	uint8_t *across_4k = pages + PAGE_SIZE_4K - 6;
	uint8_t *from_4k_to_2m = (uint8_t *)PAGE_SIZE_2M - 6;
	uint8_t *across_2m = (uint8_t *)(2 * PAGE_SIZE_2M) - 6;

	EXPECT_TRUE(output_works(across_4k, across_4k));
	EXPECT_TRUE(input_works(across_4k, across_4k));
	EXPECT_TRUE(output_works(alias_2m(across_4k), across_4k));

	/* These lie outside the image: only where the memory map says there is RAM. */
	if (memmap_is_ram(PAGE_SIZE_2M - PAGE_SIZE_4K, 2 * PAGE_SIZE_4K)) {
		EXPECT_TRUE(output_works(from_4k_to_2m, from_4k_to_2m));
		EXPECT_TRUE(input_works(from_4k_to_2m, from_4k_to_2m));
	} else {
		test_skip("buffer from a 4 KiB into a 2 MiB page", "no RAM at 2 MiB");
	}
	if (memmap_is_ram(2 * PAGE_SIZE_2M - PAGE_SIZE_4K, 2 * PAGE_SIZE_4K))
		EXPECT_TRUE(output_works(alias_2m(across_2m), across_2m));
	else
		test_skip("buffer across two 2 MiB pages", "no RAM at 4 MiB");
}

static unsigned int max_phys_bits(void)
{
	if (cpuid(0x80000000).eax >= 0x80000008)
		return cpuid(0x80000008).eax & 0xff;
	return 36;
}

static void check_bad_translations(void)
{
	uint8_t *page = pages + 2 * PAGE_SIZE_4K;
	uint64_t saved = pte_get(page);

	EXPECT_RC(extraversion_to((void *)0x10), -XEN_EFAULT);
	EXPECT_RC(console_from((void *)0x10, 4), -XEN_EFAULT);
	EXPECT_RC(extraversion_to((void *)0x0000800000000000), -XEN_EFAULT);
	EXPECT_RC(extraversion_to((void *)0xffff800000000000), -XEN_EFAULT);
	/* Translates, but to a guest-physical address with no RAM behind it. */
	EXPECT_RC(extraversion_to((void *)UNBACKED_VA), -XEN_EFAULT);
	EXPECT_RC(console_from((void *)UNBACKED_VA, 4), -XEN_EFAULT);

	pte_set(page, 0);
	EXPECT_RC(extraversion_to(page + 8), -XEN_EFAULT);
	/* Starts in a good page, ends in the missing one. */
	EXPECT_RC(extraversion_to(page - 8), -XEN_EFAULT);
	EXPECT_RC(console_from(page - 3, 6), -XEN_EFAULT);

	/* A reserved physical-address bit in the entry: the walk must fail as the CPU's would. */
	if (max_phys_bits() < 52) {
		pte_set(page, saved | 1UL << max_phys_bits());
		EXPECT_RC(extraversion_to(page + 8), -XEN_EFAULT);
	}
	pte_set(page, saved);
	EXPECT_RC(extraversion_to(page + 8), 0);
}

static void check_read_only(void)
{
	uint8_t *page = pages + 3 * PAGE_SIZE_4K;
	uint64_t saved = pte_get(page);
	uint64_t cr0 = read_cr0();
	static const char text[] = "input buffer in a read-only page\n";

	memcpy(page, text, sizeof(text) - 1);
	pte_set(page, saved & ~(uint64_t)PTE_WRITE);
	EXPECT_TRUE(cr0 & CR0_WP);
	EXPECT_RC(extraversion_to(page + 16), -XEN_EFAULT);
	EXPECT_RC(console_from(page, sizeof(text) - 1), 0);

	/* Without CR0.WP, supervisor writes ignore R/W, and so does the hypervisor's copy. */
	write_cr0(cr0 & ~(uint64_t)CR0_WP);
	memset(page + 16, 0x5a, sizeof(reference));
	EXPECT_RC(extraversion_to(page + 16), 0);
	EXPECT_TRUE(!memcmp(page + 16, reference, sizeof(reference)));
	write_cr0(cr0);

	pte_set(page, saved);
}

void test_main(void)
{
	EXPECT_RC(extraversion_to(reference), 0);
	check_page_sizes();
	check_boundaries();
	check_bad_translations();
	check_read_only();
}
