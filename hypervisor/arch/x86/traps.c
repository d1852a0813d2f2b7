// SPDX-License-Identifier: MIT
/* The IDT, per-CPU GDT and TSS, and what happens when the hypervisor itself takes a trap. */
#include <lamina/console.h>
#include <lamina/lib.h>
#include <lamina/sched.h>
#include <lamina/smp.h>
#include <lamina/timer.h>
#include <asm/cpu.h>
#include <asm/lapic.h>
#include <asm/percpu.h>
#include <asm/traps.h>

struct idt_entry {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t trap_entry_table[32];
extern const uint64_t irq_entry_timer, irq_entry_kick, irq_entry_stop, irq_entry_spurious;
extern const uint64_t boot_gdt[4];

static struct idt_entry idt[256];
/* Stacks for faults that must not use the current stack: one set per CPU. */
static uint8_t ist_stacks[CONFIG_MAX_CPUS][3][4096] __attribute__((aligned(16)));

static const char *const exception_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE",
	"#CP",
};

static void idt_set(unsigned int vector, uint64_t handler, uint8_t ist)
{
	idt[vector] = (struct idt_entry){
		.offset_low = (uint16_t)handler,
		.selector = GDT_CODE64,
		.ist = ist,
		.type_attr = 0x8e, /* present, DPL0, 64-bit interrupt gate */
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_high = (uint32_t)(handler >> 32),
	};
}

static void idt_build(void)
{
	for (unsigned int v = 0; v < 32; v++)
		idt_set(v, trap_entry_table[v], 0);
	idt[X86_EXC_DF].ist = IST_DOUBLE_FAULT;
	idt[X86_EXC_NMI].ist = IST_NMI;
	idt[X86_EXC_MC].ist = IST_MACHINE_CHECK;
	idt_set(VECTOR_TIMER, irq_entry_timer, 0);
	idt_set(VECTOR_KICK, irq_entry_kick, 0);
	idt_set(VECTOR_STOP, irq_entry_stop, 0);
	idt_set(VECTOR_SPURIOUS, irq_entry_spurious, 0);
}

static void gdt_load(struct percpu *cpu)
{
	uint64_t tss = (uint64_t)&cpu->tss;
	struct descriptor_ptr gdtr = {sizeof(cpu->gdt) - 1, (uint64_t)cpu->gdt};

	memcpy(cpu->gdt, boot_gdt, sizeof(boot_gdt));
	/* 64-bit available TSS: a 16-byte system descriptor. */
	cpu->gdt[GDT_TSS / 8] = (sizeof(cpu->tss) - 1) | ((tss & 0xffffff) << 16) |
				(0x89ULL << 40) | (((tss >> 24) & 0xff) << 56);
	cpu->gdt[GDT_TSS / 8 + 1] = tss >> 32;
	cpu->tss.iomap_base = sizeof(cpu->tss);
	for (int i = 0; i < 3; i++)
		cpu->tss.ist[i] = (uint64_t)&ist_stacks[cpu->cpu_id][i][4096];
	asm volatile("lgdt %0" ::"m"(gdtr));
	asm volatile("ltr %w0" ::"r"(GDT_TSS));
}

void traps_init_cpu(void)
{
	struct descriptor_ptr idtr = {sizeof(idt) - 1, (uint64_t)idt};

	if (smp_processor_id() == 0)
		idt_build();
	gdt_load(this_cpu());
	asm volatile("lidt %0" ::"m"(idtr));
}

/* Follows the frame-pointer chain; the build keeps frame pointers for exactly this. */
void dump_backtrace(const void *frame_pointer)
{
	const uint64_t *fp = frame_pointer;

	printk(LOGLVL_ERROR,
	       "Backtrace (resolve with addr2line -e build/hypervisor/lamina.elf):\n");
	for (int depth = 0; fp && depth < 16; depth++) {
		uint64_t ret = fp[1];

		/* Stop at anything that is not plausibly a frame inside the image's identity map.
		 */
		if ((uint64_t)fp & 7 || (uint64_t)fp < 0x100000 || ret < 0x100000)
			break;
		printk(LOGLVL_ERROR, "  [<%016llx>]\n", (unsigned long long)ret);
		fp = (const uint64_t *)fp[0];
	}
}

static void dump_frame(const struct trap_frame *f)
{
	printk(LOGLVL_ERROR, "RIP: %04llx:%016llx  RFLAGS: %016llx  error code: %llx\n",
	       (unsigned long long)f->cs, (unsigned long long)f->rip, (unsigned long long)f->rflags,
	       (unsigned long long)f->error_code);
	printk(LOGLVL_ERROR, "RAX: %016llx RBX: %016llx RCX: %016llx RDX: %016llx\n",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx, (unsigned long long)f->rcx,
	       (unsigned long long)f->rdx);
	printk(LOGLVL_ERROR, "RSI: %016llx RDI: %016llx RBP: %016llx RSP: %016llx\n",
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi, (unsigned long long)f->rbp,
	       (unsigned long long)f->rsp);
	printk(LOGLVL_ERROR, "R8:  %016llx R9:  %016llx R10: %016llx R11: %016llx\n",
	       (unsigned long long)f->r8, (unsigned long long)f->r9, (unsigned long long)f->r10,
	       (unsigned long long)f->r11);
	printk(LOGLVL_ERROR, "R12: %016llx R13: %016llx R14: %016llx R15: %016llx\n",
	       (unsigned long long)f->r12, (unsigned long long)f->r13, (unsigned long long)f->r14,
	       (unsigned long long)f->r15);
	printk(LOGLVL_ERROR, "CR0: %016llx CR2: %016llx CR3: %016llx CR4: %016llx\n",
	       (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
	       (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
}

static void fatal_exception(struct trap_frame *f)
{
	const char *name = exception_names[f->vector] ? exception_names[f->vector] : "exception";

	irq_disable();
	smp_stop_others();
	printk(LOGLVL_ERROR, "\n****************************************\n");
	printk(LOGLVL_ERROR, "Hypervisor fault on CPU %u: vector %llu (%s)\n", smp_processor_id(),
	       (unsigned long long)f->vector, name);
	dump_frame(f);
	dump_backtrace((const void *)f->rbp);
	panic("fatal exception in the hypervisor");
}

void trap_dispatch(struct trap_frame *f);
void trap_dispatch(struct trap_frame *f)
{
	switch (f->vector) {
	case VECTOR_TIMER:
		lapic_eoi();
		timer_interrupt();
		return;
	case VECTOR_KICK:
		/*
		 * Another CPU queued work for us, set one of our timers or raised an event for our
		 * vCPU: the interrupt already forced a #VMEXIT or woke hlt; look at everything
		 * again.
		 */
		lapic_eoi();
		this_cpu()->need_resched = true;
		timer_reprogram();
		return;
	case VECTOR_STOP:
		for (;;)
			halt();
	case VECTOR_SPURIOUS:
		return;
	default:
		fatal_exception(f);
	}
}
