// SPDX-License-Identifier: MIT
/*
 * The exit dispatcher: one table from exit code to handler. Without next-RIP support (QEMU's
 * TCG) instructions are skipped by their known lengths, which is why each handler that
 * completes an instruction names its length.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <lamina/sched.h>
#include <asm/cpu.h>
#include <asm/hwdom.h>
#include <asm/svm.h>
#include <asm/vmcb.h>
#include <asm/vmexit.h>

#define LEN_CPUID   2
#define LEN_MSR	    2
#define LEN_VMMCALL 3
#define LEN_HLT	    1
#define LEN_INVD    2
#define LEN_XSETBV  3

#define DEBUGCON_PORT 0xe9

static void handle_intr(struct vcpu *v)
{
	(void)v;
	/* The interrupt is pending in the host: let it in (timer tick, kick, stop). */
	irq_window();
}

static void handle_cpuid(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	uint32_t out[4];

	guest_cpuid(v, (uint32_t)vmcb->save.rax, (uint32_t)v->arch.regs.rcx, out);
	vmcb->save.rax = out[0];
	v->arch.regs.rbx = out[1];
	v->arch.regs.rcx = out[2];
	v->arch.regs.rdx = out[3];
	svm_skip_instruction(v, LEN_CPUID);
}

static void handle_msr(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	uint32_t msr = (uint32_t)v->arch.regs.rcx;
	bool write = vmcb->control.exitinfo1 == 1;
	uint64_t value;

	if (write) {
		value = (vmcb->save.rax & 0xffffffff) | (v->arch.regs.rdx << 32);
		if (guest_wrmsr(v, msr, value) < 0) {
			log_info("d%u v%u: wrmsr %#x value %#llx refused (#GP) at rip %#llx\n",
				 v->domain->domid, v->vcpu_id, msr, (unsigned long long)value,
				 (unsigned long long)vmcb->save.rip);
			svm_inject_exception(v, X86_EXC_GP, true, 0);
			return;
		}
	} else {
		if (guest_rdmsr(v, msr, &value) < 0) {
			log_info("d%u v%u: rdmsr %#x refused (#GP) at rip %#llx\n",
				 v->domain->domid, v->vcpu_id, msr,
				 (unsigned long long)vmcb->save.rip);
			svm_inject_exception(v, X86_EXC_GP, true, 0);
			return;
		}
		vmcb->save.rax = (uint32_t)value;
		v->arch.regs.rdx = value >> 32;
	}
	svm_skip_instruction(v, LEN_MSR);
}

/*
 * A 64-bit caller passes arguments in RDI, RSI, RDX, R10, R8; a 32-bit one in EBX, ECX, EDX,
 * ESI, EDI. Hypercalls from user mode are refused as Xen refuses them.
 */
static void handle_vmmcall(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	struct guest_regs *r = &v->arch.regs;
	bool long_mode = (vmcb->save.efer & EFER_LMA) && (vmcb->save.cs.attrib & (1U << 9));
	uint64_t args[5];
	long ret;

	svm_skip_instruction(v, LEN_VMMCALL);
	if (vmcb->save.cpl != 0) {
		vmcb->save.rax = (uint64_t)(long)-EPERM;
		return;
	}
	if (long_mode) {
		uint64_t a[5] = {r->rdi, r->rsi, r->rdx, r->r10, r->r8};

		memcpy(args, a, sizeof(args));
		ret = hypercall_dispatch(v, vmcb->save.rax, args);
	} else {
		uint64_t a[5] = {(uint32_t)r->rbx, (uint32_t)r->rcx, (uint32_t)r->rdx,
				 (uint32_t)r->rsi, (uint32_t)r->rdi};

		memcpy(args, a, sizeof(args));
		ret = hypercall_dispatch(v, (uint32_t)vmcb->save.rax, args);
		ret = (int32_t)ret;
	}
	vmcb->save.rax = (uint64_t)ret;
}

/*
 * HLT with interrupts enabled waits for an event. With interrupts disabled nothing could ever
 * wake it: as in Xen, the vCPU goes down, and a domain whose vCPUs are all down is powered off.
 */
static void handle_hlt(struct vcpu *v)
{
	svm_skip_instruction(v, LEN_HLT);
	if (v->arch.vmcb->save.rflags & RFLAGS_IF) {
		vcpu_block(v);
		return;
	}
	log_info("d%u v%u: HLT with interrupts disabled: vCPU down\n", v->domain->domid,
		 v->vcpu_id);
	vcpu_down(v);
}

static void handle_ioio(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	uint32_t info = (uint32_t)vmcb->control.exitinfo1;
	uint16_t port = info >> IOIO_PORT_SHIFT;
	unsigned int size = (info >> IOIO_SIZE_SHIFT) & 7; /* 1, 2 or 4 as a one-hot field */

	if (info & IOIO_STR) {
		domain_crash(v, vmcb->save.rip, "string I/O to port %#x is not emulated", port);
		return;
	}
	if (info & IOIO_TYPE_IN) {
		/* No device behind any port: reads float high as on an empty bus. */
		uint64_t mask = size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff;

		vmcb->save.rax = (vmcb->save.rax & ~mask) | mask;
	} else if (port == DEBUGCON_PORT) {
		char c = (char)vmcb->save.rax;

		console_guest_write(v->domain, &c, 1);
	}
	vmcb->save.rip = vmcb->control.exitinfo2; /* IOIO exits always carry the next RIP */
}

static void handle_npf(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	uint64_t code = vmcb->control.exitinfo1;

	if (v->domain->is_hardware) {
		hwdom_npf(v, vmcb->control.exitinfo2, code);
		return;
	}
	domain_crash(v, vmcb->save.rip, "access to guest-physical %#llx it does not own (%s%s)",
		     (unsigned long long)vmcb->control.exitinfo2, code & 2 ? "write" : "read",
		     code & 1 ? ", protection" : ", not present");
}

static void handle_shutdown(struct vcpu *v)
{
	domain_crash(v, v->arch.vmcb->save.rip, "triple fault");
}

static void handle_invalid(struct vcpu *v)
{
	/* Under TCG the save area may be overwritten on a failed VMRUN: the RIP is a best guess. */
	domain_crash(v, v->arch.vmcb->save.rip, "invalid guest state (VMRUN refused the VMCB)");
}

static void handle_undefined(struct vcpu *v)
{
	/* SVM instructions, MONITOR/MWAIT and RDTSCP are hidden from guests: they fault as absent.
	 */
	svm_inject_exception(v, X86_EXC_UD, false, 0);
}

static void handle_invd(struct vcpu *v)
{
	/* Dropping dirty cache lines would hurt other domains; write them back instead. */
	asm volatile("wbinvd");
	svm_skip_instruction(v, LEN_INVD);
}

static void handle_xsetbv(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	uint64_t value = (vmcb->save.rax & 0xffffffff) | (v->arch.regs.rdx << 32);
	uint32_t out[4];
	uint64_t allowed;

	guest_cpuid(v, 0xd, 0, out);
	allowed = out[0] | ((uint64_t)out[3] << 32);
	/* XCR0 index 0 only; x87 always set; AVX needs SSE; nothing beyond what CPUID offers. */
	if (v->arch.regs.rcx != 0 || !(value & 1) || (value & ~allowed) ||
	    ((value & 4) && !(value & 2)) || vmcb->save.cpl != 0) {
		svm_inject_exception(v, X86_EXC_GP, true, 0);
		return;
	}
	v->arch.xcr0 = value;
	svm_skip_instruction(v, LEN_XSETBV);
}

static void handle_nmi(struct vcpu *v)
{
	(void)v;
	/* The NMI is taken by the host once GIF is set again; nothing to do for the guest. */
}

struct exit_handler {
	uint32_t code;
	const char *name;
	void (*handle)(struct vcpu *v);
};

static const struct exit_handler exit_handlers[] = {
	{VMEXIT_INTR, "intr", handle_intr},
	{VMEXIT_NMI, "nmi", handle_nmi},
	{VMEXIT_SMI, "smi", handle_nmi},
	{VMEXIT_INIT, "init", handle_nmi},
	{VMEXIT_CPUID, "cpuid", handle_cpuid},
	{VMEXIT_MSR, "msr", handle_msr},
	{VMEXIT_VMMCALL, "vmmcall", handle_vmmcall},
	{VMEXIT_HLT, "hlt", handle_hlt},
	{VMEXIT_IOIO, "ioio", handle_ioio},
	{VMEXIT_NPF, "npf", handle_npf},
	{VMEXIT_SHUTDOWN, "shutdown", handle_shutdown},
	{VMEXIT_INVALID, "invalid", handle_invalid},
	{VMEXIT_INVD, "invd", handle_invd},
	{VMEXIT_XSETBV, "xsetbv", handle_xsetbv},
	{VMEXIT_VMRUN, "vmrun", handle_undefined},
	{VMEXIT_VMLOAD, "vmload", handle_undefined},
	{VMEXIT_VMSAVE, "vmsave", handle_undefined},
	{VMEXIT_STGI, "stgi", handle_undefined},
	{VMEXIT_CLGI, "clgi", handle_undefined},
	{VMEXIT_SKINIT, "skinit", handle_undefined},
	{VMEXIT_RDTSCP, "rdtscp", handle_undefined},
	{VMEXIT_MONITOR, "monitor", handle_undefined},
	{VMEXIT_MWAIT, "mwait", handle_undefined},
};

void vmexit_dispatch(struct vcpu *v)
{
	struct vmcb *vmcb = v->arch.vmcb;
	/* TCG reports a failed VMRUN as 0x00000000ffffffff: compare the low 32 bits only. */
	uint32_t code = (uint32_t)vmcb->control.exitcode;

	for (unsigned int i = 0; i < ARRAY_SIZE(exit_handlers); i++) {
		if (exit_handlers[i].code == code) {
			exit_handlers[i].handle(v);
			return;
		}
	}
	domain_crash(v, vmcb->save.rip, "unexpected exit %#x (info1 %#llx info2 %#llx)", code,
		     (unsigned long long)vmcb->control.exitinfo1,
		     (unsigned long long)vmcb->control.exitinfo2);
}
