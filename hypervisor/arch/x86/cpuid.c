// SPDX-License-Identifier: MIT
/*
 * What a guest sees from CPUID: the host's leaves, minus every feature we do not virtualise,
 * plus Xen's leaves at 0x40000000. Other hypervisor leaves (QEMU's TCG signature among them)
 * are hidden: Linux would otherwise scan them and might pick the wrong hypervisor.
 */
#include <lamina/domain.h>
#include <lamina/lib.h>
#include <public/arch-x86/cpuid.h>
#include <asm/cpu.h>
#include <asm/time.h>
#include <asm/vmcb.h>
#include <asm/vmexit.h>

enum { EAX, EBX, ECX, EDX };

#define ANY_SUBLEAF 0xffffffffU

/* Bits cleared from a host leaf before the guest sees it. */
struct cpuid_mask {
	uint32_t leaf, subleaf;
	unsigned int reg;
	uint32_t clear;
	bool domu_only; /* devices the hardware domain drives itself stay visible to it */
	const char *why;
};

static const struct cpuid_mask cpuid_masks[] = {
	{1, ANY_SUBLEAF, ECX, (1U << 3) | (1U << 21), false,
	 "MONITOR (idle must HLT) and x2APIC (the APIC guard checks the xAPIC page only)"},
	{1, ANY_SUBLEAF, ECX, (1U << 5) | (1U << 6) | (1U << 24), true,
	 "VMX, SMX and TSC-deadline: not virtualised"},
	{1, ANY_SUBLEAF, EDX, (1U << 7) | (1U << 9) | (1U << 12) | (1U << 14) | (1U << 22), true,
	 "MCE, APIC, MTRR, MCA, ACPI thermal: no such devices or MSRs for guests"},
	{7, 0, EBX,
	 (1U << 2) | (1U << 4) | (1U << 11) | (1U << 12) | (1U << 14) | (1U << 15) | (1U << 25),
	 false, "SGX, HLE, RTM, PQM, MPX, PQE, Intel PT"},
	{7, 0, ECX, (1U << 3) | (1U << 4) | (1U << 5) | (1U << 16), false,
	 "PKU/OSPKE (the page walker ignores keys), WAITPKG, LA57 (4-level walks only)"},
	{7, 0, EDX, 0xfc000000U, false, "speculation-control MSRs are not offered"},
	{0x80000001, ANY_SUBLEAF, ECX, (1U << 2) | (1U << 3) | (1U << 9) | (1U << 22), false,
	 "SVM (no nesting), ext APIC space, OSVW, TOPOEXT"},
	{0x80000001, ANY_SUBLEAF, EDX, 1U << 27, false, "RDTSCP: TCG exits it as RDTSC; hidden"},
	{0x80000007, ANY_SUBLEAF, EDX, ~(1U << 8), false, "power management: invariant TSC only"},
	{0x80000008, ANY_SUBLEAF, EBX, ~0U, false, "speculation-control features"},
};

/* Host leaves that are withheld entirely (all four registers read 0). */
static const uint32_t hidden_leaves[] = {
	0x6,	    /* thermal and power management */
	0xa,	    /* architectural performance monitoring */
	0x8000000a, /* SVM */
	0x8000001f, /* SME/SEV: Linux reads their MSRs before it has a #GP handler */
};

static bool cpuid_hidden(uint32_t leaf)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(hidden_leaves); i++)
		if (hidden_leaves[i] == leaf)
			return true;
	return leaf >= XEN_CPUID_FIRST_LEAF && leaf < 0x80000000;
}

static void xen_leaf(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	switch (leaf - XEN_CPUID_FIRST_LEAF) {
	case XEN_CPUID_LEAF_SIGNATURE:
		out[EAX] = XEN_CPUID_FIRST_LEAF + XEN_CPUID_MAX_NUM_LEAVES;
		out[EBX] = XEN_CPUID_SIGNATURE_EBX;
		out[ECX] = XEN_CPUID_SIGNATURE_ECX;
		out[EDX] = XEN_CPUID_SIGNATURE_EDX;
		break;
	case XEN_CPUID_LEAF_VERSION:
		out[EAX] = (4U << 16) | 17U;
		break;
	case XEN_CPUID_LEAF_HYPERCALL:
		out[EAX] = 1;			 /* hypercall pages */
		out[EBX] = XEN_CPUID_FIRST_LEAF; /* MSR that installs them */
		break;
	case XEN_CPUID_LEAF_TIME:
		if (subleaf == 0)
			out[ECX] = (uint32_t)tsc_khz;
		break;
	case XEN_CPUID_LEAF_HVM:
		if (subleaf != 0)
			break;
		/*
		 * Foreign mappings are reachable by DMA as far as the IOMMU is concerned (there is
		 * none to restrict them), and the per-vCPU upcall vector of HVMOP 23 is offered.
		 */
		out[EAX] = XEN_HVM_CPUID_IOMMU_MAPPINGS | XEN_HVM_CPUID_VCPU_ID_PRESENT |
			   XEN_HVM_CPUID_DOMID_PRESENT | XEN_HVM_CPUID_UPCALL_VECTOR;
		out[EBX] = v->vcpu_id;
		out[ECX] = v->domain->domid;
		break;
	default:
		break;
	}
}

void guest_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	struct cpuid_regs r = {0, 0, 0, 0};

	memset(out, 0, 4 * sizeof(uint32_t));
	if (leaf >= XEN_CPUID_FIRST_LEAF &&
	    leaf <= XEN_CPUID_FIRST_LEAF + XEN_CPUID_MAX_NUM_LEAVES) {
		xen_leaf(v, leaf, subleaf, out);
		return;
	}
	if (cpuid_hidden(leaf))
		return;
	cpuid_count(leaf, subleaf, &r);
	out[EAX] = r.eax;
	out[EBX] = r.ebx;
	out[ECX] = r.ecx;
	out[EDX] = r.edx;
	for (unsigned int i = 0; i < ARRAY_SIZE(cpuid_masks); i++) {
		const struct cpuid_mask *m = &cpuid_masks[i];

		if (m->domu_only && v->domain->is_hardware)
			continue;
		if (m->leaf == leaf && (m->subleaf == ANY_SUBLEAF || m->subleaf == subleaf))
			out[m->reg] &= ~m->clear;
	}
	if (leaf == 1) {
		out[ECX] |= 1U << 31; /* running under a hypervisor */
		/* OSXSAVE mirrors the guest's own CR4, not ours. */
		out[ECX] &= ~(1U << 27);
		if (v->arch.vmcb->save.cr4 & CR4_OSXSAVE)
			out[ECX] |= 1U << 27;
		/*
		 * Initial APIC id and logical processor count describe the guest's vCPUs; the
		 * hardware domain sees its real CPU.
		 */
		if (!v->domain->is_hardware)
			out[EBX] = (out[EBX] & 0x0000ffff) | (v->vcpu_id << 24) |
				   (v->domain->nr_vcpus << 16);
	}
}
