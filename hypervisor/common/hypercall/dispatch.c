// SPDX-License-Identifier: MIT
/* The hypercall table, the hypercall page, and the common rule for naming a target domain. */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>

struct hypercall {
	hypercall_fn fn;
	const char *name;
};

static const struct hypercall hypercall_table[NR_HYPERCALLS] = {
	[__HYPERVISOR_memory_op] = {do_memory_op, "memory_op"},
	[__HYPERVISOR_xen_version] = {do_xen_version, "xen_version"},
	[__HYPERVISOR_console_io] = {do_console_io, "console_io"},
	[__HYPERVISOR_vcpu_op] = {do_vcpu_op, "vcpu_op"},
	[__HYPERVISOR_sched_op] = {do_sched_op, "sched_op"},
	[__HYPERVISOR_hvm_op] = {do_hvm_op, "hvm_op"},
	[__HYPERVISOR_grant_table_op] = {do_grant_table_op, "grant_table_op"},
	[__HYPERVISOR_event_channel_op] = {do_event_channel_op, "event_channel_op"},
	[__HYPERVISOR_set_timer_op] = {do_set_timer_op, "set_timer_op"},
	[__HYPERVISOR_domctl] = {do_domctl, "domctl"},
};

long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[5])
{
	if (nr >= NR_HYPERCALLS || !hypercall_table[nr].fn) {
		log_debug("d%u: hypercall %llu is not provided: -ENOSYS\n", v->domain->domid,
			  (unsigned long long)nr);
		return -ENOSYS;
	}
	return hypercall_table[nr].fn(v, args);
}

/*
 * Each 32-byte stub is `mov $nr, %eax; vmmcall; ret`. The iret slot gets ud2: iret is a PV-only
 * hypercall and must never be reached from an HVM guest, as Xen arranges it.
 */
int hypercall_page_install(struct domain *d, uint64_t gfn)
{
	uint8_t *page = domain_gpa_to_host(d, gfn << 12, true);

	if (!page)
		return -EINVAL;
	memset(page, 0xcc, 4096);
	for (unsigned int i = 0; i < 4096 / 32; i++) {
		uint8_t *stub = page + i * 32;

		stub[0] = 0xb8;
		memcpy(stub + 1, &i, 4);
		stub[5] = 0x0f;
		stub[6] = 0x01;
		stub[7] = 0xd9;
		stub[8] = 0xc3;
	}
	page[__HYPERVISOR_iret * 32] = 0x0f;
	page[__HYPERVISOR_iret * 32 + 1] = 0x0b;
	return 0;
}

struct domain *hypercall_target_domain(struct vcpu *v, uint16_t domid, long *err)
{
	struct domain *d;

	if (domid == DOMID_SELF || domid == v->domain->domid)
		return v->domain;
	d = domain_by_id(domid);
	if (!d) {
		*err = -ESRCH;
		return NULL;
	}
	if (!v->domain->is_privileged) {
		*err = -EPERM;
		return NULL;
	}
	return d;
}
