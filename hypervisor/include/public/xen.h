/* SPDX-License-Identifier: MIT */
/*
 * Lamina's statement of the Xen 4.17 guest ABI, x86-64 only: basic types, hypercall numbers,
 * reserved domain ids, VIRQs and the shared_info / vcpu_info pages. Every component includes
 * these headers, so they must stay free of hypervisor internals and compile in a freestanding
 * guest, in dom0 userspace and on the host alike. tests/abi checks every number and layout
 * against Debian's libxen-dev.
 */
#ifndef LAMINA_PUBLIC_XEN_H
#define LAMINA_PUBLIC_XEN_H

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef uint16_t domid_t;
typedef uint64_t xen_pfn_t;
typedef uint64_t xen_ulong_t;

/*
 * A guest handle is a guest-virtual address in the caller's address space. Xen wraps it in a
 * struct holding a pointer; on x86-64 that is the same eight bytes.
 */
typedef uint64_t guest_handle_t;
#define guest_handle_of(ptr) ((guest_handle_t)(uintptr_t)(ptr))
#endif

/* Hypercall numbers (RAX on VMMCALL; stub index in the hypercall page). */
#define __HYPERVISOR_set_trap_table		   0
#define __HYPERVISOR_mmu_update			   1
#define __HYPERVISOR_set_gdt			   2
#define __HYPERVISOR_stack_switch		   3
#define __HYPERVISOR_set_callbacks		   4
#define __HYPERVISOR_fpu_taskswitch		   5
#define __HYPERVISOR_sched_op_compat		   6
#define __HYPERVISOR_platform_op		   7
#define __HYPERVISOR_set_debugreg		   8
#define __HYPERVISOR_get_debugreg		   9
#define __HYPERVISOR_update_descriptor		   10
#define __HYPERVISOR_memory_op			   12
#define __HYPERVISOR_multicall			   13
#define __HYPERVISOR_update_va_mapping		   14
#define __HYPERVISOR_set_timer_op		   15
#define __HYPERVISOR_event_channel_op_compat	   16
#define __HYPERVISOR_xen_version		   17
#define __HYPERVISOR_console_io			   18
#define __HYPERVISOR_physdev_op_compat		   19
#define __HYPERVISOR_grant_table_op		   20
#define __HYPERVISOR_vm_assist			   21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret			   23
#define __HYPERVISOR_vcpu_op			   24
#define __HYPERVISOR_set_segment_base		   25
#define __HYPERVISOR_mmuext_op			   26
#define __HYPERVISOR_xsm_op			   27
#define __HYPERVISOR_nmi_op			   28
#define __HYPERVISOR_sched_op			   29
#define __HYPERVISOR_callback_op		   30
#define __HYPERVISOR_xenoprof_op		   31
#define __HYPERVISOR_event_channel_op		   32
#define __HYPERVISOR_physdev_op			   33
#define __HYPERVISOR_hvm_op			   34
#define __HYPERVISOR_sysctl			   35
#define __HYPERVISOR_domctl			   36
#define __HYPERVISOR_kexec_op			   37
#define __HYPERVISOR_tmem_op			   38
#define __HYPERVISOR_argo_op			   39
#define __HYPERVISOR_xenpmu_op			   40
#define __HYPERVISOR_dm_op			   41
#define __HYPERVISOR_hypfs_op			   42
/* Size of Xen's dispatch table; the hypercall page has this many 32-byte stubs. */
#define NR_HYPERCALLS 64

/* Virtual interrupts, bound to ports with EVTCHNOP_bind_virq. */
#define VIRQ_TIMER	0
#define VIRQ_DEBUG	1
#define VIRQ_CONSOLE	2
#define VIRQ_DOM_EXC	3
#define VIRQ_TBUF	4
#define VIRQ_DEBUGGER	6
#define VIRQ_XENOPROF	7
#define VIRQ_CON_RING	8
#define VIRQ_PCPU_STATE 9
#define VIRQ_MEM_EVENT	10
#define VIRQ_ARGO	11
#define VIRQ_ENOMEM	12
#define VIRQ_XENPMU	13
#define NR_VIRQS	24

/* console_io sub-ops. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read	1

/* vm_assist commands and types. */
#define VMASST_CMD_enable		 0
#define VMASST_CMD_disable		 1
#define VMASST_TYPE_runstate_update_flag 5

/* Domain ids at and above DOMID_FIRST_RESERVED name no real domain. */
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF	     0x7FF0U
#define DOMID_IO	     0x7FF1U
#define DOMID_XEN	     0x7FF2U
#define DOMID_COW	     0x7FF3U
#define DOMID_INVALID	     0x7FF4U
#define DOMID_IDLE	     0x7FFFU

/* vCPUs whose vcpu_info lives in shared_info until they register their own. */
#define XEN_LEGACY_MAX_VCPUS 32

#ifndef __ASSEMBLER__

/* pvclock: system time = system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32. */
struct vcpu_time_info {
	uint32_t version; /* odd while the hypervisor updates the record */
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time; /* ns since boot at tsc_timestamp */
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

struct arch_vcpu_info {
	uint64_t cr2;
	uint64_t pad;
};

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};

struct arch_shared_info {
	uint64_t max_pfn;
	xen_pfn_t pfn_to_mfn_frame_list_list;
	uint64_t nmi_reason;
	uint64_t p2m_cr3;
	uint64_t p2m_vaddr;
	uint64_t p2m_generation;
};

/* One page, placed in the guest's physmap with XENMEM_add_to_physmap(XENMAPSPACE_shared_info). */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};

#endif /* __ASSEMBLER__ */
#endif
