// SPDX-License-Identifier: MIT
/*
 * domctl: the control domain pauses, unpauses, inspects and destroys other domains. The checks
 * come in Xen 4.17's order (do_domctl): the argument is read (-EFAULT), its interface version
 * checked (-EACCES), the target looked up (-ESRCH), and only then the caller's privilege
 * (-EPERM), so an unprivileged caller learns whether a domain id exists, as under Xen.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <asm/cpu.h>

/* Xen caps the toolstack's pauses so that repeated calls cannot overflow the pause count. */
#define CONTROLLER_PAUSE_MAX 255
/*
 * Xen 4.17 keeps ~0 as a domain's shutdown code until it shuts down and shifts it into the
 * flags unmasked, so bits 16-31 of a running domain's flags are all set (libxc then reads the
 * reason as 255). Lamina reports the same bits.
 */
#define NO_SHUTDOWN_CODE (~0U)
/* The widest guest-physical address Xen reports (its PADDR_BITS). */
#define MAX_GPADDR_BITS 52

struct domctl_subop {
	long (*handler)(struct vcpu *caller, struct domain *d, struct xen_domctl *op);
	/* The target is the first domain whose id is at or above the one asked (getdomaininfo). */
	bool from_id;
	/* The whole struct goes back to the caller when the handler succeeds. */
	bool copy_back;
};

/* Waits until no vCPU of d is on a CPU: Xen's pausedomain returns only once that holds. */
static void wait_until_descheduled(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		while (__atomic_load_n(&d->vcpus[i]->running, __ATOMIC_ACQUIRE))
			cpu_relax();
}

static long pause_domain(struct vcpu *caller, struct domain *d, struct xen_domctl *op)
{
	unsigned int old = __atomic_load_n(&d->controller_pause_count, __ATOMIC_RELAXED);

	(void)op;
	/* A domain waiting for its own vCPUs to stop would wait forever. */
	if (d == caller->domain)
		return -EINVAL;
	do {
		if (old >= CONTROLLER_PAUSE_MAX)
			return -EOVERFLOW;
	} while (!__atomic_compare_exchange_n(&d->controller_pause_count, &old, old + 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	domain_pause(d);
	wait_until_descheduled(d);
	return 0;
}

/* Only the toolstack's own pauses can be undone: the hypervisor's pauses are not its to lift. */
static long unpause_domain(struct vcpu *caller, struct domain *d, struct xen_domctl *op)
{
	unsigned int old = __atomic_load_n(&d->controller_pause_count, __ATOMIC_RELAXED);

	(void)caller;
	(void)op;
	do {
		if (old == 0)
			return -EINVAL;
	} while (!__atomic_compare_exchange_n(&d->controller_pause_count, &old, old - 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	domain_unpause(d);
	return 0;
}

/*
 * Lamina has no separate kill path: the domain stops as after a poweroff and is freed once its
 * vCPUs have left their CPUs, after which its id is gone (-ESRCH).
 */
static long destroy_domain(struct vcpu *caller, struct domain *d, struct xen_domctl *op)
{
	(void)op;
	if (d == caller->domain)
		return -EINVAL;
	log_info("d%u: destroydomain from d%u: stopping it\n", d->domid, caller->domain->domid);
	domain_shutdown(d, SHUTDOWN_poweroff);
	return 0;
}

/* Xen's hap_paddr_bits: the guest-physical width CPUID 0x80000008 gives, else the physical one. */
static uint8_t guest_paddr_bits(void)
{
	struct cpuid_regs r;
	unsigned int bits;

	cpuid_count(0x80000008, 0, &r);
	bits = (r.eax >> 16) & 0xff;
	if (!bits)
		bits = r.eax & 0xff;
	return (uint8_t)MIN(bits, MAX_GPADDR_BITS);
}

/* Running if any online vCPU is on a CPU, blocked only if every online vCPU is, as in Xen. */
static uint32_t vcpu_flags(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	uint32_t flags = XEN_DOMINF_blocked;

	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		info->cpu_time += __atomic_load_n(&v->cpu_time_ns, __ATOMIC_RELAXED);
		info->max_vcpu_id = v->vcpu_id;
		if (v->state == VCPU_DOWN)
			continue;
		if (v->state != VCPU_BLOCKED)
			flags &= ~XEN_DOMINF_blocked;
		if (__atomic_load_n(&v->running, __ATOMIC_RELAXED))
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	return info->nr_online_vcpus ? flags : 0;
}

static long get_domain_info(struct vcpu *caller, struct domain *d, struct xen_domctl *op)
{
	struct xen_domctl_getdomaininfo *info = &op->u.getdomaininfo;
	unsigned int shutdown_code =
		d->state == DOMAIN_RUNNING ? NO_SHUTDOWN_CODE : d->shutdown_reason;

	(void)caller;
	memset(info, 0, sizeof(*info));
	info->domain = d->domid;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	info->flags = vcpu_flags(d, info);
	/* Every Lamina domain is an HVM guest (PVH, or dom0 on Linux's HVM path) with NPT. */
	info->flags |= XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
	if (d->state == DOMAIN_DEAD)
		info->flags |= XEN_DOMINF_dying;
	if (d->state != DOMAIN_RUNNING)
		info->flags |= XEN_DOMINF_shutdown;
	if (__atomic_load_n(&d->controller_pause_count, __ATOMIC_RELAXED))
		info->flags |= XEN_DOMINF_paused;
	info->flags |= shutdown_code << XEN_DOMINF_shutdownshift;
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	info->shared_info_frame = d->shared_info_gfn;
	info->gpaddr_bits = guest_paddr_bits();
	/* No outstanding, shared or paged memory, no XSM label, no handle, cpupool 0, and no
	 * emulated devices (emulation_flags 0): Lamina has none of these yet. */
	op->domain = d->domid;
	return 0;
}

static const struct domctl_subop subops[] = {
	[XEN_DOMCTL_destroydomain] = {destroy_domain},
	[XEN_DOMCTL_pausedomain] = {pause_domain},
	[XEN_DOMCTL_unpausedomain] = {unpause_domain},
	[XEN_DOMCTL_getdomaininfo] = {get_domain_info, .from_id = true, .copy_back = true},
};

/* Linear in the id range, not in the number of domains: ids are few, and this is rare. */
static struct domain *first_domain_from(domid_t from)
{
	for (unsigned int id = from; id < DOMID_FIRST_RESERVED; id++) {
		struct domain *d = domain_by_id((domid_t)id);

		if (d)
			return d;
	}
	return NULL;
}

/* The target of a sub-op; the id is Xen's own, so DOMID_SELF names no domain here. */
static struct domain *domctl_target(const struct domctl_subop *subop, domid_t domid, long *err)
{
	struct domain *d = domain_by_id(domid);

	if (d)
		return d;
	if (!subop || !subop->from_id) {
		*err = -ESRCH;
		return NULL;
	}
	if (domid >= DOMID_FIRST_RESERVED) {
		*err = -EINVAL;
		return NULL;
	}
	d = first_domain_from(domid);
	if (!d)
		*err = -ESRCH;
	return d;
}

long do_domctl(struct vcpu *v, const uint64_t args[5])
{
	struct xen_domctl op;
	const struct domctl_subop *subop = NULL;
	struct domain *d;
	long rc = 0;

	if (copy_from_guest(v, &op, args[0], sizeof(op)) < 0)
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.cmd < ARRAY_SIZE(subops) && subops[op.cmd].handler)
		subop = &subops[op.cmd];
	d = domctl_target(subop, op.domain, &rc);
	if (!d)
		return rc;
	if (!v->domain->is_privileged)
		return -EPERM;
	if (!subop) {
		log_debug("d%u: domctl %u is not provided: -ENOSYS\n", v->domain->domid, op.cmd);
		return -ENOSYS;
	}
	rc = subop->handler(v, d, &op);
	if (rc == 0 && subop->copy_back && copy_to_guest(v, args[0], &op, sizeof(op)) < 0)
		return -EFAULT;
	return rc;
}
