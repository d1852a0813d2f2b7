/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of vsnprintf/snprintf (hypervisor/common/lib/format.c). Each defined case is
 * formatted by glibc and by Lamina into every buffer size from 0 to past the full length; the
 * return values, the stored text and the bytes past the buffer must all agree. Built with
 * LAMINA_HOST_TEST, so after lamina/lib.h vsnprintf names ours; glibc's is libc_vsnprintf.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/types.h>
#include <cmocka.h>

static int libc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

#include <lamina/lib.h>

#define OUT_MAX 512
#define GUARD	0xa5

/* Formats into exactly `size` bytes of a guarded buffer; returns the return value. */
static int format_into(unsigned char *area, size_t size, int libc, const char *fmt, va_list ap)
{
	memset(area, GUARD, OUT_MAX + 16);
	if (libc)
		return libc_vsnprintf(size ? (char *)area : NULL, size, fmt, ap);
	return vsnprintf(size ? (char *)area : NULL, size, fmt, ap);
}

static void check_va(const char *fmt, va_list ap)
{
	unsigned char want[OUT_MAX + 16], got[OUT_MAX + 16];
	va_list copy;
	int full;

	va_copy(copy, ap);
	full = format_into(want, OUT_MAX, 1, fmt, copy);
	va_end(copy);
	assert_true(full >= 0 && full < OUT_MAX - 2);

	for (size_t size = 0; size <= (size_t)full + 2; size++) {
		int want_ret, got_ret;

		va_copy(copy, ap);
		want_ret = format_into(want, size, 1, fmt, copy);
		va_end(copy);
		va_copy(copy, ap);
		got_ret = format_into(got, size, 0, fmt, copy);
		va_end(copy);

		if (want_ret != got_ret || memcmp(want, got, sizeof(want)) != 0) {
			print_error("format \"%s\", size %zu: glibc returned %d \"%.*s\", "
				    "lamina %d \"%.*s\"\n",
				    fmt, size, want_ret, (int)size, (char *)want, got_ret,
				    (int)size, (char *)got);
			fail();
		}
	}
}

static void __attribute__((format(printf, 1, 2))) check(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_va(fmt, ap);
	va_end(ap);
}

/*
 * As check, without the compiler's format checking: for flag combinations C defines but GCC
 * warns about (a flag that another overrides, '+' on %u) and for the empty format.
 */
static void check_unchecked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_va(fmt, ap);
	va_end(ap);
}

static void test_signed(void **state)
{
	(void)state;
	check("%d", 0);
	check("%d|%i", 1, -1);
	check("%d", INT_MAX);
	check("%d", INT_MIN);
	check("%i", INT_MIN);
	check_unchecked("[%5d][%-5d][%05d][%-05d]", 42, 42, -42, -42);
	check_unchecked("[%+d][% d][%+ d][%+d]", 5, 5, 5, -5);
	check("[%.3d][%.0d][%5.0d][%-5.0d]", 7, 0, 0, 0);
	check_unchecked("[%08.3d][%.5d][%+.5d]", 5, -12, 12);
	check("[%*d][%*d][%-*d]", 6, 42, -6, 42, 6, 42);
	check("[%.*d][%.*d][%*.*d]", 4, 3, -1, 3, 8, 5, -3);
	check("%ld|%ld", LONG_MIN, LONG_MAX);
	check("%lld|%lld", LLONG_MIN, LLONG_MAX);
	check("%030lld", LLONG_MIN);
	check("%zd|%zd", (ssize_t)-5, (ssize_t)SSIZE_MAX);
	check("%hd|%hd", (short)-32768, (short)12345);
	check("%hd", 70000);
	check("%hhd|%hhd", 200, -129);
}

static void test_unsigned(void **state)
{
	(void)state;
	check("%u|%u", 0u, UINT_MAX);
	check("%x|%X|%o", 0xdeadbeefu, 0xdeadbeefu, 8u);
	check("[%#x][%#X][%#x][%#o][%#o]", 255u, 255u, 0u, 0u, 8u);
	check("[%#.0x][%#.0o][%.0x][%#5.0o]", 0u, 0u, 0u, 0u);
	check("[%#08x][%#-8x][%08X][%#.4o][%#.4x]", 0x1fu, 0x1fu, 0xabu, 8u, 0x1fu);
	check("%lu|%lx", ULONG_MAX, ULONG_MAX);
	check("%llu|%llx|%llX|%llo", ULLONG_MAX, ULLONG_MAX, ULLONG_MAX, ULLONG_MAX);
	check("%#llo|%#llx", ULLONG_MAX, 1ULL << 63);
	check("%zu|%zx|%020zu", SIZE_MAX, SIZE_MAX, (size_t)12345);
	check("%hu|%hx|%hhu|%hhx", 70000u, 0x12345u, 300u, 0x1ffu);
	check_unchecked("[%+u][% u]", 5u, 5u);
	check("%016llx", 0x1234ULL);
}

static void test_pointer(void **state)
{
	int x;

	(void)state;
	check("%p", (void *)0x1234);
	check("%p", (void *)&x);
	check("%p", (void *)UINTPTR_MAX);
	check("[%p][%20p][%-20p]", NULL, NULL, NULL);
	check("[%20p][%-20p]", (void *)0xabc, (void *)0xabc);
}

static void test_string(void **state)
{
	const char *volatile null_string = NULL;

	(void)state;
	check("%s|%s", "abc", "");
	check("[%10s][%-10s][%2s]", "abc", "abc", "abcdef");
	check("[%.2s][%.0s][%.10s][%10.2s][%-10.2s]", "abc", "abc", "abc", "abc", "abc");
	check("[%.*s][%.*s][%*s]", 3, "abcdef", -1, "abcdef", -4, "ab");
	check("%s", null_string);
	check("[%10s][%-10s]", null_string, null_string);
	check("%s", "a string longer than the short buffers used when truncating");
}

static void test_char_and_percent(void **state)
{
	(void)state;
	check("%c%c%c", 'a', 'b', 'c');
	check("[%3c][%-3c]", 'x', 'y');
	check("%c", 0xe9);
	check("a%cb", 0); /* a NUL inside the output still counts */
	check("100%%");
	check("%%d %d %%", 3);
	check_unchecked("");
	check("plain text without conversions");
}

static void test_mixed_and_long(void **state)
{
	(void)state;
	check("(d%u) vcpu %d rip=%#018llx %s: %5.1s|%-4c|%x\n", 3u, 1, 0xffffffff81000000ULL,
	      "crashed", "triple", 'z', 0u);
	check("%300d|", 7);
	check("%-300s|", "left");
	check("%.300d", -1);
}

/* Calls our vsnprintf without the compiler's format checking, for deliberately odd formats. */
static int format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_lamina_specific(void **state)
{
	const char *volatile null_string = NULL;
	char buf[64];

	(void)state;
	/* A NULL string is cut to the precision like any other (glibc prints nothing then). */
	assert_int_equal(format_unchecked(buf, sizeof(buf), "[%.3s]", null_string), 5);
	assert_string_equal(buf, "[(nu]");

	/* Unknown and unfinished conversions are copied out as written. */
	assert_int_equal(format_unchecked(buf, sizeof(buf), "a%yb", 1), 4);
	assert_string_equal(buf, "a%yb");
	assert_int_equal(format_unchecked(buf, sizeof(buf), "%-5.2qz"), 7);
	assert_string_equal(buf, "%-5.2qz");
	assert_int_equal(format_unchecked(buf, sizeof(buf), "abc%"), 4);
	assert_string_equal(buf, "abc%");
	assert_int_equal(format_unchecked(buf, sizeof(buf), "abc%08l"), 7);
	assert_string_equal(buf, "abc%08l");

	/* Absurd widths are clamped rather than overflowing; the length is still reported. */
	assert_int_equal(format_unchecked(buf, sizeof(buf), "%*d", INT_MIN, 1), 100000000);
	assert_int_equal(buf[0], '1');
	assert_int_equal(buf[sizeof(buf) - 1], '\0');
	assert_int_equal(format_unchecked(NULL, 0, "%99999999999d", 1), 100000000);
}

static void test_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(snprintf(buf, 4, "%d", 123456), 6);
	assert_string_equal(buf, "123");
	assert_int_equal(buf[4], 'x');

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(snprintf(buf, 1, "%s", "abc"), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');

	/* size 0: nothing is written, the buffer may be NULL. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(snprintf(buf, 0, "%s", "abc"), 3);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(snprintf(NULL, 0, "%d-%d", 10, 20), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed),		 cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_pointer),		 cmocka_unit_test(test_string),
		cmocka_unit_test(test_char_and_percent), cmocka_unit_test(test_mixed_and_long),
		cmocka_unit_test(test_lamina_specific),	 cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
