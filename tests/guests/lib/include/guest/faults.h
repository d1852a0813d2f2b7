/* SPDX-License-Identifier: MIT */
/*
 * Expected exceptions. An instruction that may fault is listed in the .ex_table section together
 * with the address to resume at; when it faults, the trap handler records what happened in
 * last_fault and resumes there. Any other exception is a test failure: the handler prints the
 * vector, error code and registers and ends the test.
 */
#ifndef GUEST_FAULTS_H
#define GUEST_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

#define X86_EXC_DE 0
#define X86_EXC_UD 6
#define X86_EXC_DF 8
#define X86_EXC_GP 13
#define X86_EXC_PF 14

/* What the *_safe helpers return when the instruction completed. */
#define NO_FAULT (-1)

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct fault_record {
	bool happened;
	uint8_t vector;
	uint64_t error_code;
	uint64_t rip;
	uint64_t cr2;
};

extern struct fault_record last_fault;

/* Arms last_fault before a guarded instruction; returns the vector it raised, or NO_FAULT. */
void fault_clear(void);
int fault_vector(void);

int rdmsr_safe(uint32_t msr, uint64_t *value);
int wrmsr_safe(uint32_t msr, uint64_t value);
int read_u8_safe(const volatile void *addr, uint8_t *value);
int write_u8_safe(volatile void *addr, uint8_t value);
/* VMMCALL with RAX = nr; without a hypervisor intercepting it the CPU raises #UD. */
int vmmcall_safe(unsigned long nr, long *result);

const char *exception_name(unsigned int vector);
void traps_init(void);
/* Points IDT @vector at @entry (an interrupt gate for CPL0, interrupts off on entry). */
void idt_set_interrupt_gate(unsigned int vector, void (*entry)(void));

#endif
