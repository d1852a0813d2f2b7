// SPDX-License-Identifier: MIT
/* Decoding the stores the hardware domain makes to emulated pages (see asm/insn_decode.h). */
#include <lamina/errno.h>
#include <asm/insn_decode.h>

#define PREFIX_OPSIZE 0x66
#define OP_MOV_STORE  0x89
#define OP_MOV_IMM    0xc7
#define OP_XCHG	      0x87
#define REX_W	      0x8
#define REX_R	      0x4

static int refuse(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

/* Bytes after the ModRM byte taken by SIB and displacement; -1 for a register operand. */
static int modrm_tail(const uint8_t *p, size_t left, uint8_t modrm, int long64)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	int tail = 0;

	(void)long64; /* disp32 with mod 0, rm 5 is RIP-relative in 64-bit mode: same length */
	if (mod == 3)
		return -1;
	if (rm == 4) {
		if (left < 1)
			return -2;
		tail = 1;
		if (mod == 0 && (p[0] & 7) == 5)
			tail += 4; /* SIB with no base: disp32 */
	} else if (mod == 0 && rm == 5) {
		tail = 4;
	}
	if (mod == 1)
		tail += 1;
	else if (mod == 2)
		tail += 4;
	return tail;
}

int insn_decode_store(const uint8_t *bytes, size_t n, int long64, struct insn_store *out,
		      const char **why)
{
	size_t i = 0;
	unsigned int opsize = 4, rex = 0;
	uint8_t op, modrm;
	int tail;

	if (n > INSN_MAX_LEN)
		n = INSN_MAX_LEN;
	while (i < n && bytes[i] == PREFIX_OPSIZE) {
		opsize = 2;
		i++;
	}
	if (long64 && i < n && (bytes[i] & 0xf0) == 0x40)
		rex = bytes[i++] & 0xf;
	if (rex & REX_W)
		opsize = 8;
	if (i + 2 > n)
		return refuse(why, "instruction cut short");
	op = bytes[i++];
	modrm = bytes[i++];
	if (op != OP_MOV_STORE && op != OP_MOV_IMM && op != OP_XCHG)
		return refuse(why, "not a MOV or XCHG store");
	if (op == OP_MOV_IMM && ((modrm >> 3) & 7) != 0)
		return refuse(why, "opcode C7 with a reg field other than 0");
	tail = modrm_tail(bytes + i, n - i, modrm, long64);
	if (tail == -1)
		return refuse(why, "register destination, not memory");
	if (tail < 0 || i + (size_t)tail > n)
		return refuse(why, "instruction cut short");
	i += (size_t)tail;
	*out = (struct insn_store){.size = opsize,
				   .src_reg = ((modrm >> 3) & 7) | ((rex & REX_R) ? 8 : 0)};
	if (op == OP_MOV_IMM) {
		unsigned int imm_len = opsize == 2 ? 2 : 4;
		uint64_t imm = 0;

		if (i + imm_len > n)
			return refuse(why, "instruction cut short");
		for (unsigned int k = 0; k < imm_len; k++)
			imm |= (uint64_t)bytes[i + k] << (8 * k);
		if (opsize == 8 && (imm & 0x80000000ULL))
			imm |= 0xffffffff00000000ULL;
		i += imm_len;
		out->kind = INSN_STORE_IMM;
		out->imm = imm;
		out->src_reg = 0;
	} else {
		out->kind = op == OP_XCHG ? INSN_XCHG : INSN_STORE_REG;
	}
	out->len = (unsigned int)i;
	return 0;
}
