// SPDX-License-Identifier: MIT
/* Every kind of IPI the hardware domain might write to its ICR, allowed or refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/icr_policy.h>

#define SELF	  0u
#define OTHER	  1u
#define DEST(id)  ((uint32_t)(id) << 24)
#define LOGICAL	  (1u << 11)
#define ASSERT	  (1u << 14)
#define SH_SELF	  (1u << 18)
#define SH_ALL	  (2u << 18)
#define SH_OTHERS (3u << 18)
#define MODE(m)	  ((uint32_t)(m) << 8)

static void allowed(void **state)
{
	(void)state;
	assert_null(icr_refusal(DEST(SELF), ASSERT | 0xf3, SELF));	      /* fixed, itself */
	assert_null(icr_refusal(DEST(SELF), ASSERT | MODE(1) | 0x30, SELF));  /* lowest prio */
	assert_null(icr_refusal(DEST(SELF), ASSERT | MODE(4), SELF));	      /* NMI, itself */
	assert_null(icr_refusal(DEST(OTHER), ASSERT | SH_SELF | 0xf0, SELF)); /* self shorthand */
	assert_null(icr_refusal(DEST(0xff), ASSERT | LOGICAL | 0xf0, SELF));  /* logical */
	assert_null(icr_refusal(DEST(OTHER), ASSERT | 0xf3, OTHER)); /* its own ID need not be 0 */
}

static void refused(void **state)
{
	(void)state;
	assert_string_equal(icr_refusal(DEST(OTHER), ASSERT | 0xf0, SELF), "not its own CPU");
	assert_string_equal(icr_refusal(DEST(0xff), ASSERT | 0xf0, SELF), "not its own CPU");
	assert_string_equal(icr_refusal(DEST(OTHER), ASSERT | MODE(5), SELF), "INIT");
	assert_string_equal(icr_refusal(DEST(SELF), ASSERT | MODE(5), SELF), "INIT");
	assert_string_equal(icr_refusal(DEST(SELF), MODE(5) | (1u << 15), SELF), "INIT");
	assert_string_equal(icr_refusal(DEST(OTHER), MODE(6) | 0x08, SELF), "STARTUP");
	assert_string_equal(icr_refusal(DEST(OTHER), MODE(6) | SH_SELF, SELF), "STARTUP");
	assert_string_equal(icr_refusal(DEST(SELF), MODE(2), SELF), "SMI");
	assert_string_equal(icr_refusal(DEST(SELF), MODE(3), SELF), "reserved delivery mode");
	assert_string_equal(icr_refusal(DEST(SELF), MODE(7), SELF), "reserved delivery mode");
	assert_string_equal(icr_refusal(0, ASSERT | SH_ALL | 0xf0, SELF), "broadcast");
	assert_string_equal(icr_refusal(0, ASSERT | SH_OTHERS | 0xf0, SELF), "broadcast");
	assert_string_equal(icr_refusal(0, ASSERT | SH_OTHERS | MODE(4), SELF), "broadcast");
	assert_string_equal(icr_refusal(DEST(SELF), ASSERT | LOGICAL | MODE(5), SELF), "INIT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allowed),
		cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
