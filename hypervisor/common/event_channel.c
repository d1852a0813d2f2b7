// SPDX-License-Identifier: MIT
/* Event channel ports and delivery (see lamina/event.h). */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/evtchn_2l.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/sched.h>
#include <asm/spinlock.h>

static spinlock_t evtchn_lock = SPINLOCK_INIT;

/* VIRQs delivered to one vCPU; all others are global and bound on vCPU 0 only. */
static bool virq_is_per_vcpu(uint32_t virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG || virq == VIRQ_XENOPROF ||
	       virq == VIRQ_XENPMU;
}

int evtchn_init(struct domain *d)
{
	d->evtchns = xzalloc(EVTCHN_MAX_PORTS * sizeof(struct evtchn));
	if (!d->evtchns)
		return -ENOMEM;
	d->evtchns[0].state = ECS_RESERVED;
	d->evtchn_valid = EVTCHN_BUCKET_PORTS;
	return 0;
}

static struct evtchn *port_chn(struct domain *d, uint32_t port)
{
	if (!d->evtchns || port >= d->evtchn_valid)
		return NULL;
	return &d->evtchns[port];
}

static int get_free_port(struct domain *d)
{
	for (uint32_t p = 1; p < EVTCHN_MAX_PORTS; p++) {
		if (d->evtchns[p].state != ECS_FREE)
			continue;
		if (p >= d->evtchn_valid)
			d->evtchn_valid = (p / EVTCHN_BUCKET_PORTS + 1) * EVTCHN_BUCKET_PORTS;
		return (int)p;
	}
	return -ENOSPC;
}

static struct vcpu *notify_vcpu(struct domain *d, const struct evtchn *chn)
{
	return d->vcpus[chn->notify_vcpu < d->nr_vcpus ? chn->notify_vcpu : 0];
}

/* Makes sure the vCPU notices: wake it, or pull it out of the guest to inject the upcall. */
static void vcpu_kick_events(struct vcpu *v)
{
	if (v->state == VCPU_BLOCKED)
		vcpu_wake(v);
	else
		sched_kick(v);
}

static void wake_pollers(struct domain *d, uint32_t port)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (v->polling && (v->poll_port == 0 || v->poll_port == port)) {
			v->polling = false;
			vcpu_wake(v);
		}
	}
}

/* Caller holds evtchn_lock. */
static void mark_pending(struct domain *d, uint32_t port)
{
	struct vcpu *v = notify_vcpu(d, &d->evtchns[port]);

	if (d->state != DOMAIN_RUNNING)
		return;
	if (evtchn_2l_set_pending(d->shared_info, v->vcpu_info, port))
		vcpu_kick_events(v);
	wake_pollers(d, port);
}

static void free_port(struct domain *d, uint32_t port)
{
	/* A stale pending bit would fire on whoever binds the port next. */
	evtchn_2l_clear_pending(d->shared_info, port);
	d->evtchns[port] = (struct evtchn){.state = ECS_FREE};
}

int evtchn_alloc_unbound(struct domain *d, domid_t remote, uint32_t *port)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	int p = get_free_port(d);

	if (p > 0) {
		d->evtchns[p] = (struct evtchn){.state = ECS_UNBOUND};
		d->evtchns[p].u.unbound_remote = remote;
		*port = (uint32_t)p;
	}
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return p < 0 ? p : 0;
}

int evtchn_bind_interdomain(struct domain *ld, domid_t remote, uint32_t rport, uint32_t *lport)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	struct domain *rd = remote == DOMID_SELF ? ld : domain_by_id(remote);
	struct evtchn *rchn;
	int p, rc = 0;

	if (!rd || rd->state != DOMAIN_RUNNING) {
		rc = -ESRCH;
		goto out;
	}
	rchn = port_chn(rd, rport);
	if (!rchn || rchn->state != ECS_UNBOUND || rchn->u.unbound_remote != ld->domid) {
		rc = -EINVAL;
		goto out;
	}
	p = get_free_port(ld);
	if (p < 0) {
		rc = p;
		goto out;
	}
	ld->evtchns[p] = (struct evtchn){.state = ECS_INTERDOMAIN};
	ld->evtchns[p].u.interdomain.dom = rd;
	ld->evtchns[p].u.interdomain.port = rport;
	rchn->state = ECS_INTERDOMAIN;
	rchn->u.interdomain.dom = ld;
	rchn->u.interdomain.port = (uint32_t)p;
	/* As Xen does: the binder's port starts pending, so its first wait cannot miss anything. */
	mark_pending(ld, (uint32_t)p);
	*lport = (uint32_t)p;
out:
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu, uint32_t *port)
{
	uint64_t flags;
	struct vcpu *v;
	int p;

	if (virq >= NR_VIRQS)
		return -EINVAL;
	if (!virq_is_per_vcpu(virq) && vcpu != 0)
		return -EINVAL;
	if (vcpu >= d->nr_vcpus || !d->vcpus[vcpu])
		return -ENOENT;
	v = d->vcpus[vcpu];
	flags = spin_lock_irqsave(&evtchn_lock);
	if (v->virq_to_port[virq]) {
		spin_unlock_irqrestore(&evtchn_lock, flags);
		return -EEXIST;
	}
	p = get_free_port(d);
	if (p > 0) {
		d->evtchns[p] = (struct evtchn){.state = ECS_VIRQ, .notify_vcpu = (uint16_t)vcpu};
		d->evtchns[p].u.virq = virq;
		v->virq_to_port[virq] = (uint32_t)p;
		*port = (uint32_t)p;
	}
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return p < 0 ? p : 0;
}

int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, uint32_t *port)
{
	uint64_t flags;
	int p;

	if (vcpu >= d->nr_vcpus || !d->vcpus[vcpu])
		return -ENOENT;
	flags = spin_lock_irqsave(&evtchn_lock);
	p = get_free_port(d);
	if (p > 0) {
		d->evtchns[p] = (struct evtchn){.state = ECS_IPI, .notify_vcpu = (uint16_t)vcpu};
		*port = (uint32_t)p;
	}
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return p < 0 ? p : 0;
}

int evtchn_bind_vcpu(struct domain *d, uint32_t port, uint32_t vcpu)
{
	uint64_t flags;
	struct evtchn *chn;
	int rc = 0;

	if (vcpu >= d->nr_vcpus || !d->vcpus[vcpu])
		return -ENOENT;
	flags = spin_lock_irqsave(&evtchn_lock);
	chn = port_chn(d, port);
	if (!chn) {
		rc = -EINVAL;
	} else if (chn->state == ECS_UNBOUND || chn->state == ECS_INTERDOMAIN ||
		   (chn->state == ECS_VIRQ && !virq_is_per_vcpu(chn->u.virq))) {
		chn->notify_vcpu = (uint16_t)vcpu;
	} else {
		rc = -EINVAL;
	}
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

/* Caller holds evtchn_lock. */
static int close_locked(struct domain *d, uint32_t port)
{
	struct evtchn *chn = port_chn(d, port);

	if (!chn || chn->state == ECS_FREE || chn->state == ECS_RESERVED)
		return -EINVAL;
	switch (chn->state) {
	case ECS_VIRQ: {
		/* A global VIRQ is bound on vCPU 0 wherever bind_vcpu has moved its delivery. */
		unsigned int owner = virq_is_per_vcpu(chn->u.virq) ? chn->notify_vcpu : 0;

		d->vcpus[owner]->virq_to_port[chn->u.virq] = 0;
		break;
	}
	case ECS_INTERDOMAIN: {
		/* The other end becomes unbound again, open to us; it is not notified (as Xen). */
		struct domain *rd = chn->u.interdomain.dom;
		struct evtchn *rchn = &rd->evtchns[chn->u.interdomain.port];

		rchn->state = ECS_UNBOUND;
		rchn->u.unbound_remote = d->domid;
		break;
	}
	default:
		break;
	}
	free_port(d, port);
	return 0;
}

int evtchn_close(struct domain *d, uint32_t port)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	int rc = close_locked(d, port);

	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

int evtchn_send(struct domain *d, uint32_t port)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	struct evtchn *chn = port_chn(d, port);
	int rc = 0;

	if (!chn) {
		rc = -EINVAL;
	} else if (chn->state == ECS_INTERDOMAIN) {
		mark_pending(chn->u.interdomain.dom, chn->u.interdomain.port);
	} else if (chn->state == ECS_IPI) {
		mark_pending(d, port);
	} else if (chn->state != ECS_UNBOUND) {
		rc = -EINVAL; /* an unbound port drops the notification silently, as Xen */
	}
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

int evtchn_unmask(struct domain *d, uint32_t port)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	struct evtchn *chn = port_chn(d, port);
	int rc = 0;

	if (!chn) {
		rc = -EINVAL;
	} else {
		struct vcpu *v = notify_vcpu(d, chn);

		if (evtchn_2l_unmask(d->shared_info, v->vcpu_info, port))
			vcpu_kick_events(v);
	}
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

static const uint32_t status_of_state[] = {
	[ECS_FREE] = EVTCHNSTAT_closed,	    [ECS_RESERVED] = EVTCHNSTAT_closed,
	[ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
	[ECS_VIRQ] = EVTCHNSTAT_virq,	    [ECS_IPI] = EVTCHNSTAT_ipi,
};

int evtchn_status(struct domain *d, uint32_t port, struct evtchn_status *st)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	struct evtchn *chn = port_chn(d, port);
	int rc = 0;

	if (!chn) {
		rc = -EINVAL;
		goto out;
	}
	st->status = status_of_state[chn->state];
	st->vcpu = chn->notify_vcpu;
	memset(&st->u, 0, sizeof(st->u));
	if (chn->state == ECS_UNBOUND) {
		st->u.unbound.dom = chn->u.unbound_remote;
	} else if (chn->state == ECS_INTERDOMAIN) {
		st->u.interdomain.dom = chn->u.interdomain.dom->domid;
		st->u.interdomain.port = chn->u.interdomain.port;
	} else if (chn->state == ECS_VIRQ) {
		st->u.virq = chn->u.virq;
	}
out:
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

static void close_all_locked(struct domain *d)
{
	for (uint32_t p = 1; p < d->evtchn_valid; p++)
		if (d->evtchns[p].state != ECS_FREE)
			close_locked(d, p);
}

int evtchn_reset(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);

	close_all_locked(d);
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return 0;
}

void evtchn_destroy(struct domain *d)
{
	uint64_t flags;

	if (!d->evtchns)
		return;
	flags = spin_lock_irqsave(&evtchn_lock);
	close_all_locked(d);
	spin_unlock_irqrestore(&evtchn_lock, flags);
	xfree(d->evtchns, EVTCHN_MAX_PORTS * sizeof(struct evtchn));
	d->evtchns = NULL;
}

bool evtchn_port_pending(struct domain *d, uint32_t port)
{
	return port < EVTCHN_MAX_PORTS && evtchn_2l_is_pending(d->shared_info, port);
}

int evtchn_poll_port(struct domain *d, uint32_t port)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	struct evtchn *chn = port_chn(d, port);
	int rc = -EINVAL;

	if (chn && chn->state != ECS_FREE && chn->state != ECS_RESERVED)
		rc = evtchn_2l_is_pending(d->shared_info, port);
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return rc;
}

void send_vcpu_virq(struct vcpu *v, uint32_t virq)
{
	uint64_t flags = spin_lock_irqsave(&evtchn_lock);
	uint32_t port = v->virq_to_port[virq];

	if (port)
		mark_pending(v->domain, port);
	spin_unlock_irqrestore(&evtchn_lock, flags);
}

void send_global_virq(struct domain *d, uint32_t virq)
{
	send_vcpu_virq(d->vcpus[0], virq);
}

bool vcpu_upcall_pending(const struct vcpu *v)
{
	return v->vcpu_info &&
	       __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST);
}
