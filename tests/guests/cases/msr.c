// SPDX-License-Identifier: MIT
/*
 * MSRs as Xen 4.17 handles them for an HVM guest (guest_rdmsr/guest_wrmsr, guest_wrmsr_xen,
 * svm_msr_*_intercept, hvm_set_efer, hvm_set_guest_pat): the hypercall-page MSR reads as zero
 * and fills the page with 32-byte stubs (stub 23, iret, is ud2), rejecting a non-zero page offset
 * and a frame that is not RAM with #GP; unknown MSRs raise #GP; EFER refuses SVME (SVM is not
 * offered) and reserved bits; PAT starts at its reset value and refuses invalid memory types.
 */
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/version.h>

const char test_name[] = "msr";

#define STUB_SIZE	    32
#define STUBS		    (PAGE_SIZE_4K / STUB_SIZE)
#define PAT_RESET	    0x0007040600070406ULL
#define PAT_WITH_WC	    0x0007010600070106ULL
#define PAT_TYPE_RESERVED_2 0x02
#define MSR_UNKNOWN_LOW	    0x12345678
#define MSR_UNKNOWN_AMD	    0xc001ffff

/* The bytes Xen writes for stub @nr: mov $nr, %eax; vmmcall; ret (iret: ud2). */
static bool stub_matches(const uint8_t *stub, unsigned int nr)
{
	if (nr == __HYPERVISOR_iret)
		return stub[0] == 0x0f && stub[1] == 0x0b;
	return stub[0] == 0xb8 && stub[1] == (uint8_t)nr && stub[2] == (uint8_t)(nr >> 8) &&
	       stub[3] == 0 && stub[4] == 0 && stub[5] == 0x0f && stub[6] == 0x01 &&
	       stub[7] == 0xd9 && stub[8] == 0xc3;
}

static void check_hypercall_page(void)
{
	unsigned int nr, bad = 0;
	uint64_t v = 0xdead;

	EXPECT_EQ(rdmsr_safe(MSR_XEN_HYPERCALL_PAGE, &v), NO_FAULT);
	EXPECT_HEX(v, 0);

	EXPECT_EQ(wrmsr_safe(MSR_XEN_HYPERCALL_PAGE, (uintptr_t)hypercall_page | 0x10), X86_EXC_GP);
	EXPECT_EQ(wrmsr_safe(MSR_XEN_HYPERCALL_PAGE, UNBACKED_GPA), X86_EXC_GP);
	EXPECT_EQ(rdmsr_safe(MSR_XEN_HYPERCALL_PAGE + 1, &v), X86_EXC_GP);
	EXPECT_EQ(wrmsr_safe(MSR_XEN_HYPERCALL_PAGE + 1, 0), X86_EXC_GP);

	EXPECT_EQ(hypercall_page_install(MSR_XEN_HYPERCALL_PAGE, hypercall_page), NO_FAULT);
	for (nr = 0; nr < STUBS; nr++) {
		if (!stub_matches(hypercall_page + nr * STUB_SIZE, nr)) {
			if (bad++ < 4)
				FAIL("stub %u does not hold Xen's instructions", nr);
		}
	}
	EXPECT_EQ(bad, 0);

	hypercall_use(HYPERCALL_PAGE);
	EXPECT_HEX(hc_xen_version(XENVER_version, NULL), 0x00040011);
	EXPECT_RC(hc_xen_version(XENVER_build_id + 1, NULL), -XEN_ENOSYS);
	EXPECT_RC(hypercall(50, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	EXPECT_RC(hc_console_io(CONSOLEIO_write, 35, "written through the hypercall page\n"), 0);
	hypercall_use(HYPERCALL_VMMCALL);
}

static void check_unknown_msrs(void)
{
	uint64_t v;

	EXPECT_EQ(rdmsr_safe(MSR_UNKNOWN_LOW, &v), X86_EXC_GP);
	EXPECT_HEX(last_fault.error_code, 0);
	EXPECT_EQ(wrmsr_safe(MSR_UNKNOWN_LOW, 1), X86_EXC_GP);
	EXPECT_EQ(rdmsr_safe(MSR_UNKNOWN_AMD, &v), X86_EXC_GP);
	EXPECT_EQ(wrmsr_safe(MSR_UNKNOWN_AMD, 0), X86_EXC_GP);
}

static void check_efer(void)
{
	uint64_t efer, v;

	EXPECT_EQ(rdmsr_safe(MSR_EFER, &efer), NO_FAULT);
	printf("EFER %#lx\n", efer);
	EXPECT_HEX(efer & (EFER_LME | EFER_LMA), EFER_LME | EFER_LMA);
	EXPECT_HEX(efer & EFER_SVME, 0);

	EXPECT_EQ(wrmsr_safe(MSR_EFER, efer | EFER_SVME), X86_EXC_GP);
	EXPECT_EQ(wrmsr_safe(MSR_EFER, efer | 1ULL << 63), X86_EXC_GP);
	EXPECT_EQ(wrmsr_safe(MSR_EFER, efer), NO_FAULT);
	EXPECT_EQ(rdmsr_safe(MSR_EFER, &v), NO_FAULT);
	EXPECT_HEX(v, efer);

	if (cpu_has_nx()) {
		EXPECT_EQ(wrmsr_safe(MSR_EFER, efer ^ EFER_NXE), NO_FAULT);
		EXPECT_HEX(rdmsr(MSR_EFER), efer ^ EFER_NXE);
		wrmsr(MSR_EFER, efer);
	} else {
		EXPECT_EQ(wrmsr_safe(MSR_EFER, efer | EFER_NXE), X86_EXC_GP);
	}
	EXPECT_HEX(rdmsr(MSR_EFER), efer);
}

static void check_pat(void)
{
	uint64_t pat;

	EXPECT_EQ(rdmsr_safe(MSR_PAT, &pat), NO_FAULT);
	EXPECT_HEX(pat, PAT_RESET);
	EXPECT_EQ(wrmsr_safe(MSR_PAT, PAT_WITH_WC), NO_FAULT);
	EXPECT_HEX(rdmsr(MSR_PAT), PAT_WITH_WC);
	EXPECT_EQ(wrmsr_safe(MSR_PAT, (PAT_WITH_WC & ~0xffULL) | PAT_TYPE_RESERVED_2), X86_EXC_GP);
	EXPECT_EQ(wrmsr_safe(MSR_PAT, PAT_WITH_WC | 0xffULL << 56), X86_EXC_GP);
	EXPECT_HEX(rdmsr(MSR_PAT), PAT_WITH_WC);
	EXPECT_EQ(wrmsr_safe(MSR_PAT, PAT_RESET), NO_FAULT);
	EXPECT_HEX(rdmsr(MSR_PAT), PAT_RESET);
}

void test_main(void)
{
	check_hypercall_page();
	check_unknown_msrs();
	check_efer();
	check_pat();
}
