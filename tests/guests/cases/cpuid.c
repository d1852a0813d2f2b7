// SPDX-License-Identifier: MIT
/*
 * CPUID as Xen 4.17 presents it to an HVM guest (cpuid_hypervisor_leaves and the guest CPU
 * policy): Xen's leaves at 0x40000000, nothing at 0x40000100 (no Viridian, and no leaf of the
 * hypervisor below us, such as QEMU's "TCGTCGTCGTCG"), the hypervisor bit set and SVM hidden.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>

const char test_name[] = "cpuid";

static void print_leaf(uint32_t leaf, uint32_t subleaf, struct cpuid_regs r)
{
	printf("cpuid %#x.%u: %08x %08x %08x %08x\n", leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
}

static bool leaf_empty(uint32_t leaf)
{
	struct cpuid_regs r = cpuid(leaf);

	if (r.eax || r.ebx || r.ecx || r.edx) {
		print_leaf(leaf, 0, r);
		return false;
	}
	return true;
}

static void check_xen_leaves(void)
{
	struct cpuid_regs r = cpuid(XEN_CPUID_LEAF(XEN_CPUID_LEAF_SIGNATURE));
	uint32_t max_leaf = r.eax;
	uint64_t domid;

	print_leaf(r.eax, 0, r);
	EXPECT_HEX(r.ebx, XEN_CPUID_SIGNATURE_EBX);
	EXPECT_HEX(r.ecx, XEN_CPUID_SIGNATURE_ECX);
	EXPECT_HEX(r.edx, XEN_CPUID_SIGNATURE_EDX);
	/* Xen's default is base + XEN_CPUID_MAX_NUM_LEAVES; the HVM leaf at least must be there. */
	EXPECT_TRUE(max_leaf >= XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM));
	EXPECT_TRUE(max_leaf <= XEN_CPUID_LEAF(XEN_CPUID_MAX_NUM_LEAVES));

	r = cpuid(XEN_CPUID_LEAF(XEN_CPUID_LEAF_VERSION));
	EXPECT_HEX(r.eax, 0x00040011);

	r = cpuid(XEN_CPUID_LEAF(XEN_CPUID_LEAF_HYPERCALL));
	EXPECT_EQ(r.eax, 1); /* hypercall pages */
	EXPECT_HEX(r.ebx, MSR_XEN_HYPERCALL_PAGE);
	EXPECT_HEX(r.ecx, 0); /* PV-only feature flags */

	r = cpuid_count(XEN_CPUID_LEAF(XEN_CPUID_LEAF_TIME), 0);
	print_leaf(XEN_CPUID_LEAF(XEN_CPUID_LEAF_TIME), 0, r);
	EXPECT_TRUE(r.ecx > 0); /* guest TSC frequency, kHz */

	r = cpuid_count(XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM), 0);
	print_leaf(XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM), 0, r);
	EXPECT_TRUE(r.eax & XEN_HVM_CPUID_IOMMU_MAPPINGS);
	EXPECT_TRUE(r.eax & XEN_HVM_CPUID_VCPU_ID_PRESENT);
	EXPECT_TRUE(r.eax & XEN_HVM_CPUID_DOMID_PRESENT);
	EXPECT_TRUE(r.eax & XEN_HVM_CPUID_UPCALL_VECTOR);
	EXPECT_EQ(r.ebx, 0); /* vCPU id */
	/* The harness names the domain id it expects with "domid=N"; the initial domain is 0. */
	if (boot_arg_number("domid", &domid))
		EXPECT_EQ(r.ecx, domid);
	else if (is_initial_domain())
		EXPECT_EQ(r.ecx, 0);
	else
		test_skip("domain id in leaf 0x40000004", "no domid= argument");
	/* Only subleaf 0 carries anything. */
	r = cpuid_count(XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM), 1);
	EXPECT_TRUE(!r.eax && !r.ebx && !r.ecx && !r.edx);

	/* The PV leaf is empty for HVM guests, and so is everything up to the next base. */
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(XEN_CPUID_LEAF_PV)));
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(6)));
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(0x10)));
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(0xff)));
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(0x100)));
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(0x101)));
	EXPECT_TRUE(leaf_empty(XEN_CPUID_LEAF(0x1ff)));
}

static void check_host_leaves(void)
{
	struct cpuid_regs r = cpuid(1);

	EXPECT_TRUE(r.ecx & CPUID_1_ECX_HYPERVISOR);

	EXPECT_TRUE(cpuid(0x80000000).eax >= 0x80000001);
	r = cpuid(0x80000001);
	print_leaf(0x80000001, 0, r);
	EXPECT_TRUE(!(r.ecx & CPUID_80000001_ECX_SVM));
	/* With SVM hidden its feature leaf is empty too. */
	if (cpuid(0x80000000).eax >= 0x8000000a)
		EXPECT_TRUE(leaf_empty(0x8000000a));
}

void test_main(void)
{
	check_xen_leaves();
	check_host_leaves();
}
