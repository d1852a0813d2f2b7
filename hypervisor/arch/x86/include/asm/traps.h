/* SPDX-License-Identifier: MIT */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <stdint.h>

/* Interrupt vectors the hypervisor uses for itself. */
#define VECTOR_TIMER	0xf0
#define VECTOR_KICK	0xf1
#define VECTOR_STOP	0xf2
#define VECTOR_SPURIOUS 0xff

/* Registers pushed by the interrupt entry points in entry.S, in this order. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void traps_init_cpu(void);
void dump_backtrace(const void *frame_pointer);

#endif
