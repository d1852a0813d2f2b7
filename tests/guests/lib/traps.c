// SPDX-License-Identifier: MIT
/*
 * IDT, TSS and the C side of exception handling. An exception at an instruction listed in the
 * exception table is expected: it is recorded in last_fault and execution resumes at the listed
 * fixup. Anything else ends the test with a register dump and FAILURE.
 */
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/layout.h>
#include <guest/string.h>
#include <guest/test.h>

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

struct extable_entry {
	uint64_t fault_rip;
	uint64_t fixup_rip;
};

#define GATE_INTERRUPT_DPL0 0x8e
#define GATE_INTERRUPT_DPL3 0xee
#define TSS_TYPE_AVAILABLE  0x89

extern const uint64_t trap_stub_table[32];
extern void user_return_entry(void);
extern uint64_t gdt_tss_slot[2];
extern const struct extable_entry ex_table_start[], ex_table_end[];

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16)));

struct fault_record last_fault;

static const char *const exception_names[32] = {
	[0] = "#DE",  [1] = "#DB",  [2] = "NMI",  [3] = "#BP",	[4] = "#OF",  [5] = "#BR",
	[6] = "#UD",  [7] = "#NM",  [8] = "#DF",  [10] = "#TS", [11] = "#NP", [12] = "#SS",
	[13] = "#GP", [14] = "#PF", [16] = "#MF", [17] = "#AC", [18] = "#MC", [19] = "#XM",
	[20] = "#VE", [21] = "#CP", [29] = "#VC", [30] = "#SX",
};

const char *exception_name(unsigned int vector)
{
	if (vector < 32 && exception_names[vector])
		return exception_names[vector];
	return "reserved vector";
}

static void set_gate(unsigned int vector, uint64_t handler, uint8_t type_attr)
{
	idt[vector] = (struct idt_gate){
		.offset_low = (uint16_t)handler,
		.selector = GDT_KERNEL_CS,
		.type_attr = type_attr,
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_high = (uint32_t)(handler >> 32),
	};
}

static void tss_init(void)
{
	uint64_t base = (uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct descriptor_pointer gdtr;
	uint16_t selector = GDT_TSS;

	tss.rsp0 = (uintptr_t)(trap_stack + sizeof(trap_stack));
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: CPL3 port access faults */
	gdt_tss_slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			  ((uint64_t)TSS_TYPE_AVAILABLE << 40) | (((limit >> 16) & 0xf) << 48) |
			  (((base >> 24) & 0xff) << 56);
	gdt_tss_slot[1] = base >> 32;

	/* Reload the GDT from its 64-bit address before using the new slot. */
	asm volatile("sgdt %0" : "=m"(gdtr));
	asm volatile("lgdt %0; ltr %1" : : "m"(gdtr), "r"(selector) : "memory");
}

void idt_set_interrupt_gate(unsigned int vector, void (*entry)(void))
{
	set_gate(vector, (uintptr_t)entry, GATE_INTERRUPT_DPL0);
}

void traps_init(void)
{
	struct descriptor_pointer idtr = {.limit = sizeof(idt) - 1, .base = (uintptr_t)idt};
	unsigned int v;

	for (v = 0; v < 32; v++)
		set_gate(v, trap_stub_table[v], GATE_INTERRUPT_DPL0);
	set_gate(USER_RETURN_VECTOR, (uintptr_t)user_return_entry, GATE_INTERRUPT_DPL3);
	asm volatile("lidt %0" : : "m"(idtr));
	tss_init();
}

static const struct extable_entry *extable_find(uint64_t rip)
{
	const struct extable_entry *e;

	for (e = ex_table_start; e < ex_table_end; e++) {
		if (e->fault_rip == rip)
			return e;
	}
	return NULL;
}

static uint64_t read_cr2(void)
{
	uint64_t v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static void __attribute__((noreturn)) unexpected_exception(const struct trap_frame *f)
{
	static bool reporting;

	/* A fault while reporting one would recurse: stop where the log still explains it. */
	if (reporting)
		halt_forever();
	reporting = true;
	printf("FAIL unexpected exception %s (vector %lu) error code %#lx at rip %#lx cs %#lx\n",
	       exception_name(f->vector), f->vector, f->error_code, f->rip, f->cs);
	printf("  cr2 %#lx rflags %#lx rsp %#lx ss %#lx\n", read_cr2(), f->rflags, f->rsp, f->ss);
	printf("  rax %#lx rbx %#lx rcx %#lx rdx %#lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	printf("  rsi %#lx rdi %#lx rbp %#lx r8 %#lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	printf("  r9 %#lx r10 %#lx r11 %#lx r12 %#lx\n", f->r9, f->r10, f->r11, f->r12);
	printf("  r13 %#lx r14 %#lx r15 %#lx\n", f->r13, f->r14, f->r15);
	FAIL("unexpected %s", exception_name(f->vector));
	test_finish();
}

void trap_handle(struct trap_frame *f)
{
	const struct extable_entry *fixup = extable_find(f->rip);

	if (!fixup)
		unexpected_exception(f);
	last_fault = (struct fault_record){
		.happened = true,
		.vector = (uint8_t)f->vector,
		.error_code = f->error_code,
		.rip = f->rip,
		.cr2 = f->vector == X86_EXC_PF ? read_cr2() : 0,
	};
	f->rip = fixup->fixup_rip;
}

void fault_clear(void)
{
	last_fault = (struct fault_record){0};
}

int fault_vector(void)
{
	return last_fault.happened ? last_fault.vector : NO_FAULT;
}

/* Emits "1:" before @insn and an exception-table entry sending a fault at it to "2:" after it. */
#define GUARDED(insn)                                                                              \
	"1: " insn "\n2:\n"                                                                        \
	".pushsection .ex_table, \"a\"\n.balign 8\n.quad 1b, 2b\n.popsection\n"

int rdmsr_safe(uint32_t msr, uint64_t *value)
{
	uint32_t lo = 0, hi = 0;

	fault_clear();
	asm volatile(GUARDED("rdmsr") : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	*value = ((uint64_t)hi << 32) | lo;
	return fault_vector();
}

int wrmsr_safe(uint32_t msr, uint64_t value)
{
	fault_clear();
	asm volatile(GUARDED("wrmsr")
		     :
		     : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
		     : "memory");
	return fault_vector();
}

int read_u8_safe(const volatile void *addr, uint8_t *value)
{
	uint8_t v = 0;

	fault_clear();
	asm volatile(GUARDED("movb (%1), %0") : "+q"(v) : "r"(addr) : "memory");
	*value = v;
	return fault_vector();
}

int write_u8_safe(volatile void *addr, uint8_t value)
{
	fault_clear();
	asm volatile(GUARDED("movb %0, (%1)") : : "q"(value), "r"(addr) : "memory");
	return fault_vector();
}

int vmmcall_safe(unsigned long nr, long *result)
{
	unsigned long a1 = 0, a2 = 0;
	long rax = (long)nr;

	fault_clear();
	asm volatile(GUARDED("vmmcall")
		     : "+a"(rax), "+D"(a1), "+S"(a2)
		     :
		     : "memory", "rcx", "rdx", "r8", "r9", "r10", "r11");
	*result = rax;
	return fault_vector();
}
