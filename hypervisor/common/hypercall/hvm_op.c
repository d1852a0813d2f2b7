// SPDX-License-Identifier: MIT
/* hvm_op: HVM parameters and the few HVM operations a PVH guest uses. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <lamina/sched.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <asm/time.h>

enum param_access {
	PARAM_TOOLSTACK = 0, /* only another (privileged) domain may touch it */
	PARAM_GUEST_READ = 1,
	PARAM_GUEST_RW = 3,
	PARAM_DEPRECATED = 4, /* refused to everyone */
};

/*
 * What a domain may do with its own parameters; everything else belongs to the toolstack.
 * The same split as Xen's hvm_allow_{get,set}_param.
 */
static const uint8_t param_access[HVM_NR_PARAMS] = {
	[HVM_PARAM_CALLBACK_IRQ] = PARAM_GUEST_RW,
	[HVM_PARAM_STORE_PFN] = PARAM_GUEST_READ,
	[HVM_PARAM_STORE_EVTCHN] = PARAM_GUEST_RW,
	[HVM_PARAM_CONSOLE_PFN] = PARAM_GUEST_READ,
	[HVM_PARAM_CONSOLE_EVTCHN] = PARAM_GUEST_RW,
	[HVM_PARAM_VM86_TSS] = PARAM_GUEST_RW,
	[HVM_PARAM_VM86_TSS_SIZED] = PARAM_GUEST_RW,
	[HVM_PARAM_ACPI_IOPORTS_LOCATION] = PARAM_GUEST_RW,
	[HVM_PARAM_VM_GENERATION_ID_ADDR] = PARAM_GUEST_RW,
	[HVM_PARAM_ALTP2M] = PARAM_GUEST_READ,
	[HVM_PARAM_X87_FIP_WIDTH] = PARAM_GUEST_RW,
	[HVM_PARAM_PAE_ENABLED] = PARAM_DEPRECATED,
	[HVM_PARAM_DM_DOMAIN] = PARAM_DEPRECATED,
	[HVM_PARAM_MEMORY_EVENT_CR0] = PARAM_DEPRECATED,
	[HVM_PARAM_MEMORY_EVENT_CR3] = PARAM_DEPRECATED,
	[HVM_PARAM_MEMORY_EVENT_CR4] = PARAM_DEPRECATED,
	[HVM_PARAM_MEMORY_EVENT_INT3] = PARAM_DEPRECATED,
	[HVM_PARAM_MEMORY_EVENT_SINGLE_STEP] = PARAM_DEPRECATED,
	[HVM_PARAM_MEMORY_EVENT_MSR] = PARAM_DEPRECATED,
	[HVM_PARAM_NESTEDHVM] = PARAM_DEPRECATED,
	[HVM_PARAM_BUFIOREQ_EVTCHN] = PARAM_DEPRECATED,
};

static long param_op(struct vcpu *v, uint64_t arg, bool set)
{
	struct xen_hvm_param p;
	struct domain *d;
	long err = 0;
	unsigned int need = set ? PARAM_GUEST_RW : PARAM_GUEST_READ;

	if (copy_from_guest(v, &p, arg, sizeof(p)) < 0)
		return -EFAULT;
	if (p.index >= HVM_NR_PARAMS)
		return -EINVAL;
	d = hypercall_target_domain(v, p.domid, &err);
	if (!d)
		return err;
	if (param_access[p.index] == PARAM_DEPRECATED)
		return -EINVAL;
	/* Even the initial domain may not touch its own toolstack-owned parameters. */
	if (d == v->domain && (param_access[p.index] & need) != need)
		return -EPERM;
	if (set) {
		d->hvm_params[p.index] = p.value;
		return 0;
	}
	p.value = d->hvm_params[p.index];
	return copy_to_guest(v, arg, &p, sizeof(p)) < 0 ? -EFAULT : 0;
}

/*
 * Where events for one vCPU are delivered (as an interrupt vector). Event channels use it to
 * deliver; here it is validated and recorded.
 */
static long set_upcall_vector(struct vcpu *v, uint64_t arg)
{
	struct xen_hvm_evtchn_upcall_vector op;
	struct domain *d = v->domain;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.vector < 0x10)
		return -EINVAL; /* exception vectors cannot carry events */
	if (op.vcpu >= d->nr_vcpus || !d->vcpus[op.vcpu])
		return -ENOENT;
	d->vcpus[op.vcpu]->upcall_vector = op.vector;
	/* Events that arrived before there was a vector are delivered now. */
	sched_kick(d->vcpus[op.vcpu]);
	return 0;
}

static long get_time(struct vcpu *v, uint64_t arg)
{
	struct xen_hvm_get_time t = {.now = now_ns()};

	return copy_to_guest(v, arg, &t, sizeof(t)) < 0 ? -EFAULT : 0;
}

long do_hvm_op(struct vcpu *v, const uint64_t args[5])
{
	switch (args[0]) {
	case HVMOP_set_param:
		return param_op(v, args[1], true);
	case HVMOP_get_param:
		return param_op(v, args[1], false);
	case HVMOP_set_evtchn_upcall_vector:
		return set_upcall_vector(v, args[1]);
	case HVMOP_get_time:
		return get_time(v, args[1]);
	default:
		/* pagetable_dying among them: with nested paging there is nothing to do, as Xen
		 * says. */
		return -ENOSYS;
	}
}
