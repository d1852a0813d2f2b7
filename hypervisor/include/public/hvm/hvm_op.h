/* SPDX-License-Identifier: MIT */
/* hvm_op sub-ops used by PVH and HVM guests and their toolstack. */
#ifndef LAMINA_PUBLIC_HVM_HVM_OP_H
#define LAMINA_PUBLIC_HVM_HVM_OP_H

#include "../xen.h"

#define HVMOP_set_param		       0
#define HVMOP_get_param		       1
#define HVMOP_flush_tlbs	       5
#define HVMOP_pagetable_dying	       9
#define HVMOP_get_time		       10
#define HVMOP_xentrace		       11
#define HVMOP_set_mem_access	       12
#define HVMOP_get_mem_access	       13
#define HVMOP_get_mem_type	       15
#define HVMOP_set_evtchn_upcall_vector 23
#define HVMOP_guest_request_vm_event   24
#define HVMOP_altp2m		       25

/* Memory types reported by HVMOP_get_mem_type. */
#define HVMMEM_ram_rw	    0
#define HVMMEM_ram_ro	    1
#define HVMMEM_mmio_dm	    2
#define HVMMEM_unused	    3
#define HVMMEM_ioreq_server 4

#ifndef __ASSEMBLER__

/* set_param / get_param; index is a HVM_PARAM_* of hvm/params.h. */
struct xen_hvm_param {
	domid_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};

struct xen_hvm_pagetable_dying {
	domid_t domid;
	uint16_t pad[3];
	uint64_t gpa; /* of the top-level page table going away */
};

struct xen_hvm_get_time {
	uint64_t now; /* out: system time, ns */
};

struct xen_hvm_get_mem_type {
	domid_t domid;
	uint16_t mem_type; /* out: HVMMEM_* */
	uint16_t pad[2];
	uint64_t pfn;
};

/*
 * Per-vCPU upcall vector: events for vcpu arrive as this IDT vector, and the guest EOIs its
 * local APIC (unlike with HVM_PARAM_CALLBACK_IRQ's vector type).
 */
struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
};

#endif /* __ASSEMBLER__ */
#endif
