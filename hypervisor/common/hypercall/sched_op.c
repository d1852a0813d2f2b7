// SPDX-License-Identifier: MIT
/* sched_op: yield, block, and shutting a domain down. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/sched.h>
#include <lamina/vcpu_timer.h>
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

/*
 * Unlike most calls that name a domain, Xen looks the id up as given (DOMID_SELF names nothing)
 * and lets only a privileged caller through, even for itself.
 */
static long shutdown_remote(struct vcpu *v, uint64_t arg)
{
	struct sched_remote_shutdown s;
	struct domain *d;

	if (copy_from_guest(v, &s, arg, sizeof(s)) < 0)
		return -EFAULT;
	d = domain_by_id(s.domain_id);
	if (!d)
		return -ESRCH;
	if (!v->domain->is_privileged)
		return -EPERM;
	domain_shutdown(d, (uint8_t)s.reason);
	return 0;
}

#define POLL_MAX_PORTS 128

/*
 * SCHEDOP_poll: sleep until one of the ports is pending (any event of the domain when several
 * are named), the upcall is pending, or the absolute timeout passes. The vCPU is marked polling
 * and blocked before the ports are checked, so an event raised meanwhile wakes it. As in Xen's
 * do_poll, a pending upcall ends the poll before the ports are looked at, and the ports are
 * judged in order: a pending one ends it, an invalid or unbound one is -EINVAL.
 */
static long poll(struct vcpu *v, uint64_t arg)
{
	struct sched_poll p;
	uint32_t ports[POLL_MAX_PORTS];

	if (copy_from_guest(v, &p, arg, sizeof(p)) < 0)
		return -EFAULT;
	if (p.nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest(v, ports, p.ports, p.nr_ports * sizeof(ports[0])) < 0)
		return -EFAULT;
	/* The hardware domain never sleeps in the hypervisor: its poll returns at once. */
	if (v->domain->is_hardware)
		return 0;
	v->poll_port = p.nr_ports == 1 ? ports[0] : 0;
	__atomic_store_n(&v->polling, true, __ATOMIC_SEQ_CST);
	vcpu_block(v);
	if (vcpu_upcall_pending(v)) {
		v->polling = false;
		return 0;
	}
	for (uint32_t i = 0; i < p.nr_ports; i++) {
		int rc = evtchn_poll_port(v->domain, ports[i]);

		if (rc != 0) {
			v->polling = false;
			vcpu_unblock_self(v);
			return rc < 0 ? rc : 0;
		}
	}
	if (p.timeout)
		vcpu_set_poll_timeout(v, p.timeout);
	return 0;
}

static long block(struct vcpu *v)
{
	/* Blocking enables event delivery, as Xen's SCHEDOP_block does. */
	if (v->vcpu_info)
		__atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
	vcpu_block(v);
	return 0;
}

long do_sched_op(struct vcpu *v, const uint64_t args[5])
{
	switch ((unsigned int)args[0]) {
	case SCHEDOP_yield:
		vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		return block(v);
	case SCHEDOP_poll:
		return poll(v, args[1]);
	case SCHEDOP_shutdown:
		return shutdown_self(v, args[1]);
	case SCHEDOP_remote_shutdown:
		return shutdown_remote(v, args[1]);
	default:
		return -ENOSYS;
	}
}

long do_set_timer_op(struct vcpu *v, const uint64_t args[5])
{
	return vcpu_set_timer_op(v, args[0]);
}
