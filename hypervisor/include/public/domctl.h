/* SPDX-License-Identifier: MIT */
/*
 * domctl: the control domain's operations on other domains, in the layout of interface version
 * 0x15 (Xen 4.17). Only the sub-ops Lamina provides are declared; the union keeps Xen's size so
 * that a toolstack built against Xen's headers passes the same 144 bytes.
 */
#ifndef LAMINA_PUBLIC_DOMCTL_H
#define LAMINA_PUBLIC_DOMCTL_H

#include "xen.h"

/* A caller built for any other version is refused (-EACCES) before anything is looked at. */
#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

#define XEN_DOMCTL_createdomain	 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain	 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5

/* getdomaininfo flags. */
#define _XEN_DOMINF_dying     0 /* its teardown is complete */
#define XEN_DOMINF_dying      (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest  (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown  2
#define XEN_DOMINF_shutdown   (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused    3 /* by the toolstack (pausedomain), not by the hypervisor */
#define XEN_DOMINF_paused     (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked   4 /* every online vCPU waits for an event */
#define XEN_DOMINF_blocked    (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running   5 /* some vCPU is on a CPU right now */
#define XEN_DOMINF_running    (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged  6
#define XEN_DOMINF_debugged   (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain  (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap	      8 /* nested paging */
#define XEN_DOMINF_hap	      (1U << _XEN_DOMINF_hap)
/* The SHUTDOWN_* reason sits in bits 16 and up. */
#define XEN_DOMINF_shutdownmask	 255
#define XEN_DOMINF_shutdownshift 16

/* max_vcpu_id of a domain without vCPUs. */
#define XEN_INVALID_MAX_VCPU_ID (~0U)

/* arch_config.emulation_flags: the devices the hypervisor emulates for an x86 domain. */
#define _XEN_X86_EMU_LAPIC    0
#define XEN_X86_EMU_LAPIC     (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET     1
#define XEN_X86_EMU_HPET      (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM	      2
#define XEN_X86_EMU_PM	      (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC      3
#define XEN_X86_EMU_RTC	      (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC   4
#define XEN_X86_EMU_IOAPIC    (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC      5
#define XEN_X86_EMU_PIC	      (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA      6
#define XEN_X86_EMU_VGA	      (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU    7
#define XEN_X86_EMU_IOMMU     (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT      8
#define XEN_X86_EMU_PIT	      (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ 9
#define XEN_X86_EMU_USE_PIRQ  (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI     10
#define XEN_X86_EMU_VPCI      (1U << _XEN_X86_EMU_VPCI)

/* arch_config.misc_flags: unknown MSRs read as zero and ignore writes instead of #GP. */
#define XEN_X86_MSR_RELAXED (1U << 0)

#ifndef __ASSEMBLER__

/* The toolstack's 16-byte name for a domain (a UUID under xl). */
typedef uint8_t xen_domain_handle_t[16];

struct xen_arch_domainconfig {
	uint32_t emulation_flags; /* XEN_X86_EMU_* */
	uint32_t misc_flags;	  /* XEN_X86_MSR_* */
};

/* Every field is an output; the domain asked for is in the xen_domctl header. */
struct xen_domctl_getdomaininfo {
	domid_t domain; /* the domain described: the first with an id at or above the one asked */
	uint16_t pad1;
	uint32_t flags; /* XEN_DOMINF_*, and the shutdown reason */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame; /* the guest frame of its shared_info, ~0 if not placed */
	uint64_t cpu_time;	    /* ns its vCPUs have been on a CPU, all together */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits; /* width of its guest-physical address space */
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};

struct xen_domctl {
	uint32_t cmd;		    /* XEN_DOMCTL_* */
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_getdomaininfo getdomaininfo;
		uint8_t pad[128];
	} u;
};

#endif /* __ASSEMBLER__ */
#endif
