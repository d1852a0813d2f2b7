/* SPDX-License-Identifier: MIT */
/* A vCPU's timers: single-shot, periodic (both raise VIRQ_TIMER) and the SCHEDOP_poll timeout. */
#ifndef LAMINA_VCPU_TIMER_H
#define LAMINA_VCPU_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_stop(struct vcpu *v);

/* set_timer_op: 0 stops; a past deadline fires at once; one absurdly far ahead in 100 ms. */
long vcpu_set_timer_op(struct vcpu *v, uint64_t timeout_ns);
/*
 * VCPUOP_set_singleshot_timer: a deadline already past raises VIRQ_TIMER at once; `future`
 * (VCPU_SSHOTTMR_future) is ignored, as Xen 4.17.2 and later ignore it.
 */
long vcpu_set_singleshot(struct vcpu *v, uint64_t timeout_ns, bool future);
void vcpu_stop_singleshot(struct vcpu *v);
/* VCPUOP_set_periodic_timer: period at least 1 ms; the first event is due at once. */
long vcpu_set_periodic(struct vcpu *v, uint64_t period_ns);
void vcpu_stop_periodic(struct vcpu *v);
void vcpu_set_poll_timeout(struct vcpu *v, uint64_t timeout_ns);

#endif
