/* SPDX-License-Identifier: MIT */
/*
 * The Xen CPUID leaves, at XEN_CPUID_FIRST_LEAF and the following leaves. A guest may also find
 * them 0x100 higher (when another hypervisor's leaves come first); Lamina places them at the base.
 *
 *   +0 signature: EAX highest Xen leaf, EBX:ECX:EDX "XenVMMXenVMM"
 *   +1 version:   EAX (major << 16) | minor
 *   +2 hypercall: EAX number of hypercall pages, EBX MSR that fills them, ECX/EDX feature bits
 *   +3 time:      sub-leaf 0: EAX XEN_CPUID_TSC_* bits, EBX tsc_mode, ECX guest TSC kHz,
 *                 EDX incarnation; sub-leaf 1: EAX:EBX TSC offset, ECX mul, EDX shift of the
 *                 TSC-to-ns scale; sub-leaf 2: EAX host TSC kHz
 *   +4 hvm:       EAX XEN_HVM_CPUID_* bits, EBX vCPU id, ECX domain id (when flagged)
 *   +5 pv:        EAX highest sub-leaf, EBX bits 7:0 machine address width
 */
#ifndef LAMINA_PUBLIC_ARCH_X86_CPUID_H
#define LAMINA_PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/* Leaf offsets from the base; Xen's own header only numbers them in prose. */
#define XEN_CPUID_LEAF_SIGNATURE 0
#define XEN_CPUID_LEAF_VERSION	 1
#define XEN_CPUID_LEAF_HYPERCALL 2
#define XEN_CPUID_LEAF_TIME	 3
#define XEN_CPUID_LEAF_HVM	 4
#define XEN_CPUID_LEAF_PV	 5
#define XEN_CPUID_MAX_NUM_LEAVES 5

#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* Hypercall leaf, ECX. */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD  (1U << 0)

/* Time leaf, sub-leaf 0: EAX bits and EBX tsc_mode values (named as in Xen after 4.17). */
#define XEN_CPUID_TSC_EMULATED		  (1U << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE	  (1U << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL	  (1U << 2)
#define XEN_CPUID_TSC_MODE_DEFAULT	  0
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE 1U
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE  2U
#define XEN_CPUID_TSC_MODE_PVRDTSCP	  3U

/* HVM leaf, EAX. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1U << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT      (1U << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1U << 2) /* foreign mappings have IOMMU entries */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1U << 3) /* EBX holds the vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1U << 4) /* ECX holds the domain id */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1U << 5) /* 15-bit APIC ids in MSI/IO-APIC entries */
/* HVMOP_set_evtchn_upcall_vector works with physical IRQs bound to event channels. */
#define XEN_HVM_CPUID_UPCALL_VECTOR (1U << 6)

/* PV leaf, EBX. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffU << 0)

#endif
