// SPDX-License-Identifier: MIT
/*
 * Memory and string functions, and the conversions from text to numbers.
 *
 * The copy and fill loops move eight bytes at a time when the pointers allow it: the hypervisor
 * copies and clears whole pages, and under TCG every instruction costs. Word accesses go through
 * a may_alias type so that the compiler's aliasing rules hold for any caller's buffer.
 */
#include <lamina/errno.h>
#include <lamina/lib.h>

typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD_SIZE sizeof(word_t)

static int both_word_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & (WORD_SIZE - 1)) == 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (both_word_aligned(d, s)) {
		for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* A forward copy is safe unless dst starts inside [src, src + n). */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);

	d += n;
	s += n;
	if (both_word_aligned(d, s)) {
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char byte = (unsigned char)c;

	while (n && ((uintptr_t)d & (WORD_SIZE - 1))) {
		*d++ = byte;
		n--;
	}
	if (n >= WORD_SIZE) {
		word_t pattern = byte * (word_t)0x0101010101010101ULL;

		for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE)
			*(word_t *)d = pattern;
	}
	while (n--)
		*d++ = byte;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y || !*x)
			return *x - *y;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The value of c as a digit in any base up to 36, or 36 when c is no digit at all. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A' + 10);
	return 36;
}

static int has_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long value = 0;
	int negative = 0, overflow = 0, any = 0;

	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36)
		return 0;

	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		negative = *p++ == '-';

	if ((base == 0 || base == 16) && has_hex_prefix(p)) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}

	for (;; p++) {
		unsigned int d = digit_value(*p);

		if (d >= (unsigned int)base)
			break;
		any = 1;
		if (value > (~0UL - d) / (unsigned long)base)
			overflow = 1;
		else
			value = value * (unsigned long)base + d;
	}
	if (!any)
		return 0;
	if (end)
		*end = (char *)p;
	if (overflow)
		return ~0UL;
	return negative ? -value : value;
}

/* The power-of-1024 shift a size suffix stands for, or 0 when c is none. */
static unsigned int size_suffix_shift(char c)
{
	static const struct {
		char upper, lower;
		unsigned int shift;
	} suffixes[] = {{'K', 'k', 10}, {'M', 'm', 20}, {'G', 'g', 30}, {'T', 't', 40}};

	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		if (c == suffixes[i].upper || c == suffixes[i].lower)
			return suffixes[i].shift;
	}
	return 0;
}

int parse_size(const char *s, uint64_t *out, const char **end)
{
	unsigned int base = 10, shift;
	uint64_t value = 0;
	const char *p = s;

	if (has_hex_prefix(p)) {
		base = 16;
		p += 2;
	}
	if (digit_value(*p) >= base)
		return -EINVAL;

	for (; digit_value(*p) < base; p++) {
		unsigned int d = digit_value(*p);

		if (value > (UINT64_MAX - d) / base)
			return -ERANGE;
		value = value * base + d;
	}

	shift = size_suffix_shift(*p);
	if (shift) {
		if (value > (UINT64_MAX >> shift))
			return -ERANGE;
		value <<= shift;
		p++;
	}

	if (end)
		*end = p;
	else if (*p)
		return -EINVAL;
	*out = value;
	return 0;
}
