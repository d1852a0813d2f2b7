/* SPDX-License-Identifier: MIT */
/*
 * The test API. A test guest defines test_name and test_main(); the framework prints the title,
 * runs test_main(), then the summary and, as the very last line, "Test result: SUCCESS" or
 * "Test result: FAILURE", and powers the domain off.
 *
 * Each EXPECT_* prints one line, "ok" or "FAIL" with file:line, the expression, and the expected
 * and actual values, and counts failures. A test with no check at all fails.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdbool.h>
#include <stdint.h>

extern const char test_name[];
void test_main(void);

void check_int(const char *file, int line, const char *expr, int64_t actual, int64_t expected);
void check_hex(const char *file, int line, const char *expr, uint64_t actual, uint64_t expected);
/* Hypercall return values: printed with the errno name. */
void check_rc(const char *file, int line, const char *expr, long actual, long expected);
void check_true(const char *file, int line, const char *expr, bool value);
void check_str(const char *file, int line, const char *expr, const char *actual,
	       const char *expected);

#define EXPECT_EQ(actual, expected)  check_int(__FILE__, __LINE__, #actual, (actual), (expected))
#define EXPECT_HEX(actual, expected) check_hex(__FILE__, __LINE__, #actual, (actual), (expected))
#define EXPECT_RC(actual, expected)  check_rc(__FILE__, __LINE__, #actual, (actual), (expected))
#define EXPECT_TRUE(cond)	     check_true(__FILE__, __LINE__, #cond, (cond))
#define EXPECT_STR(actual, expected) check_str(__FILE__, __LINE__, #actual, (actual), (expected))

/* Records a failure that no EXPECT_* expresses, with a printf-style explanation. */
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define FAIL(...) test_fail(__FILE__, __LINE__, __VA_ARGS__)

/* Notes a part of the test that this configuration cannot run (printed, not a failure). */
void test_skip(const char *what, const char *why);

/* Prints the summary and the result line, then powers off. */
void __attribute__((noreturn)) test_finish(void);

const char *errno_name(long rc);

#endif
