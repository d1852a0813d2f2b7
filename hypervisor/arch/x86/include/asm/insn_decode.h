/* SPDX-License-Identifier: MIT */
/*
 * Just enough of an x86 decoder to emulate a store that faulted in nested paging: the hardware
 * domain's writes to its local APIC page, which must be checked before they reach the device.
 * Without DecodeAssists (QEMU's TCG has none) the exit says where the store went but not what
 * was stored or how long the instruction was; this finds both. Pure code.
 */
#ifndef ASM_INSN_DECODE_H
#define ASM_INSN_DECODE_H

#include <stddef.h>
#include <stdint.h>

#define INSN_MAX_LEN 15

enum insn_store_kind {
	INSN_STORE_REG, /* MOV r/m, reg: the value is register src_reg */
	INSN_STORE_IMM, /* MOV r/m, imm32 (sign-extended for 64-bit stores) */
	INSN_XCHG,	/* XCHG r/m, reg: stores src_reg and loads the old value into it */
};

struct insn_store {
	enum insn_store_kind kind;
	unsigned int len;  /* bytes, prefixes included */
	unsigned int size; /* operand bytes: 2, 4 or 8 */
	unsigned int
		src_reg; /* 0-15 in encoding order: rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8.. */
	uint64_t imm;
};

/*
 * Decodes a memory store at the start of bytes (n of them readable), in 64-bit mode when long64
 * is true and 32-bit protected mode otherwise. Returns 0, or -EINVAL for anything that is not
 * one of the stores above with a memory destination (with *why saying what; why may be NULL).
 */
int insn_decode_store(const uint8_t *bytes, size_t n, int long64, struct insn_store *out,
		      const char **why);

#endif
