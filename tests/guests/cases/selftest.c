// SPDX-License-Identifier: MIT
/*
 * The framework checks itself, on plain QEMU (no hypervisor) as well as on Lamina: formatting,
 * the page-size aliases, expected page faults and #GPs with their error codes, code at CPL3, and
 * the start_info it was given.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/usermode.h>

const char test_name[] = "selftest";

/* Bit 47 set without the bits above it: not canonical, so any access raises #GP. */
#define NON_CANONICAL ((const void *)0x0000800000000000)

#define PF_ERR_PRESENT 0x1
#define PF_ERR_WRITE   0x2
#define PF_ERR_USER    0x4

static uint8_t scratch[2 * PAGE_SIZE_4K] PAGE_ALIGNED;

static void check_format(void)
{
	char buf[64];
	int n;

	snprintf(buf, sizeof(buf), "%d|%5d|%-4d|%05d", -42, 17, 3, -7);
	EXPECT_STR(buf, "-42|   17|3   |-0007");
	snprintf(buf, sizeof(buf), "%x|%#lx|%08X|%lu", 0xbeefu, 0x1234abcdUL, 0xabcu,
		 18446744073709551615UL);
	EXPECT_STR(buf, "beef|0x1234abcd|00000ABC|18446744073709551615");
	snprintf(buf, sizeof(buf), "%s|%-6s|%c|%%|%ld", "str", "ab", 'z',
		 -9223372036854775807L - 1);
	EXPECT_STR(buf, "str|ab    |z|%|-9223372036854775808");
	n = snprintf(buf, 8, "%s", "truncated output");
	EXPECT_EQ(n, 16);
	EXPECT_STR(buf, "truncat");
}

static void check_aliases(void)
{
	volatile uint8_t *via_2m = alias_2m(scratch);

	scratch[100] = 0x5a;
	EXPECT_EQ(via_2m[100], 0x5a);
	via_2m[101] = 0xa5;
	EXPECT_EQ(scratch[101], 0xa5);
	if (paging_have_1g_alias()) {
		volatile uint8_t *via_1g = alias_1g(scratch);

		EXPECT_EQ(via_1g[100], 0x5a);
		via_1g[102] = 0x3c;
		EXPECT_EQ(scratch[102], 0x3c);
	} else {
		test_skip("1 GiB alias",
			  "the CPU has no 1 GiB pages (CPUID 0x80000001 EDX bit 26)");
	}
}

static void check_page_faults(void)
{
	uint8_t *page = scratch + PAGE_SIZE_4K;
	uint64_t saved = pte_get(page);
	uint8_t v;

	pte_set(page, saved & ~(uint64_t)PTE_WRITE);
	EXPECT_EQ(read_u8_safe(page, &v), NO_FAULT);
	EXPECT_EQ(write_u8_safe(page + 5, 1), X86_EXC_PF);
	EXPECT_HEX(last_fault.error_code, PF_ERR_PRESENT | PF_ERR_WRITE);
	EXPECT_HEX(last_fault.cr2, (uintptr_t)(page + 5));

	pte_set(page, 0);
	EXPECT_EQ(read_u8_safe(page + 7, &v), X86_EXC_PF);
	EXPECT_HEX(last_fault.error_code, 0);
	EXPECT_HEX(last_fault.cr2, (uintptr_t)(page + 7));

	pte_set(page, saved);
	EXPECT_EQ(write_u8_safe(page, 9), NO_FAULT);
	EXPECT_EQ(page[0], 9);

	/* Page 0 is left out of the map. */
	EXPECT_EQ(read_u8_safe((const void *)8, &v), X86_EXC_PF);
}

/*
 * QEMU's TCG ignores unknown MSRs instead of raising #GP, so the #GP paths are exercised with a
 * non-canonical address here and with RDMSR at CPL3 below; the msr guest checks the hypervisor's.
 */
static void check_gp_and_msr(void)
{
	uint64_t v;
	uint8_t b;

	EXPECT_EQ(read_u8_safe(NON_CANONICAL, &b), X86_EXC_GP);
	EXPECT_HEX(last_fault.error_code, 0);
	EXPECT_EQ(rdmsr_safe(MSR_EFER, &v), NO_FAULT);
	EXPECT_TRUE((v & (EFER_LME | EFER_LMA)) == (EFER_LME | EFER_LMA));
}

static long user_read_cs(long unused)
{
	uint16_t cs;

	(void)unused;
	asm volatile("mov %%cs, %0" : "=r"(cs));
	return cs;
}

static long user_rdmsr(long msr)
{
	uint64_t v;

	return rdmsr_safe((uint32_t)msr, &v);
}

static long user_add(long x)
{
	return x + 1;
}

static void check_cpl3(void)
{
	EXPECT_EQ(run_at_cpl3(user_read_cs, 0), GDT_USER_CS | USER_RPL);
	EXPECT_EQ(run_at_cpl3(user_add, 41), 42);
	/* RDMSR is privileged: #GP at CPL3 even for an MSR that exists. */
	EXPECT_EQ(run_at_cpl3(user_rdmsr, MSR_EFER), X86_EXC_GP);
	EXPECT_EQ(run_at_cpl3(user_add, -1), 0);
}

static void check_vmmcall_without_hypervisor(void)
{
	long result;

	if (running_on_xen()) {
		test_skip("VMMCALL raises #UD", "a hypervisor intercepts VMMCALL here");
		return;
	}
	EXPECT_EQ(vmmcall_safe(17, &result), X86_EXC_UD);
}

static void check_start_info(void)
{
	extern char image_start[], image_end[];

	EXPECT_HEX(start_info->magic, XEN_HVM_START_MAGIC_VALUE);
	EXPECT_TRUE(start_info->version >= 1);
	EXPECT_TRUE(start_info->memmap_entries > 0);
	EXPECT_TRUE(memmap_is_ram((uintptr_t)image_start, image_end - image_start));
}

void test_main(void)
{
	check_format();
	check_aliases();
	check_page_faults();
	check_gp_and_msr();
	check_cpl3();
	check_vmmcall_without_hypervisor();
	check_start_info();
}
