// SPDX-License-Identifier: MIT
/*
 * event_channel_op: copies each sub-op's argument in, calls the event channel object, copies
 * results out. One table gives each sub-op its argument size and handler.
 */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>

/* Names the domain a sub-op acts on: itself, or any domain for a privileged caller. */
static struct domain *target(struct vcpu *v, domid_t domid, long *err)
{
	return hypercall_target_domain(v, domid, err);
}

static long op_alloc_unbound(struct vcpu *v, void *arg)
{
	struct evtchn_alloc_unbound *a = arg;
	long err = 0;
	struct domain *d = target(v, a->dom, &err);
	domid_t remote = a->remote_dom == DOMID_SELF ? v->domain->domid : a->remote_dom;

	return d ? evtchn_alloc_unbound(d, remote, &a->port) : err;
}

static long op_bind_interdomain(struct vcpu *v, void *arg)
{
	struct evtchn_bind_interdomain *b = arg;

	return evtchn_bind_interdomain(v->domain, b->remote_dom, b->remote_port, &b->local_port);
}

static long op_bind_virq(struct vcpu *v, void *arg)
{
	struct evtchn_bind_virq *b = arg;

	return evtchn_bind_virq(v->domain, b->virq, b->vcpu, &b->port);
}

static long op_bind_ipi(struct vcpu *v, void *arg)
{
	struct evtchn_bind_ipi *b = arg;

	return evtchn_bind_ipi(v->domain, b->vcpu, &b->port);
}

static long op_close(struct vcpu *v, void *arg)
{
	return evtchn_close(v->domain, ((struct evtchn_close *)arg)->port);
}

static long op_send(struct vcpu *v, void *arg)
{
	return evtchn_send(v->domain, ((struct evtchn_send *)arg)->port);
}

static long op_status(struct vcpu *v, void *arg)
{
	struct evtchn_status *s = arg;
	long err = 0;
	struct domain *d = target(v, s->dom, &err);

	return d ? evtchn_status(d, s->port, s) : err;
}

static long op_bind_vcpu(struct vcpu *v, void *arg)
{
	struct evtchn_bind_vcpu *b = arg;

	return evtchn_bind_vcpu(v->domain, b->port, b->vcpu);
}

static long op_unmask(struct vcpu *v, void *arg)
{
	return evtchn_unmask(v->domain, ((struct evtchn_unmask *)arg)->port);
}

static long op_reset(struct vcpu *v, void *arg)
{
	long err = 0;
	struct domain *d = target(v, ((struct evtchn_reset *)arg)->dom, &err);

	return d ? evtchn_reset(d) : err;
}

/*
 * Xen resumes a preempted reset with reset_cont; ours always completes in one call, so there is
 * never one to resume, which Xen answers with -EBUSY (after its domain and permission checks).
 */
static long op_reset_cont(struct vcpu *v, void *arg)
{
	long err = 0;
	struct domain *d = target(v, ((struct evtchn_reset *)arg)->dom, &err);

	return d ? -EBUSY : err;
}

struct evtchn_op_desc {
	size_t size;	/* 0: no such sub-op here */
	bool copy_back; /* results go back to the guest */
	long (*fn)(struct vcpu *v, void *arg);
};

/*
 * FIFO sub-ops (init_control, expand_array, set_priority) are absent: -ENOSYS tells guests to
 * keep the 2-level ABI, as Linux does on its own.
 */
static const struct evtchn_op_desc evtchn_ops[] = {
	[EVTCHNOP_alloc_unbound] = {sizeof(struct evtchn_alloc_unbound), true, op_alloc_unbound},
	[EVTCHNOP_bind_interdomain] = {sizeof(struct evtchn_bind_interdomain), true,
				       op_bind_interdomain},
	[EVTCHNOP_bind_virq] = {sizeof(struct evtchn_bind_virq), true, op_bind_virq},
	[EVTCHNOP_bind_ipi] = {sizeof(struct evtchn_bind_ipi), true, op_bind_ipi},
	[EVTCHNOP_close] = {sizeof(struct evtchn_close), false, op_close},
	[EVTCHNOP_send] = {sizeof(struct evtchn_send), false, op_send},
	[EVTCHNOP_status] = {sizeof(struct evtchn_status), true, op_status},
	[EVTCHNOP_bind_vcpu] = {sizeof(struct evtchn_bind_vcpu), false, op_bind_vcpu},
	[EVTCHNOP_unmask] = {sizeof(struct evtchn_unmask), false, op_unmask},
	[EVTCHNOP_reset] = {sizeof(struct evtchn_reset), false, op_reset},
	[EVTCHNOP_reset_cont] = {sizeof(struct evtchn_reset), false, op_reset_cont},
};

long do_event_channel_op(struct vcpu *v, const uint64_t args[5])
{
	uint64_t cmd = args[0];
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_status status;
		uint8_t bytes[64];
	} buf;
	const struct evtchn_op_desc *op;
	long rc;

	if (cmd >= ARRAY_SIZE(evtchn_ops) || !evtchn_ops[cmd].fn)
		return -ENOSYS;
	op = &evtchn_ops[cmd];
	if (copy_from_guest(v, &buf, args[1], op->size) < 0)
		return -EFAULT;
	rc = op->fn(v, &buf);
	if (rc == 0 && op->copy_back && copy_to_guest(v, args[1], &buf, op->size) < 0)
		return -EFAULT;
	return rc;
}
