// SPDX-License-Identifier: MIT
/*
 * The hardware domain drives its own CPU's local APIC directly (timer, EOI, TPR...), but it must
 * not reach the CPUs the hypervisor keeps: INIT or SIPI would take one over, and any IPI would
 * land in the middle of another domain. Its APIC page is therefore mapped read-only; every store
 * exits as a nested page fault, is decoded, checked and replayed on the real register. Reads go
 * straight to the device. The ICR's high half is kept aside and written with the low half, so
 * that the hypervisor's own IPIs from this CPU cannot change where dom0's next one goes.
 *
 * IPIs in logical destination mode cannot reach the hypervisor's CPUs either: they keep their
 * reset logical ID of 0, which no logical destination matches.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/guest_access.h>
#include <lamina/lib.h>
#include <asm/apic_guard.h>
#include <asm/cpu.h>
#include <asm/icr_policy.h>
#include <asm/insn_decode.h>
#include <asm/lapic.h>
#include <asm/npt.h>
#include <asm/percpu.h>
#include <asm/svm.h>
#include <asm/vmcb.h>

#define ICR_SHORTHAND_SHIFT 18
#define ICR_DEST_SHIFT	    24
#define MAX_LOGGED_REFUSALS 20

enum { SHORTHAND_ALL = 2, SHORTHAND_OTHERS = 3 };

static uint32_t icr_high_shadow;
static unsigned int refusals;

int apic_guard_install(struct domain *d)
{
	uint64_t gfn = LAPIC_BASE >> 12;

	return npt_map(d, gfn, gfn, 1, NPT_READ);
}

bool apic_guard_covers(uint64_t gpa)
{
	return (gpa >> 12) == (LAPIC_BASE >> 12);
}

static void write_icr(struct vcpu *v, uint32_t low)
{
	uint32_t self = percpu_area[v->cpu].apic_id;
	const char *why = icr_refusal(icr_high_shadow, low, self);
	unsigned int shorthand = (low >> ICR_SHORTHAND_SHIFT) & 3;

	if (!why) {
		lapic_send_icr(icr_high_shadow, low);
		return;
	}
	if (refusals++ >= MAX_LOGGED_REFUSALS)
		return;
	if (shorthand == SHORTHAND_ALL || shorthand == SHORTHAND_OTHERS)
		log_warn("d%u: IPI to all APICs refused (ICR %#x: %s)\n", v->domain->domid, low,
			 why);
	else
		log_warn("d%u: IPI to APIC %u refused (ICR %#x:%#x: %s)\n", v->domain->domid,
			 icr_high_shadow >> ICR_DEST_SHIFT, icr_high_shadow, low, why);
	if (refusals == MAX_LOGGED_REFUSALS)
		log_warn("d%u: further refused IPIs are not logged\n", v->domain->domid);
}

static void write_register(struct vcpu *v, uint32_t reg, uint32_t value)
{
	switch (reg) {
	case LAPIC_ICR_HIGH:
		icr_high_shadow = value;
		break;
	case LAPIC_ICR_LOW:
		write_icr(v, value);
		break;
	case LAPIC_ID:
		break; /* the hypervisor addresses this CPU by its APIC ID: it stays */
	default:
		lapic_write_reg(reg, value);
	}
}

static uint64_t *register_slot(struct vcpu *v, unsigned int index)
{
	struct guest_regs *r = &v->arch.regs;
	uint64_t *slots[16] = {&v->arch.vmcb->save.rax,
			       &r->rcx,
			       &r->rdx,
			       &r->rbx,
			       &v->arch.vmcb->save.rsp,
			       &r->rbp,
			       &r->rsi,
			       &r->rdi,
			       &r->r8,
			       &r->r9,
			       &r->r10,
			       &r->r11,
			       &r->r12,
			       &r->r13,
			       &r->r14,
			       &r->r15};

	return slots[index & 15];
}

/* Fetches up to INSN_MAX_LEN bytes at the guest's RIP; fewer when the next page is missing. */
static size_t fetch_instruction(struct vcpu *v, uint8_t *buf)
{
	struct vmcb_save *s = &v->arch.vmcb->save;
	uint64_t rip = s->cs.base + s->rip;
	size_t in_page = 4096 - (rip & 0xfff);

	if (copy_from_guest(v, buf, rip, INSN_MAX_LEN) == 0)
		return INSN_MAX_LEN;
	if (in_page < INSN_MAX_LEN && copy_from_guest(v, buf, rip, in_page) == 0)
		return in_page;
	return 0;
}

void apic_guard_store(struct vcpu *v, uint64_t gpa)
{
	struct vmcb_save *s = &v->arch.vmcb->save;
	bool long64 = (s->efer & EFER_LMA) && (s->cs.attrib & (1U << 9));
	uint32_t reg = gpa & 0xfff;
	uint8_t bytes[INSN_MAX_LEN];
	size_t n = fetch_instruction(v, bytes);
	struct insn_store st;
	const char *why = "instruction not readable";
	uint64_t value;

	if (n == 0 || insn_decode_store(bytes, n, long64, &st, &why) < 0) {
		domain_crash(v, s->rip, "store to its local APIC (offset %#x) not emulated: %s",
			     reg, why);
		return;
	}
	if (st.size != 4 || (reg & 0xf)) {
		domain_crash(v, s->rip, "%u-byte store to its local APIC at offset %#x", st.size,
			     reg);
		return;
	}
	value = st.kind == INSN_STORE_IMM ? st.imm : *register_slot(v, st.src_reg);
	if (st.kind == INSN_XCHG) {
		uint64_t *slot = register_slot(v, st.src_reg);

		/* A 32-bit register write clears the upper half, as the CPU would. */
		*slot = lapic_read_reg(reg);
	}
	write_register(v, reg, (uint32_t)value);
	s->rip += st.len;
	v->arch.vmcb->control.interrupt_shadow = 0;
}
