// SPDX-License-Identifier: MIT
/* sched_op: yield, block, and shutting a domain down. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/sched.h>
#include <public/sched.h>

static long shutdown_self(struct vcpu *v, uint64_t arg)
{
	struct sched_shutdown s;

	if (copy_from_guest(v, &s, arg, sizeof(s)) < 0)
		return -EFAULT;
	/* Xen keeps the reason as a byte and does not judge it. */
	domain_shutdown(v->domain, (uint8_t)s.reason);
	return 0;
}

static long shutdown_remote(struct vcpu *v, uint64_t arg)
{
	struct sched_remote_shutdown s;
	struct domain *d;
	long err = 0;

	if (copy_from_guest(v, &s, arg, sizeof(s)) < 0)
		return -EFAULT;
	d = hypercall_target_domain(v, s.domain_id, &err);
	if (!d)
		return err;
	domain_shutdown(d, (uint8_t)s.reason);
	return 0;
}

long do_sched_op(struct vcpu *v, const uint64_t args[5])
{
	switch ((unsigned int)args[0]) {
	case SCHEDOP_yield:
		vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		vcpu_block(v);
		return 0;
	case SCHEDOP_shutdown:
		return shutdown_self(v, args[1]);
	case SCHEDOP_remote_shutdown:
		return shutdown_remote(v, args[1]);
	default:
		return -ENOSYS;
	}
}
