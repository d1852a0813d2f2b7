/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: a round-robin run queue per physical CPU, time slices from the LAPIC timer.
 * A vCPU stays on the CPU it was placed on.
 */
#ifndef LAMINA_SCHED_H
#define LAMINA_SCHED_H

struct vcpu;

void sched_init(void);
/* Places a new vCPU on a CPU (round robin) and queues it if runnable. */
void sched_add_vcpu(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
/* The running vCPU waits for an event. */
void vcpu_block(struct vcpu *v);
/* Takes a vCPU down (HLT with interrupts off, VCPUOP_down); the last one powers its domain off. */
void vcpu_down(struct vcpu *v);
/* VCPUOP_up: an initialised vCPU that is down starts running. */
void vcpu_up(struct vcpu *v);
/* The running vCPU gives up the rest of its slice. */
void vcpu_yield(struct vcpu *v);
/* A running vCPU must leave guest mode soon (an event to inject, a pause). */
void sched_kick(struct vcpu *v);
/* Clears a block the running vCPU just entered (a poll found an event already pending). */
void vcpu_unblock_self(struct vcpu *v);
/* Each CPU ends its boot here. */
__attribute__((noreturn)) void scheduler_loop(void);

/* Architecture hook: runs v on this CPU until it must be descheduled. */
void arch_vcpu_run(struct vcpu *v);
/* Architecture hook: v has left this CPU for good; drop any lazily held state of it. */
void arch_vcpu_leave_cpu(struct vcpu *v);
/* Makes a vCPU of a stopping domain pass through its CPU's loop so it leaves from there. */
void sched_evict(struct vcpu *v);

#endif
