// SPDX-License-Identifier: MIT
/* vcpu_op: where a vCPU's vcpu_info lives, and whether a vCPU is up. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <lamina/pvclock.h>
#include <lamina/vcpu_timer.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/vcpu.h>
#include <lamina/sched.h>
#include <asm/svm.h>

/*
 * Moves the vcpu_info to a guest page. The old contents come along and every event is marked
 * pending, as Xen does, so that nothing raised during the move is lost.
 */
static long register_vcpu_info(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
	struct vcpu_register_vcpu_info r;
	struct vcpu_info *info;

	if (copy_from_guest(caller, &r, arg, sizeof(r)) < 0)
		return -EFAULT;
	/* Xen's answer (since XSA-327) to a record that would cross the page or sit misaligned. */
	if (r.offset > 4096 - sizeof(struct vcpu_info) ||
	    (r.offset & (_Alignof(struct vcpu_info) - 1)))
		return -ENXIO;
	if (v->vcpu_info_registered)
		return -EINVAL;
	if (v != caller && v->state != VCPU_DOWN)
		return -EINVAL;
	info = domain_gpa_to_host(v->domain, (r.mfn << 12) + r.offset, true);
	if (!info || r.mfn >= (1ULL << 36))
		return -EINVAL;
	if (v->vcpu_info)
		memcpy(info, v->vcpu_info, sizeof(*info));
	else
		memset(info, 0, sizeof(*info));
	info->evtchn_upcall_pending = 1;
	__atomic_store_n(&info->evtchn_pending_sel, ~0ULL, __ATOMIC_RELEASE);
	v->vcpu_info = info;
	v->vcpu_info_registered = true;
	vcpu_time_update(v);
	return 0;
}

static long set_periodic(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_periodic_timer t;

	if (copy_from_guest(caller, &t, arg, sizeof(t)) < 0)
		return -EFAULT;
	return vcpu_set_periodic(v, t.period_ns);
}

/* Single-shot timers belong to the calling vCPU only, as in Xen. */
static long set_singleshot(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_singleshot_timer t;

	if (v != caller)
		return -EINVAL;
	if (copy_from_guest(caller, &t, arg, sizeof(t)) < 0)
		return -EFAULT;
	return vcpu_set_singleshot(v, t.timeout_abs_ns, t.flags & VCPU_SSHOTTMR_future);
}

static long initialise(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
	struct vcpu_hvm_context ctx;
	long rc;

	if (copy_from_guest(caller, &ctx, arg, sizeof(ctx)) < 0)
		return -EFAULT;
	if (v->initialised)
		return -EEXIST;
	rc = svm_vcpu_set_hvm_context(v, &ctx);
	if (rc == 0)
		v->initialised = true;
	return rc;
}

static long up(struct vcpu *v)
{
	if (!v->initialised)
		return -EINVAL;
	vcpu_up(v);
	return 0;
}

long do_vcpu_op(struct vcpu *v, const uint64_t args[5])
{
	unsigned int cmd = (unsigned int)args[0];
	unsigned int id = (unsigned int)args[1];
	struct domain *d = v->domain;

	if (id >= d->nr_vcpus || !d->vcpus[id])
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, d->vcpus[id], args[2]);
	case VCPUOP_initialise:
		return initialise(v, d->vcpus[id], args[2]);
	case VCPUOP_up:
		return up(d->vcpus[id]);
	case VCPUOP_down:
		vcpu_down(d->vcpus[id]);
		return 0;
	case VCPUOP_is_up:
		return d->vcpus[id]->state != VCPU_DOWN;
	case VCPUOP_set_periodic_timer:
		return set_periodic(v, d->vcpus[id], args[2]);
	case VCPUOP_stop_periodic_timer:
		vcpu_stop_periodic(d->vcpus[id]);
		return 0;
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(v, d->vcpus[id], args[2]);
	case VCPUOP_stop_singleshot_timer:
		if (d->vcpus[id] != v)
			return -EINVAL;
		vcpu_stop_singleshot(v);
		return 0;
	default:
		return -ENOSYS;
	}
}
