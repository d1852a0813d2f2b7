/* SPDX-License-Identifier: MIT */
/* Hypercall dispatch: one table, one handler per hypercall (common/hypercall/). */
#ifndef LAMINA_HYPERCALL_H
#define LAMINA_HYPERCALL_H

#include <stdint.h>

struct vcpu;
struct domain;

typedef long (*hypercall_fn)(struct vcpu *v, const uint64_t args[5]);

long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[5]);
/* Fills guest frame gfn with the 32-byte VMMCALL stubs; 0 or -EINVAL. */
int hypercall_page_install(struct domain *d, uint64_t gfn);

/* Resolves DOMID_SELF and the caller's own id; other domains only for privileged callers. */
struct domain *hypercall_target_domain(struct vcpu *v, uint16_t domid, long *err);

long do_console_io(struct vcpu *v, const uint64_t args[5]);
long do_xen_version(struct vcpu *v, const uint64_t args[5]);
long do_sched_op(struct vcpu *v, const uint64_t args[5]);
long do_hvm_op(struct vcpu *v, const uint64_t args[5]);
long do_memory_op(struct vcpu *v, const uint64_t args[5]);
long do_vcpu_op(struct vcpu *v, const uint64_t args[5]);
long do_grant_table_op(struct vcpu *v, const uint64_t args[5]);
long do_event_channel_op(struct vcpu *v, const uint64_t args[5]);
long do_set_timer_op(struct vcpu *v, const uint64_t args[5]);
long do_domctl(struct vcpu *v, const uint64_t args[5]);

#endif
