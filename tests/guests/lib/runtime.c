// SPDX-License-Identifier: MIT
/*
 * The C entry of every test guest, called by head.S in long mode: set up exceptions, output and
 * the address space, check the start_info, run the test and power off with the verdict.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>
#include <public/sched.h>

void test_summary(void);
bool test_passed(void);
void guest_start(uint32_t start_info_paddr);

/* isa-debug-exit, present only when the harness runs a guest on plain QEMU. */
#define QEMU_DEBUG_EXIT_PORT 0xf4

static long domain_id(void)
{
	struct cpuid_regs r;

	if (!running_on_xen() ||
	    cpuid(XEN_CPUID_FIRST_LEAF).eax < XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM))
		return -1;
	r = cpuid(XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM));
	return (r.eax & XEN_HVM_CPUID_DOMID_PRESENT) ? (long)r.ecx : -1;
}

void __attribute__((noreturn)) test_finish(void)
{
	bool passed;
	long rc;

	test_summary();
	passed = test_passed();
	printf("Test result: %s\n", passed ? "SUCCESS" : "FAILURE");
	if (running_on_xen()) {
		rc = shutdown(SHUTDOWN_poweroff);
		/* Printing more would break "result is the last line"; the harness sees the hang.
		 */
		(void)rc;
	} else {
		outl(QEMU_DEBUG_EXIT_PORT, passed ? 0 : 1);
	}
	halt_forever();
}

void guest_start(uint32_t start_info_paddr)
{
	traps_init();
	console_init();
	paging_init();
	printf("Test: %s (%s, domid %ld)\n", test_name,
	       running_on_xen() ? "Xen-compatible hypervisor" : "no hypervisor", domain_id());
	if (!start_info_init(start_info_paddr)) {
		FAIL("bad hvm_start_info");
		test_finish();
	}
	printf("start_info: flags %#x, cmdline \"%s\", %u memory map entries\n", start_info->flags,
	       boot_cmdline(), boot_memmap_entries());
	/* "hypercall-page" on the command line: run the whole test through the hypercall page. */
	if (strstr(boot_cmdline(), "hypercall-page")) {
		if (hypercall_page_install(MSR_XEN_HYPERCALL_PAGE, hypercall_page) != NO_FAULT) {
			FAIL("writing the hypercall page MSR raised %s",
			     exception_name(last_fault.vector));
			test_finish();
		}
		hypercall_use(HYPERCALL_PAGE);
		printf("hypercalls go through the hypercall page\n");
	}
	test_main();
	test_finish();
}
