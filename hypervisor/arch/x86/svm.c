// SPDX-License-Identifier: MIT
/* SVM: enabling it on each CPU, a VMCB per vCPU, and the run loop around VMRUN. */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/pvclock.h>
#include <lamina/sched.h>
#include <public/hvm/hvm_vcpu.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/svm.h>
#include <asm/vmcb.h>
#include <asm/vmexit.h>

#define CPUID_80000001_ECX_SVM	 (1U << 2)
#define CPUID_8000000A_EDX_NP	 (1U << 0)
#define CPUID_8000000A_EDX_NRIPS (1U << 3)
#define CPUID_1_ECX_XSAVE	 (1U << 26)

#define IOPM_PAGES  3
#define MSRPM_PAGES 2
#define DEFAULT_PAT 0x0007040600070406ULL

struct svm_caps svm_caps;
static uint8_t *iopm, *msrpm, *hwdom_msrpm;

/* MSRs the VMCB holds for the guest and VMLOAD/VMSAVE switch: the guest may use them freely. */
static const uint32_t passthrough_msrs[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS,   MSR_STAR,	     MSR_LSTAR,
	MSR_CSTAR,   MSR_SFMASK,  MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
};

/*
 * The hardware domain owns its CPU's MSRs except these: the ones that hold the hypervisor's own
 * state (EFER.SVME, the host save area, SVM's lock), the APIC base that the APIC guard relies on,
 * PAT that nested paging keeps in the VMCB, and microcode loading, which would change the CPU
 * under the hypervisor.
 */
static const uint32_t hwdom_guarded_msrs[] = {
	MSR_EFER, MSR_PAT, MSR_APIC_BASE, MSR_VM_CR, MSR_VM_HSAVE_PA, MSR_PATCH_LOADER,
};

/* The bit pair of an MSR in the permission map; false for MSRs outside its three ranges. */
static bool msrpm_slot(uint32_t msr, uint32_t *bit)
{
	static const uint32_t bases[] = {0x00000000, 0xc0000000, 0xc0010000};

	for (unsigned int i = 0; i < ARRAY_SIZE(bases); i++) {
		if (msr >= bases[i] && msr < bases[i] + 0x2000) {
			*bit = (i * 0x2000 + (msr - bases[i])) * 2;
			return true;
		}
	}
	return false;
}

static void permission_maps_init(void)
{
	iopm = alloc_pages(IOPM_PAGES);
	msrpm = alloc_pages(MSRPM_PAGES);
	if (!iopm || !msrpm)
		panic("no memory for the SVM permission maps");
	/* Intercept every port and every MSR, then open the few that are safe. */
	memset(iopm, 0xff, IOPM_PAGES * PAGE_BYTES);
	memset(msrpm, 0xff, MSRPM_PAGES * PAGE_BYTES);
	for (unsigned int i = 0; i < ARRAY_SIZE(passthrough_msrs); i++) {
		uint32_t bit;

		if (msrpm_slot(passthrough_msrs[i], &bit))
			msrpm[bit / 8] &= (uint8_t) ~(3U << (bit % 8));
	}
	hwdom_msrpm = alloc_pages(MSRPM_PAGES);
	if (!hwdom_msrpm)
		panic("no memory for the SVM permission maps");
	for (unsigned int i = 0; i < ARRAY_SIZE(hwdom_guarded_msrs); i++) {
		uint32_t bit;

		if (msrpm_slot(hwdom_guarded_msrs[i], &bit))
			hwdom_msrpm[bit / 8] |= (uint8_t)(3U << (bit % 8));
	}
}

static void svm_check_cpu(void)
{
	struct cpuid_regs r;

	cpuid_count(0x80000000, 0, &r);
	if (r.eax < 0x8000000a)
		panic("this CPU has no SVM leaf: Lamina needs AMD-V (QEMU: -cpu qemu64,+svm,+npt)");
	cpuid_count(0x80000001, 0, &r);
	if (!(r.ecx & CPUID_80000001_ECX_SVM))
		panic("this CPU lacks AMD SVM: Lamina needs AMD-V (QEMU: -cpu qemu64,+svm,+npt)");
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		panic("SVM is disabled by firmware (VM_CR.SVMDIS): enable virtualization");
	cpuid_count(0x8000000a, 0, &r);
	if (!(r.edx & CPUID_8000000A_EDX_NP))
		panic("this CPU lacks nested paging: Lamina needs NPT (QEMU: -cpu "
		      "qemu64,+svm,+npt)");
	svm_caps.nrips = r.edx & CPUID_8000000A_EDX_NRIPS;
	svm_caps.nr_asids = r.ebx;
	cpuid_count(1, 0, &r);
	svm_caps.xsave = r.ecx & CPUID_1_ECX_XSAVE;
	if (svm_caps.xsave) {
		cpuid_count(0xd, 0, &r);
		svm_caps.xsave_size = r.ecx;
		if (svm_caps.xsave_size > PAGE_BYTES)
			panic("XSAVE area of %u bytes exceeds a page", svm_caps.xsave_size);
	}
}

void svm_init_cpu(void)
{
	struct percpu *cpu = this_cpu();
	void *hsave, *host_vmcb;

	svm_check_cpu();
	if (cpu->cpu_id == 0) {
		permission_maps_init();
		log_info("SVM: nested paging, %u ASIDs, next-RIP %s, XSAVE %s\n", svm_caps.nr_asids,
			 svm_caps.nrips ? "yes" : "no (advancing RIP by instruction length)",
			 svm_caps.xsave ? "yes" : "no");
	}
	hsave = alloc_pages(1);
	host_vmcb = alloc_pages(1);
	if (!hsave || !host_vmcb)
		panic("no memory for SVM host state on CPU %u", cpu->cpu_id);
	/* The hypervisor uses no FPU or SIMD state; the bits let guests' state be saved here. */
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | (svm_caps.xsave ? CR4_OSXSAVE : 0));
	if (svm_caps.xsave)
		cpu->xcr0 = read_xcr0();
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	cpu->hsave_pa = virt_to_phys(hsave);
	cpu->host_vmcb_pa = virt_to_phys(host_vmcb);
	wrmsr(MSR_VM_HSAVE_PA, cpu->hsave_pa);
}

static void set_segment(struct vmcb_segment *s, uint16_t sel, uint16_t attrib, uint32_t limit)
{
	*s = (struct vmcb_segment){.selector = sel, .attrib = attrib, .limit = limit, .base = 0};
}

void svm_vcpu_set_pvh_entry(struct vcpu *v, uint32_t entry, uint32_t start_info_gpa)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	/* Flat 4 GiB segments: 32-bit code (type 0xb), data (0x3), busy 32-bit TSS for TR. */
	set_segment(&s->cs, 0x08, 0xc9b, 0xffffffff);
	set_segment(&s->ds, 0x10, 0xc93, 0xffffffff);
	s->es = s->ss = s->fs = s->gs = s->ds;
	set_segment(&s->tr, 0x18, 0x08b, 0x67);
	set_segment(&s->ldtr, 0, 0x082, 0xffff);
	set_segment(&s->gdtr, 0, 0, 0xffff);
	set_segment(&s->idtr, 0, 0, 0xffff);
	s->cpl = 0;
	s->efer = EFER_SVME; /* VMRUN requires it; the guest sees it set, as under Xen */
	s->cr0 = CR0_PE | CR0_ET;
	s->cr4 = 0;
	s->cr3 = 0;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->rflags = RFLAGS_FIXED;
	s->rip = entry;
	s->rsp = 0;
	s->rax = 0;
	s->g_pat = DEFAULT_PAT;
	memset(&v->arch.regs, 0, sizeof(v->arch.regs));
	v->arch.regs.rbx = start_info_gpa;
}

/*
 * The state the Linux 64-bit boot protocol asks for: long mode with the loader's page tables and
 * GDT, flat code and data selectors, interrupts off, RSI pointing at the zero page.
 */
void svm_vcpu_set_linux_entry(struct vcpu *v, const struct svm_linux_entry *e)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	svm_vcpu_set_pvh_entry(v, 0, 0);
	set_segment(&s->cs, e->cs, 0x29b, 0xffffffff); /* L=1, DPL0, code */
	set_segment(&s->ds, e->ds, 0xc93, 0xffffffff);
	s->es = s->ss = s->fs = s->gs = s->ds;
	s->gdtr = (struct vmcb_segment){.limit = e->gdt_limit, .base = e->gdt_base};
	s->cr0 = CR0_PE | CR0_ET | CR0_PG;
	s->cr3 = e->cr3;
	s->cr4 = CR4_PAE;
	s->efer = EFER_LME | EFER_LMA | EFER_SVME;
	s->rip = e->rip;
	v->arch.regs.rbx = 0;
	v->arch.regs.rsi = e->rsi;
}

/*
 * The hardware domain takes its interrupts and NMIs directly through its own IDT (no
 * V_INTR_MASKING: its RFLAGS.IF masks physical interrupts), halts its CPU itself and reaches
 * every I/O port. It exits for hypercalls, CPUID, the guarded MSRs, stores to its local APIC
 * page (a nested page fault) and what would change the hypervisor's own state.
 */
void svm_vcpu_make_hardware(struct vcpu *v)
{
	struct vmcb_control *c = &v->arch.vmcb->control;

	c->intercept_misc1 =
		INTERCEPT_CPUID | INTERCEPT_INVD | INTERCEPT_MSR_PROT | INTERCEPT_SHUTDOWN;
	c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD |
			     INTERCEPT_VMSAVE | INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT |
			     INTERCEPT_RDTSCP | INTERCEPT_MONITOR | INTERCEPT_MWAIT |
			     INTERCEPT_XSETBV;
	c->msrpm_base_pa = virt_to_phys(hwdom_msrpm);
	c->vintr = 0;
}

static bool canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* Long mode entry: Xen's VCPU_HVM_MODE_64B implies flat 64-bit segments. */
static int set_context64(struct vcpu *v, const struct vcpu_hvm_x86_64 *r)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	if (!canonical(r->rip) || !(r->cr0 & CR0_PG) || !(r->cr0 & CR0_PE) || !(r->cr4 & CR4_PAE) ||
	    !(r->efer & EFER_LME) || (r->efer & EFER_SVME))
		return -EINVAL;
	set_segment(&s->cs, 0x08, 0x29b, 0xffffffff); /* L=1, DPL0, code */
	set_segment(&s->ds, 0x10, 0xc93, 0xffffffff);
	s->es = s->ss = s->fs = s->gs = s->ds;
	set_segment(&s->tr, 0x18, 0x08b, 0x67);
	s->rip = r->rip;
	s->rsp = r->rsp;
	s->rax = r->rax;
	s->rflags = r->rflags | RFLAGS_FIXED;
	s->cr0 = r->cr0 | CR0_ET;
	s->cr3 = r->cr3;
	s->cr4 = r->cr4;
	s->efer = r->efer | EFER_LMA | EFER_SVME;
	v->arch.regs = (struct guest_regs){.rbx = r->rbx,
					   .rcx = r->rcx,
					   .rdx = r->rdx,
					   .rsi = r->rsi,
					   .rdi = r->rdi,
					   .rbp = r->rbp};
	return 0;
}

/* A 32-bit entry names its segments; each must be present and of the right kind. */
static bool segment_ok(uint16_t ar, bool code)
{
	bool present = ar & 0x80, system = !(ar & 0x10), is_code = ar & 0x8;

	return present && !system && is_code == code;
}

static int set_context32(struct vcpu *v, const struct vcpu_hvm_x86_32 *r)
{
	struct vmcb_save *s = &v->arch.vmcb->save;

	if (!(r->cr0 & CR0_PE) || !segment_ok(r->cs_ar, true) || !segment_ok(r->ds_ar, false) ||
	    !segment_ok(r->ss_ar, false) || !segment_ok(r->es_ar, false) || !(r->tr_ar & 0x80) ||
	    (r->efer & ~(EFER_NXE | EFER_LME | EFER_LMA)))
		return -EINVAL;
	s->cs = (struct vmcb_segment){0x08, r->cs_ar, r->cs_limit, r->cs_base};
	s->ds = (struct vmcb_segment){0x10, r->ds_ar, r->ds_limit, r->ds_base};
	s->ss = (struct vmcb_segment){0x10, r->ss_ar, r->ss_limit, r->ss_base};
	s->es = (struct vmcb_segment){0x10, r->es_ar, r->es_limit, r->es_base};
	s->fs = s->gs = s->ds;
	s->tr = (struct vmcb_segment){0x18, r->tr_ar, r->tr_limit, r->tr_base};
	s->rip = r->eip;
	s->rsp = r->esp;
	s->rax = r->eax;
	s->rflags = r->eflags | RFLAGS_FIXED;
	s->cr0 = r->cr0 | CR0_ET;
	s->cr3 = r->cr3;
	s->cr4 = r->cr4;
	s->efer = r->efer | EFER_SVME;
	v->arch.regs = (struct guest_regs){.rbx = r->ebx,
					   .rcx = r->ecx,
					   .rdx = r->edx,
					   .rsi = r->esi,
					   .rdi = r->edi,
					   .rbp = r->ebp};
	return 0;
}

int svm_vcpu_set_hvm_context(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
	struct vmcb_save *s = &v->arch.vmcb->save;
	int rc;

	/* Start from the PVH reset state so that everything not named is sane. */
	svm_vcpu_set_pvh_entry(v, 0, 0);
	switch (ctx->mode) {
	case VCPU_HVM_MODE_32B:
		rc = set_context32(v, &ctx->cpu_regs.x86_32);
		break;
	case VCPU_HVM_MODE_64B:
		rc = set_context64(v, &ctx->cpu_regs.x86_64);
		break;
	default:
		rc = -EINVAL;
	}
	s->cpl = 0;
	return rc;
}

int svm_vcpu_init(struct vcpu *v)
{
	struct vmcb_control *c;

	v->arch.vmcb = alloc_pages(1);
	v->arch.fpu_area = alloc_pages(1);
	if (!v->arch.vmcb || !v->arch.fpu_area)
		return -ENOMEM;
	v->arch.vmcb_pa = virt_to_phys(v->arch.vmcb);
	v->arch.xcr0 = 1; /* x87 only, the architectural reset value */
	c = &v->arch.vmcb->control;
	c->intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI | INTERCEPT_INIT |
			     INTERCEPT_CPUID | INTERCEPT_INVD | INTERCEPT_HLT |
			     INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT | INTERCEPT_SHUTDOWN;
	c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD |
			     INTERCEPT_VMSAVE | INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT |
			     INTERCEPT_RDTSCP | INTERCEPT_MONITOR | INTERCEPT_MWAIT |
			     INTERCEPT_XSETBV;
	c->iopm_base_pa = virt_to_phys(iopm);
	c->msrpm_base_pa = virt_to_phys(msrpm);
	c->asid = v->domain->arch.asid;
	c->tlb_control = TLB_CONTROL_FLUSH_ALL;
	c->vintr = VINTR_MASKING;
	c->np_enable = 1;
	c->n_cr3 = virt_to_phys(v->domain->arch.npt_root);
	return 0;
}

void svm_vcpu_destroy(struct vcpu *v)
{
	free_pages(v->arch.vmcb, 1);
	free_pages(v->arch.fpu_area, 1);
}

void svm_inject_exception(struct vcpu *v, unsigned int vector, bool has_error, uint32_t error)
{
	uint64_t ev = EVENTINJ_VALID | EVENTINJ_TYPE_EXC | vector;

	if (has_error)
		ev |= EVENTINJ_ERR_VALID | ((uint64_t)error << 32);
	v->arch.vmcb->control.eventinj = ev;
}

void svm_skip_instruction(struct vcpu *v, unsigned int len)
{
	struct vmcb *vmcb = v->arch.vmcb;

	if (svm_caps.nrips && vmcb->control.next_rip)
		vmcb->save.rip = vmcb->control.next_rip;
	else
		vmcb->save.rip += len;
	/* The instruction completed: any interrupt shadow it left ends here. */
	vmcb->control.interrupt_shadow = 0;
}

static void fpu_save(struct vcpu *v)
{
	if (svm_caps.xsave)
		asm volatile("xsave64 (%0)" ::"r"(v->arch.fpu_area), "a"((uint32_t)v->arch.xcr0),
			     "d"((uint32_t)(v->arch.xcr0 >> 32))
			     : "memory");
	else
		asm volatile("fxsave64 (%0)" ::"r"(v->arch.fpu_area) : "memory");
}

static void fpu_restore(struct vcpu *v)
{
	if (!v->arch.fpu_loaded_once) {
		/* First run: the architectural reset state, not the previous guest's registers. */
		asm volatile("fninit");
		v->arch.fpu_loaded_once = true;
		return;
	}
	if (svm_caps.xsave)
		asm volatile("xrstor64 (%0)" ::"r"(v->arch.fpu_area), "a"((uint32_t)v->arch.xcr0),
			     "d"((uint32_t)(v->arch.xcr0 >> 32))
			     : "memory");
	else
		asm volatile("fxrstor64 (%0)" ::"r"(v->arch.fpu_area) : "memory");
}

static void load_xcr0(struct percpu *cpu, uint64_t xcr0)
{
	if (svm_caps.xsave && cpu->xcr0 != xcr0) {
		write_xcr0(xcr0);
		cpu->xcr0 = xcr0;
	}
}

static void save_debug_regs(struct vcpu *v)
{
	asm volatile("mov %%db0, %0" : "=r"(v->arch.dr[0]));
	asm volatile("mov %%db1, %0" : "=r"(v->arch.dr[1]));
	asm volatile("mov %%db2, %0" : "=r"(v->arch.dr[2]));
	asm volatile("mov %%db3, %0" : "=r"(v->arch.dr[3]));
}

static void load_debug_regs(struct vcpu *v)
{
	asm volatile("mov %0, %%db0" ::"r"(v->arch.dr[0]));
	asm volatile("mov %0, %%db1" ::"r"(v->arch.dr[1]));
	asm volatile("mov %0, %%db2" ::"r"(v->arch.dr[2]));
	asm volatile("mov %0, %%db3" ::"r"(v->arch.dr[3]));
}

/*
 * State VMRUN does not switch (FPU/SIMD registers, XCR0, DR0-3) moves only when a different vCPU
 * takes this CPU; the hypervisor itself never touches it.
 */
static void switch_lazy_state(struct percpu *cpu, struct vcpu *next)
{
	struct vcpu *prev = cpu->fpu_owner;

	if (prev == next)
		return;
	if (prev) {
		load_xcr0(cpu, prev->arch.xcr0);
		fpu_save(prev);
		save_debug_regs(prev);
	}
	load_xcr0(cpu, next->arch.xcr0);
	fpu_restore(next);
	load_debug_regs(next);
	cpu->fpu_owner = next;
}

/* The vCPU's FPU state is about to be freed: forget it without saving. */
void svm_forget_lazy_state(struct vcpu *v);
void svm_forget_lazy_state(struct vcpu *v)
{
	for (unsigned int i = 0; i < CONFIG_MAX_CPUS; i++)
		if (percpu_area[i].fpu_owner == v)
			percpu_area[i].fpu_owner = NULL;
}

#define VINTR_IRQ	     (1ULL << 8)
#define VINTR_PRIO_SHIFT     16
#define VINTR_IGN_TPR	     (1ULL << 20)
#define VINTR_VECTOR_SHIFT   32
#define CALLBACK_TYPE_VECTOR 2

/* The vector events arrive on: the vCPU's own (HVMOP 23) or the domain's callback vector. */
static uint8_t upcall_vector(const struct vcpu *v)
{
	uint64_t via = v->domain->hvm_params[HVM_PARAM_CALLBACK_IRQ];

	if (v->upcall_vector)
		return v->upcall_vector;
	if ((via >> HVM_PARAM_CALLBACK_TYPE_SHIFT) == CALLBACK_TYPE_VECTOR)
		return (uint8_t)via;
	return 0;
}

/*
 * While upcall_pending is set, the callback vector is asserted as a virtual interrupt: the CPU
 * delivers it through the guest's IDT as soon as the guest can take interrupts, and clears
 * V_IRQ when it does. This is the level-triggered behaviour of Xen's callback vector.
 */
static void inject_upcall(struct vcpu *v)
{
	struct vmcb_control *c = &v->arch.vmcb->control;
	uint8_t vector = upcall_vector(v);

	if (!vector || (c->vintr & VINTR_IRQ) || !vcpu_upcall_pending(v))
		return;
	c->vintr = (c->vintr & VINTR_MASKING) | VINTR_IRQ | (0xfULL << VINTR_PRIO_SHIFT) |
		   VINTR_IGN_TPR | ((uint64_t)vector << VINTR_VECTOR_SHIFT);
}

void arch_vcpu_run(struct vcpu *v)
{
	struct percpu *cpu = this_cpu();
	struct vmcb *vmcb = v->arch.vmcb;

	cpu->current = v;
	switch_lazy_state(cpu, v);
	/* Xen refreshes the clock record whenever a vCPU is scheduled in; so do we. */
	vcpu_time_update(v);
	while (v->domain->state == DOMAIN_RUNNING && v->state == VCPU_RUNNABLE &&
	       !cpu->need_resched) {
		load_xcr0(cpu, v->arch.xcr0);
		if (v->domain->is_hardware)
			domain_cpu_quiescent(cpu->cpu_id, true); /* in the guest it holds nothing */
		else
			inject_upcall(v);
		svm_vmrun(&v->arch.regs, v->arch.vmcb_pa, cpu->host_vmcb_pa);
		if (v->domain->is_hardware)
			domain_cpu_quiescent(cpu->cpu_id, false);
		vmcb->control.tlb_control = TLB_CONTROL_FLUSH_ALL;
		vmexit_dispatch(v);
	}
	cpu->current = NULL;
}
