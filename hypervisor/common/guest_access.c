// SPDX-License-Identifier: MIT
/* copy_from_guest / copy_to_guest: a guest page walk, then the nested map, page by page. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/guest_walk.h>
#include <lamina/lib.h>
#include <asm/cpu.h>
#include <asm/vmcb.h>

static int read_guest_pte(void *ctx, uint64_t gpa, uint64_t *value)
{
	struct domain *d = ctx;
	const uint64_t *p;

	if (gpa & 7)
		return -EFAULT;
	p = domain_gpa_to_host(d, gpa, false);
	if (!p)
		return -EFAULT;
	*value = __atomic_load_n(p, __ATOMIC_RELAXED);
	return 0;
}

/* The physical-address width guests see (CPUID 0x80000008 passes through): beyond it, reserved. */
static unsigned int guest_maxphyaddr(void)
{
	static unsigned int width;

	if (!width) {
		struct cpuid_regs r;

		cpuid_count(0x80000008, 0, &r);
		width = r.eax & 0xff;
	}
	return width;
}

static void paging_state(struct vcpu *v, struct guest_paging *pg)
{
	const struct vmcb_save *s = &v->arch.vmcb->save;

	*pg = (struct guest_paging){
		.cr0 = s->cr0,
		.cr3 = s->cr3,
		.cr4 = s->cr4,
		.efer = s->efer,
		.rflags = s->rflags,
		.cpl = s->cpl,
		.maxphyaddr = guest_maxphyaddr(),
	};
}

/* Host pointer for one guest-virtual byte range that does not cross a page. */
static void *translate(struct vcpu *v, uint64_t gva, bool write)
{
	struct guest_paging pg;
	uint64_t gpa;
	const char *why;

	paging_state(v, &pg);
	/* Hypercall arguments are read on behalf of the guest kernel: supervisor accesses. */
	if (guest_walk(&pg, gva, GW_IMPLICIT_SUPERVISOR | (write ? GW_WRITE : 0), read_guest_pte,
		       v->domain, &gpa, &why) < 0)
		return NULL;
	return domain_gpa_to_host(v->domain, gpa, write);
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	uint8_t *d = dst;

	while (len) {
		size_t chunk = MIN(len, 4096 - (gva & 0xfff));
		const void *src = translate(v, gva, false);

		if (!src)
			return -EFAULT;
		memcpy(d, src, chunk);
		d += chunk;
		gva += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	const uint8_t *s = src;

	while (len) {
		size_t chunk = MIN(len, 4096 - (gva & 0xfff));
		void *dst = translate(v, gva, true);

		if (!dst)
			return -EFAULT;
		memcpy(dst, s, chunk);
		s += chunk;
		gva += chunk;
		len -= chunk;
	}
	return 0;
}
