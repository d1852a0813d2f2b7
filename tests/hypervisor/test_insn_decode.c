// SPDX-License-Identifier: MIT
/* The store decoder used to emulate the hardware domain's writes to its local APIC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <asm/insn_decode.h>

static struct insn_store decode_ok(const uint8_t *b, size_t n, int long64)
{
	struct insn_store st;
	const char *why = NULL;

	assert_int_equal(insn_decode_store(b, n, long64, &st, &why), 0);
	return st;
}

static void linux_apic_write(void **state)
{
	/* mov %eax,0xffffffffff5fd300 as Linux's native_apic_mem_write compiles: 89 04 25 disp32 */
	static const uint8_t b[] = {0x89, 0x04, 0x25, 0x00, 0xd3, 0x5f, 0xff, 0x90};
	struct insn_store st = decode_ok(b, sizeof(b), 1);

	(void)state;
	assert_int_equal(st.kind, INSN_STORE_REG);
	assert_int_equal(st.len, 7);
	assert_int_equal(st.size, 4);
	assert_int_equal(st.src_reg, 0);
}

static void forms(void **state)
{
	/* mov %r9d,0x300(%rdx): REX.R, disp32 */
	static const uint8_t rex_r[] = {0x44, 0x89, 0x8a, 0x00, 0x03, 0x00, 0x00};
	/* mov %ecx,(%rdi) */
	static const uint8_t plain[] = {0x89, 0x0f};
	/* mov %esi,0x10(%rax,%rbx,4): SIB + disp8 */
	static const uint8_t sib8[] = {0x89, 0x74, 0x98, 0x10};
	/* movl $0x4500,0xb0(%rip): RIP-relative + imm32 */
	static const uint8_t imm[] = {0xc7, 0x05, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00};
	/* xchg %eax,0xfee000b0 (SIB, no base) */
	static const uint8_t xchg[] = {0x87, 0x04, 0x25, 0xb0, 0x00, 0xe0, 0xfe};
	/* mov %rax,(%rdi): REX.W, 8 bytes */
	static const uint8_t wide[] = {0x48, 0x89, 0x07};
	/* 32-bit mode: 0x41 is INC, not REX */
	static const uint8_t inc[] = {0x41, 0x89, 0x07};
	struct insn_store st;

	(void)state;
	st = decode_ok(rex_r, sizeof(rex_r), 1);
	assert_int_equal(st.len, 7);
	assert_int_equal(st.src_reg, 9);
	st = decode_ok(plain, sizeof(plain), 1);
	assert_int_equal(st.len, 2);
	assert_int_equal(st.src_reg, 1);
	st = decode_ok(sib8, sizeof(sib8), 1);
	assert_int_equal(st.len, 4);
	assert_int_equal(st.src_reg, 6);
	st = decode_ok(imm, sizeof(imm), 1);
	assert_int_equal(st.kind, INSN_STORE_IMM);
	assert_int_equal(st.len, 10);
	assert_int_equal(st.imm, 0x4500);
	st = decode_ok(xchg, sizeof(xchg), 1);
	assert_int_equal(st.kind, INSN_XCHG);
	assert_int_equal(st.len, 7);
	st = decode_ok(wide, sizeof(wide), 1);
	assert_int_equal(st.size, 8);
	assert_int_equal(insn_decode_store(inc, sizeof(inc), 0, &st, NULL), -EINVAL);
}

static void refusals(void **state)
{
	static const uint8_t reg_dest[] = {0x89, 0xc8};		   /* mov %ecx,%eax */
	static const uint8_t load[] = {0x8b, 0x07};		   /* mov (%rdi),%eax */
	static const uint8_t c7_reg1[] = {0xc7, 0x08, 0, 0, 0, 0}; /* C7 /1: undefined */
	static const uint8_t cut[] = {0x89, 0x04, 0x25, 0x00, 0xd3};
	static const uint8_t cut_imm[] = {0xc7, 0x07, 0x01, 0x02};
	struct insn_store st;
	const char *why = NULL;

	(void)state;
	assert_int_equal(insn_decode_store(reg_dest, sizeof(reg_dest), 1, &st, &why), -EINVAL);
	assert_string_equal(why, "register destination, not memory");
	assert_int_equal(insn_decode_store(load, sizeof(load), 1, &st, &why), -EINVAL);
	assert_string_equal(why, "not a MOV or XCHG store");
	assert_int_equal(insn_decode_store(c7_reg1, sizeof(c7_reg1), 1, &st, &why), -EINVAL);
	assert_int_equal(insn_decode_store(cut, sizeof(cut), 1, &st, &why), -EINVAL);
	assert_string_equal(why, "instruction cut short");
	assert_int_equal(insn_decode_store(cut_imm, sizeof(cut_imm), 1, &st, &why), -EINVAL);
	assert_int_equal(insn_decode_store(cut, 0, 1, &st, &why), -EINVAL);
}

/* Every byte string either decodes to a length within it or is refused. */
static void never_reads_past_the_end(void **state)
{
	uint8_t b[INSN_MAX_LEN];
	uint32_t seed = 12345;

	(void)state;
	for (int round = 0; round < 200000; round++) {
		struct insn_store st;
		size_t n = (size_t)(seed % (INSN_MAX_LEN + 1));

		for (size_t i = 0; i < sizeof(b); i++) {
			seed = seed * 1103515245u + 12345u;
			b[i] = (uint8_t)(seed >> 16);
		}
		if (round % 3 == 0)
			b[0] = 0x89;
		if (insn_decode_store(b, n, round & 1, &st, NULL) == 0)
			assert_true(st.len >= 2 && st.len <= n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linux_apic_write),
		cmocka_unit_test(forms),
		cmocka_unit_test(refusals),
		cmocka_unit_test(never_reads_past_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
