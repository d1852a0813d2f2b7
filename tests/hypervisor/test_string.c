/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the hypervisor's string functions and helpers (hypervisor/common/lib/string.c,
 * lamina/lib.h), mostly against glibc on the same inputs. Built with LAMINA_HOST_TEST: after
 * lamina/lib.h is included, memcpy and friends name the library under test; glibc's versions
 * are reached through the libc_* wrappers defined before it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>

static void *libc_memmove(void *d, const void *s, size_t n)
{
	return memmove(d, s, n);
}

static int libc_memcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

static int libc_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

static int libc_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}

static unsigned long libc_strtoul(const char *s, char **end, int base)
{
	return strtoul(s, end, base);
}

#include <lamina/errno.h>
#include <lamina/lib.h>

#define BUF 256

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void fill_pattern(unsigned char *b, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

/* Every alignment of source and destination and every length up to three words and more. */
static void test_memcpy(void **state)
{
	unsigned char src[BUF], dst[BUF], want[BUF];

	(void)state;
	fill_pattern(src, BUF, 1);
	for (size_t so = 0; so < 16; so++) {
		for (size_t dof = 0; dof < 16; dof++) {
			for (size_t n = 0; n < 80; n++) {
				fill_pattern(dst, BUF, 100);
				fill_pattern(want, BUF, 100);
				for (size_t i = 0; i < n; i++)
					want[dof + i] = src[so + i];
				assert_ptr_equal(memcpy(dst + dof, src + so, n), dst + dof);
				assert_memory_equal(dst, want, BUF);
			}
		}
	}
}

/* Overlap in both directions, compared with glibc on identical buffers. */
static void test_memmove(void **state)
{
	unsigned char ours[BUF], theirs[BUF];

	(void)state;
	for (size_t from = 0; from < 40; from++) {
		for (size_t to = 0; to < 40; to++) {
			for (size_t n = 0; n < 100; n += 3) {
				fill_pattern(ours, BUF, 9);
				fill_pattern(theirs, BUF, 9);
				assert_ptr_equal(memmove(ours + to, ours + from, n), ours + to);
				libc_memmove(theirs + to, theirs + from, n);
				assert_memory_equal(ours, theirs, BUF);
			}
		}
	}
}

static void test_memset(void **state)
{
	static const int values[] = {0, 0x5a, 0xff, 0x1a5, -1};
	unsigned char dst[BUF], want[BUF];

	(void)state;
	for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
		for (size_t off = 0; off < 16; off++) {
			for (size_t n = 0; n < 80; n++) {
				fill_pattern(dst, BUF, 3);
				fill_pattern(want, BUF, 3);
				for (size_t i = 0; i < n; i++)
					want[off + i] = (unsigned char)values[v];
				assert_ptr_equal(memset(dst + off, values[v], n), dst + off);
				assert_memory_equal(dst, want, BUF);
			}
		}
	}
}

static void test_memcmp(void **state)
{
	unsigned char a[64], b[64];

	(void)state;
	fill_pattern(a, sizeof(a), 0x70);
	for (size_t pos = 0; pos < sizeof(a); pos++) {
		static const unsigned char deltas[] = {1, 0x7f, 0x80, 0xff};

		for (size_t d = 0; d < ARRAY_SIZE(deltas); d++) {
			memcpy(b, a, sizeof(a));
			b[pos] = (unsigned char)(b[pos] + deltas[d]);
			for (size_t n = 0; n <= sizeof(a); n += 5) {
				assert_int_equal(sign(memcmp(a, b, n)), sign(libc_memcmp(a, b, n)));
				assert_int_equal(sign(memcmp(b, a, n)), sign(libc_memcmp(b, a, n)));
			}
		}
	}
	assert_int_equal(memcmp(a, a, sizeof(a)), 0);
}

static void test_strlen_strnlen(void **state)
{
	static const char *const strings[] = {"", "a", "hello", "a longer string with spaces"};
	char *unterminated;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(strings); i++) {
		size_t len = strlen(strings[i]);

		for (size_t max = 0; max < len + 3; max++)
			assert_int_equal(strnlen(strings[i], max), max < len ? max : len);
	}
	assert_int_equal(strlen("hello"), 5);
	assert_int_equal(strlen(""), 0);

	/* strnlen must stop at max even without a NUL (AddressSanitizer watches the heap block). */
	unterminated = malloc(8);
	assert_non_null(unterminated);
	memset(unterminated, 'x', 8);
	assert_int_equal(strnlen(unterminated, 8), 8);
	assert_int_equal(strnlen(unterminated, 3), 3);
	free(unterminated);
}

static const char *const compare_strings[] = {
	"", "a", "b", "ab", "abc", "abd", "abcd", "A", "\x7f", "\x80", "\xff", "a\xff", "a\x01",
};

static void test_strcmp_strncmp(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(compare_strings); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(compare_strings); j++) {
			const char *a = compare_strings[i], *b = compare_strings[j];

			assert_int_equal(sign(strcmp(a, b)), sign(libc_strcmp(a, b)));
			for (size_t n = 0; n < 6; n++)
				assert_int_equal(sign(strncmp(a, b, n)),
						 sign(libc_strncmp(a, b, n)));
		}
	}
	/* n stops the comparison before the strings differ. */
	assert_int_equal(strncmp("abcX", "abcY", 3), 0);
	assert_true(strncmp("abcX", "abcY", 4) < 0);
}

static void test_strchr_strrchr(void **state)
{
	static const char s[] = "path/to/a\xe9/file";

	(void)state;
	assert_ptr_equal(strchr(s, '/'), s + 4);
	assert_ptr_equal(strrchr(s, '/'), s + 10);
	assert_ptr_equal(strchr(s, 'p'), s);
	assert_ptr_equal(strrchr(s, 'p'), s);
	assert_null(strchr(s, 'z'));
	assert_null(strrchr(s, 'z'));
	/* The terminator is part of the string. */
	assert_ptr_equal(strchr(s, '\0'), s + sizeof(s) - 1);
	assert_ptr_equal(strrchr(s, '\0'), s + sizeof(s) - 1);
	/* c is converted to char: high bytes and values above 0xff match by their low byte. */
	assert_ptr_equal(strchr(s, 0xe9), s + 9);
	assert_ptr_equal(strchr(s, 0x1e9), s + 9);
	assert_ptr_equal(strrchr(s, 0xe9), s + 9);
	assert_null(strchr("", 'a'));
	assert_null(strrchr("", 'a'));
}

struct strtoul_case {
	const char *s;
	int base;
};

static void test_strtoul_matches_libc(void **state)
{
	static const struct strtoul_case cases[] = {
		{"0", 10},
		{"123", 10},
		{"  42", 10},
		{"\t\n\v\f\r +7", 10},
		{"-1", 10},
		{"-0", 10},
		{"+", 10},
		{"-", 10},
		{"", 10},
		{"   ", 0},
		{"abc", 10},
		{"12abc", 10},
		{"0x1f", 16},
		{"0X1F", 16},
		{"0x1f", 0},
		{"1f", 16},
		{"0x", 16},
		{"0x", 0},
		{"0xg", 16},
		{"0x1f", 10},
		{"017", 0},
		{"08", 0},
		{"0", 0},
		{"017", 8},
		{"101012", 2},
		{"zZ", 36},
		{"18446744073709551615", 10},
		{"18446744073709551616", 10},
		{"99999999999999999999999", 10},
		{"-18446744073709551615", 10},
		{"-18446744073709551616", 10},
		{"ffffffffffffffff", 16},
		{"1ffffffffffffffff", 16},
		{"1777777777777777777777", 8},
		{"2000000000000000000000", 8},
	};
	static const int bad_bases[] = {1, 37, -2, INT_MIN};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *ours_end, *libc_end;
		unsigned long ours = strtoul(cases[i].s, &ours_end, cases[i].base);
		unsigned long theirs = libc_strtoul(cases[i].s, &libc_end, cases[i].base);

		if (ours != theirs || ours_end != libc_end)
			print_error("strtoul(\"%s\", %d): lamina %lu end+%td, glibc %lu end+%td\n",
				    cases[i].s, cases[i].base, ours, ours_end - cases[i].s, theirs,
				    libc_end - cases[i].s);
		assert_true(ours == theirs);
		assert_ptr_equal(ours_end, libc_end);
	}
	/* A NULL end pointer is allowed. */
	assert_int_equal(strtoul("77", NULL, 8), 63);

	/* glibc leaves *end alone for an invalid base; ours points it at the text, as for no
	 * digits. */
	for (size_t i = 0; i < ARRAY_SIZE(bad_bases); i++) {
		const char *text = "12";
		char *end = NULL;

		assert_int_equal(strtoul(text, &end, bad_bases[i]), 0);
		assert_int_equal(libc_strtoul(text, NULL, bad_bases[i]), 0);
		assert_ptr_equal(end, text);
	}
}

struct size_case {
	const char *s;
	int result;
	uint64_t value;
};

static void test_parse_size(void **state)
{
	static const struct size_case cases[] = {
		{"0", 0, 0},
		{"4096", 0, 4096},
		{"16k", 0, 16ULL << 10},
		{"16K", 0, 16ULL << 10},
		{"512M", 0, 512ULL << 20},
		{"512m", 0, 512ULL << 20},
		{"2G", 0, 2ULL << 30},
		{"3t", 0, 3ULL << 40},
		{"0x1000", 0, 0x1000},
		{"0X10M", 0, 0x10ULL << 20},
		{"0xfffffffffffffffF", 0, UINT64_MAX},
		{"18446744073709551615", 0, UINT64_MAX},
		{"16777215T", 0, 16777215ULL << 40},
		{"18446744073709551616", -ERANGE, 0},
		{"99999999999999999999999", -ERANGE, 0},
		{"0x10000000000000000", -ERANGE, 0},
		{"16777216T", -ERANGE, 0},
		{"17179869184G", -ERANGE, 0},
		{"", -EINVAL, 0},
		{"M", -EINVAL, 0},
		{"-1", -EINVAL, 0},
		{"+1", -EINVAL, 0},
		{" 1", -EINVAL, 0},
		{"0x", -EINVAL, 0},
		{"12X", -EINVAL, 0},
		{"1M ", -EINVAL, 0},
		{"1MB", -EINVAL, 0},
		{"0x1g", 0, 1ULL << 30}, /* g is no hex digit: it is the suffix */
		{"0x1gk", -EINVAL, 0},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t out = 0xabcdef;
		int r = parse_size(cases[i].s, &out, NULL);

		if (r != cases[i].result)
			print_error("parse_size(\"%s\") = %d, want %d\n", cases[i].s, r,
				    cases[i].result);
		assert_int_equal(r, cases[i].result);
		/* Failure leaves the output alone. */
		assert_true(out == (r ? 0xabcdef : cases[i].value));
	}
}

static void test_parse_size_end(void **state)
{
	const char *text = "512M,initrd=1", *end = NULL;
	uint64_t out = 0;

	(void)state;
	assert_int_equal(parse_size(text, &out, &end), 0);
	assert_true(out == 512ULL << 20);
	assert_ptr_equal(end, text + 4);

	text = "0x2000 rest";
	assert_int_equal(parse_size(text, &out, &end), 0);
	assert_true(out == 0x2000);
	assert_ptr_equal(end, text + 6);

	/* "0xg": no hex digit after 0x, so the size is the decimal 0 and parsing stops at x. */
	text = "0xg";
	assert_int_equal(parse_size(text, &out, &end), 0);
	assert_true(out == 0);
	assert_ptr_equal(end, text + 1);

	end = NULL;
	assert_int_equal(parse_size("K1", &out, &end), -EINVAL);
	assert_null(end);
	assert_int_equal(parse_size("99999999999999999999", &out, &end), -ERANGE);
	assert_null(end);
}

struct outer {
	int a;
	char b[3];
	long c;
};

static void test_helpers(void **state)
{
	struct outer o;
	int arr[7];
	uint64_t big = 0x100001;

	(void)state;
	(void)arr;
	assert_int_equal(ARRAY_SIZE(arr), 7);
	assert_int_equal(MIN(3, -4), -4);
	assert_int_equal(MAX(3, -4), 3);
	assert_int_equal(MIN(5u, 5u), 5u);

	assert_int_equal(ALIGN_UP(0, 4096), 0);
	assert_int_equal(ALIGN_UP(1, 4096), 4096);
	assert_int_equal(ALIGN_UP(4096, 4096), 4096);
	assert_int_equal(ALIGN_UP(4097, 4096), 8192);
	assert_int_equal(ALIGN_DOWN(4097, 4096), 4096);
	assert_int_equal(ALIGN_DOWN(4095, 4096), 0);
	/* The mask takes x's width: no bits above 32 are lost for a 64-bit x. */
	assert_true(ALIGN_DOWN(0x123456789abcULL, 4096) == 0x123456789000ULL);
	assert_true(ALIGN_UP(0xfffffffff001ULL, 4096) == 0x1000000000000ULL);
	assert_true(ALIGN_UP(big, 1 << 20) == 0x200000);
	assert_true(IS_ALIGNED(0x200000ULL, 1 << 21));
	assert_false(IS_ALIGNED(0x201000ULL, 1 << 21));
	assert_true(IS_ALIGNED(0, 8));

	assert_ptr_equal(container_of(&o.c, struct outer, c), &o);
	assert_ptr_equal(container_of(&o.b[0], struct outer, b), &o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),	       cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_memset),	       cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strlen_strnlen), cmocka_unit_test(test_strcmp_strncmp),
		cmocka_unit_test(test_strchr_strrchr), cmocka_unit_test(test_strtoul_matches_libc),
		cmocka_unit_test(test_parse_size),     cmocka_unit_test(test_parse_size_end),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
