/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's small C library: the string and formatting functions it needs, with the
 * standard prototypes, plus a few helpers.
 *
 * Host unit tests compile the library beside glibc. With LAMINA_HOST_TEST defined, the standard
 * names below become lamina_<name>, so the library under test neither clashes with glibc nor
 * replaces it for the test harness. Include this header after the system headers; a test that
 * wants glibc's version of a function calls it before that point or through a wrapper defined
 * there.
 */
#ifndef LAMINA_LIB_H
#define LAMINA_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef LAMINA_HOST_TEST
#define memcpy	  lamina_memcpy
#define memmove	  lamina_memmove
#define memset	  lamina_memset
#define memcmp	  lamina_memcmp
#define strlen	  lamina_strlen
#define strnlen	  lamina_strnlen
#define strcmp	  lamina_strcmp
#define strncmp	  lamina_strncmp
#define strchr	  lamina_strchr
#define strrchr	  lamina_strrchr
#define strtoul	  lamina_strtoul
#define vsnprintf lamina_vsnprintf
#define snprintf  lamina_snprintf
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Both arguments are evaluated twice; pass no expression with side effects. */
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* align must be a power of two; the result has the type of x. */
#define ALIGN_UP(x, align)   (((x) + ((__typeof__(x))(align)-1)) & ~((__typeof__(x))(align)-1))
#define ALIGN_DOWN(x, align) ((x) & ~((__typeof__(x))(align)-1))
#define IS_ALIGNED(x, align) (((x) & ((__typeof__(x))(align)-1)) == 0)

/* The structure of type `type` whose member `member` is at ptr. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * As C's strtoul: leading white space, an optional sign, base 0 (prefix decides: 0x hex, 0
 * octal, else decimal) or 2..36. On overflow returns ULONG_MAX; with no digits returns 0 and sets
 * *end to s. There is no errno: callers that must tell overflow apart use parse_size.
 */
unsigned long strtoul(const char *s, char **end, int base);

/*
 * Formats as C99 does, for the conversions d i u x X o p s c % with the length modifiers hh h
 * l ll z, the flags - 0 # + space, a field width and a precision (either may be *). A NULL
 * string prints as "(null)" (cut to the precision); NULL %p as "(nil)". Writes at most size
 * bytes including the terminating NUL (always written when size > 0) and returns the length
 * the whole output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Parses a size: decimal digits, or 0x and hex digits, then an optional suffix K, M, G or T
 * (either case; powers of 1024). Returns 0 and stores the value in *out; -EINVAL when no digits
 * come first, or when end is NULL and anything follows the size; -ERANGE when the value does not
 * fit 64 bits. With end non-NULL, *end is set to the first character after the size on success.
 */
int parse_size(const char *s, uint64_t *out, const char **end);

#endif
