/* SPDX-License-Identifier: MIT */
/* vcpu_op sub-ops: vCPU state, runstate accounting, PV timers, vcpu_info placement. */
#ifndef LAMINA_PUBLIC_VCPU_H
#define LAMINA_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise		      0
#define VCPUOP_up			      1
#define VCPUOP_down			      2
#define VCPUOP_is_up			      3
#define VCPUOP_get_runstate_info	      4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer	      6
#define VCPUOP_stop_periodic_timer	      7
#define VCPUOP_set_singleshot_timer	      8
#define VCPUOP_stop_singleshot_timer	      9
#define VCPUOP_register_vcpu_info	      10
#define VCPUOP_send_nmi			      11
#define VCPUOP_get_physid		      12
#define VCPUOP_register_vcpu_time_memory_area 13

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/*
 * Set in state_entry_time of a registered runstate area while the hypervisor rewrites it (with
 * VMASST_TYPE_runstate_update_flag enabled), so that a reader can retry.
 */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

/* set_singleshot_timer flags: fail with -ETIME if the timeout is already in the past. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLER__

struct vcpu_runstate_info {
	int32_t state;		   /* RUNSTATE_* */
	uint64_t state_entry_time; /* system time (ns) the current state began */
	uint64_t time[4];	   /* ns spent in each RUNSTATE_* */
};

/* The hypervisor keeps the guest-virtual area up to date at every state change. */
struct vcpu_register_runstate_memory_area {
	guest_handle_t addr; /* struct vcpu_runstate_info */
};

struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* system time */
	uint32_t flags;		 /* VCPU_SSHOTTMR_* */
};

/* Moves this vCPU's vcpu_info out of shared_info into the given guest frame. */
struct vcpu_register_vcpu_info {
	uint64_t mfn;	 /* guest frame number */
	uint32_t offset; /* of the vcpu_info within that frame */
	uint32_t rsvd;	 /* must be zero */
};

struct vcpu_get_physid {
	uint64_t phys_id; /* bits 0-31 APIC id, bits 32-63 ACPI id */
};

struct vcpu_register_time_memory_area {
	guest_handle_t addr; /* struct vcpu_time_info */
};

#endif /* __ASSEMBLER__ */
#endif
