/* SPDX-License-Identifier: MIT */
/* Thin wrappers over x86 instructions and the architectural registers the core touches. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <stdint.h>
#include <stdbool.h>

#define CR0_PE (1ULL << 0)
#define CR0_MP (1ULL << 1)
#define CR0_EM (1ULL << 2)
#define CR0_TS (1ULL << 3)
#define CR0_ET (1ULL << 4)
#define CR0_NE (1ULL << 5)
#define CR0_WP (1ULL << 16)
#define CR0_AM (1ULL << 18)
#define CR0_NW (1ULL << 29)
#define CR0_CD (1ULL << 30)
#define CR0_PG (1ULL << 31)

#define CR4_PSE	       (1ULL << 4)
#define CR4_PAE	       (1ULL << 5)
#define CR4_PGE	       (1ULL << 7)
#define CR4_OSFXSR     (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_LA57       (1ULL << 12)
#define CR4_OSXSAVE    (1ULL << 18)
#define CR4_SMEP       (1ULL << 20)
#define CR4_SMAP       (1ULL << 21)

#define EFER_SCE   (1ULL << 0)
#define EFER_LME   (1ULL << 8)
#define EFER_LMA   (1ULL << 10)
#define EFER_NXE   (1ULL << 11)
#define EFER_SVME  (1ULL << 12)
#define EFER_LMSLE (1ULL << 13)
#define EFER_FFXSR (1ULL << 14)

#define RFLAGS_IF    (1ULL << 9)
#define RFLAGS_AC    (1ULL << 18)
#define RFLAGS_FIXED (1ULL << 1)

#define MSR_TSC		 0x00000010
#define MSR_APIC_BASE	 0x0000001b
#define MSR_PAT		 0x00000277
#define MSR_EFER	 0xc0000080
#define MSR_STAR	 0xc0000081
#define MSR_LSTAR	 0xc0000082
#define MSR_CSTAR	 0xc0000083
#define MSR_SFMASK	 0xc0000084
#define MSR_FS_BASE	 0xc0000100
#define MSR_GS_BASE	 0xc0000101
#define MSR_KERNEL_GS	 0xc0000102
#define MSR_TSC_AUX	 0xc0000103
#define MSR_SYSENTER_CS	 0x00000174
#define MSR_SYSENTER_ESP 0x00000175
#define MSR_SYSENTER_EIP 0x00000176
#define MSR_VM_CR	 0xc0010114
#define MSR_VM_HSAVE_PA	 0xc0010117
#define MSR_PATCH_LOADER 0xc0010020

#define VM_CR_SVMDIS (1ULL << 4)

/* Exception vectors. */
#define X86_EXC_DE  0
#define X86_EXC_DB  1
#define X86_EXC_NMI 2
#define X86_EXC_BP  3
#define X86_EXC_UD  6
#define X86_EXC_NM  7
#define X86_EXC_DF  8
#define X86_EXC_TS  10
#define X86_EXC_NP  11
#define X86_EXC_SS  12
#define X86_EXC_GP  13
#define X86_EXC_PF  14
#define X86_EXC_MC  18

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline void cpuid_count(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	asm volatile("cpuid"
		     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
		     : "a"(leaf), "c"(subleaf));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
	asm volatile("wrmsr" ::"c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                                                     \
	static inline uint64_t read_cr##n(void)                                                    \
	{                                                                                          \
		uint64_t v;                                                                        \
		asm volatile("mov %%cr" #n ", %0" : "=r"(v));                                      \
		return v;                                                                          \
	}                                                                                          \
	static inline void write_cr##n(uint64_t v)                                                 \
	{                                                                                          \
		asm volatile("mov %0, %%cr" #n ::"r"(v) : "memory");                               \
	}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline uint64_t read_xcr0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static inline void write_xcr0(uint64_t v)
{
	asm volatile("xsetbv" ::"c"(0), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

static inline void irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

static inline void irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

/* Lets one pending interrupt in: sti takes effect after the next instruction. */
static inline void irq_window(void)
{
	asm volatile("sti; nop; cli" ::: "memory");
}

static inline bool irqs_enabled(void)
{
	uint64_t flags;

	asm volatile("pushf; pop %0" : "=r"(flags));
	return flags & RFLAGS_IF;
}

static inline void halt(void)
{
	asm volatile("hlt" ::: "memory");
}

/* Sleeps until an interrupt; sti;hlt cannot lose a wakeup between the two. */
static inline void safe_halt(void)
{
	asm volatile("sti; hlt; cli" ::: "memory");
}

static inline void barrier(void)
{
	asm volatile("" ::: "memory");
}

#endif
