// SPDX-License-Identifier: MIT
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/layout.h>
#include <guest/string.h>
#include <public/arch-x86/cpuid.h>
#include <public/sched.h>

/* Filled by the hypervisor when a test writes its address to the hypercall MSR. */
uint8_t hypercall_page[PAGE_SIZE_4K]
	__attribute__((aligned(PAGE_SIZE_4K), section(".bss.page_aligned")));

static enum hypercall_path path = HYPERCALL_VMMCALL;

/* Each stub is 32 bytes: mov $nr, %eax; vmmcall; ret. */
#define HYPERCALL_STUB_SIZE 32

static long hypercall_vmmcall(unsigned long nr, unsigned long a1, unsigned long a2,
			      unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long ret;

	asm volatile("vmmcall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
		     : "a"(nr)
		     : "memory", "rcx", "r9", "r11");
	return ret;
}

static long hypercall_via_page(unsigned long nr, unsigned long a1, unsigned long a2,
			       unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	void *stub = hypercall_page + nr * HYPERCALL_STUB_SIZE;
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8), [stub] "+c"(stub)
		     :
		     : "memory", "r9", "r11");
	return ret;
}

long hypercall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5)
{
	/* Only the page's 128 stubs exist; larger numbers always use VMMCALL. */
	if (path == HYPERCALL_PAGE && nr < PAGE_SIZE_4K / HYPERCALL_STUB_SIZE)
		return hypercall_via_page(nr, a1, a2, a3, a4, a5);
	return hypercall_vmmcall(nr, a1, a2, a3, a4, a5);
}

void hypercall_use(enum hypercall_path p)
{
	path = p;
}

enum hypercall_path hypercall_path_in_use(void)
{
	return path;
}

int hypercall_page_install(uint32_t msr, void *page)
{
	return wrmsr_safe(msr, (uintptr_t)page);
}

long shutdown(unsigned int reason)
{
	struct sched_shutdown arg = {.reason = reason};

	return hc_sched_op(SCHEDOP_shutdown, &arg);
}

bool running_on_xen(void)
{
	struct cpuid_regs r = cpuid(XEN_CPUID_FIRST_LEAF);

	return r.ebx == XEN_CPUID_SIGNATURE_EBX && r.ecx == XEN_CPUID_SIGNATURE_ECX &&
	       r.edx == XEN_CPUID_SIGNATURE_EDX;
}
