// SPDX-License-Identifier: MIT
/*
 * Guest MSR policy. Every MSR not passed through in svm.c exits here; anything not in the table
 * raises #GP in the guest, as Xen does for MSRs it does not know.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <public/arch-x86/cpuid.h>
#include <asm/cpu.h>
#include <asm/vmcb.h>
#include <asm/vmexit.h>

#define MSR_HYPERCALL_PAGE  XEN_CPUID_FIRST_LEAF
#define EFER_GUEST_WRITABLE (EFER_SCE | EFER_LME | EFER_NXE | EFER_FFXSR)

/*
 * VMRUN needs EFER.SVME set in the guest's EFER, but SVM is not offered to guests: the bit is
 * hidden from reads and refused on writes, as Xen does without nested virtualisation.
 */
static int efer_read(struct vcpu *v, uint64_t *value)
{
	*value = v->arch.vmcb->save.efer & ~EFER_SVME;
	return 0;
}

/* LMA follows LME and paging; the rest is the guest's. */
static int efer_write(struct vcpu *v, uint64_t value)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	if (value & ~(EFER_GUEST_WRITABLE | EFER_LMA))
		return -1;
	if ((s->cr0 & CR0_PG) && ((value ^ s->efer) & EFER_LME))
		return -1; /* LME cannot change while paging is on */
	s->efer = (value & EFER_GUEST_WRITABLE) | (s->efer & EFER_LMA) | EFER_SVME;
	return 0;
}

static int pat_read(struct vcpu *v, uint64_t *value)
{
	*value = v->arch.vmcb->save.g_pat;
	return 0;
}

static int pat_write(struct vcpu *v, uint64_t value)
{
	for (int i = 0; i < 8; i++) {
		uint8_t type = (value >> (i * 8)) & 0xff;

		/* Valid memory types: UC, WC, WT, WP, WB, UC-. */
		if (type == 2 || type == 3 || type > 7)
			return -1;
	}
	v->arch.vmcb->save.g_pat = value;
	return 0;
}

static int tsc_read(struct vcpu *v, uint64_t *value)
{
	*value = rdtsc() + v->arch.vmcb->control.tsc_offset;
	return 0;
}

static int tsc_write(struct vcpu *v, uint64_t value)
{
	v->arch.vmcb->control.tsc_offset = value - rdtsc();
	return 0;
}

static int hypercall_page_write(struct vcpu *v, uint64_t value)
{
	uint64_t gfn = value >> 12;
	unsigned int index = value & 0xfff;

	if (index != 0)
		return -1; /* one page only, as CPUID 0x40000002 says */
	return hypercall_page_install(v->domain, gfn) < 0 ? -1 : 0;
}

/* The hypercall-page MSR reads as zero, as Xen's does. */
static int hypercall_page_read(struct vcpu *v, uint64_t *value)
{
	(void)v;
	*value = 0;
	return 0;
}

#define APIC_BASE_BSP  (1ULL << 8)
#define APIC_BASE_EXTD (1ULL << 10)
#define APIC_BASE_EN   (1ULL << 11)

/*
 * Only the hardware domain has an APIC of its own (the real one). It may not move it away from
 * the page the APIC guard watches, nor switch it to x2APIC mode, which CPUID does not offer and
 * whose MSR interface the guard does not check.
 */
static int apic_base_read(struct vcpu *v, uint64_t *value)
{
	if (!v->domain->is_hardware)
		return -1;
	*value = rdmsr(MSR_APIC_BASE);
	return 0;
}

static int apic_base_write(struct vcpu *v, uint64_t value)
{
	uint64_t now;

	if (!v->domain->is_hardware)
		return -1;
	now = rdmsr(MSR_APIC_BASE);
	if ((value & ~0xfffULL) != (now & ~0xfffULL) || (value & APIC_BASE_EXTD) ||
	    !(value & APIC_BASE_EN))
		return -1;
	/* The BSP flag is read-only; nothing else below bit 12 is writable. */
	wrmsr(MSR_APIC_BASE, (now & ~0xfffULL) | (now & APIC_BASE_BSP) | APIC_BASE_EN);
	return 0;
}

struct msr_handler {
	uint32_t msr;
	int (*read)(struct vcpu *v, uint64_t *value);
	int (*write)(struct vcpu *v, uint64_t value);
};

static const struct msr_handler msr_handlers[] = {
	{MSR_EFER, efer_read, efer_write},
	{MSR_PAT, pat_read, pat_write},
	{MSR_TSC, tsc_read, tsc_write},
	{MSR_HYPERCALL_PAGE, hypercall_page_read, hypercall_page_write},
	{MSR_APIC_BASE, apic_base_read, apic_base_write},
};

static const struct msr_handler *msr_find(uint32_t msr)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(msr_handlers); i++)
		if (msr_handlers[i].msr == msr)
			return &msr_handlers[i];
	return NULL;
}

int guest_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	const struct msr_handler *h = msr_find(msr);

	return h && h->read ? h->read(v, value) : -1;
}

int guest_wrmsr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	const struct msr_handler *h = msr_find(msr);

	return h && h->write ? h->write(v, value) : -1;
}
