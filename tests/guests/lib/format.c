// SPDX-License-Identifier: MIT
/*
 * vsnprintf for the guests: %d %i %u %x %X %p %s %c %%, the flags '-', '0' and '#', a field width,
 * and the length modifiers l, ll and z. Output is always NUL-terminated when size > 0; the return
 * value is the length the full output would have had, as in C.
 */
#include <stdbool.h>
#include <stdint.h>
#include <guest/console.h>
#include <guest/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t len, unsigned int width, bool left,
		       char pad)
{
	size_t fill = width > len ? width - len : 0;

	if (!left) {
		while (fill--)
			put(o, pad);
	}
	while (len--)
		put(o, *s++);
	if (left) {
		while (fill--)
			put(o, ' ');
	}
}

/* Digits of @v in @base into the end of @tmp; returns the first digit. */
static char *format_unsigned(char *end, uint64_t v, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	return p;
}

static void put_number(struct out *o, uint64_t v, bool negative, unsigned int base, bool upper,
		       unsigned int width, bool left, bool zero)
{
	char tmp[24];
	char *end = tmp + sizeof(tmp);
	char *p = format_unsigned(end, v, base, upper);

	if (negative) {
		/* The sign goes before zero padding, after space padding. */
		if (zero) {
			put(o, '-');
			if (width)
				width--;
		} else {
			*--p = '-';
		}
	}
	put_padded(o, p, end - p, width, left, zero && !left ? '0' : ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {.buf = buf, .size = size, .len = 0};

	for (; *fmt; fmt++) {
		bool left = false, zero = false, alt = false;
		unsigned int width = 0, longs = 0;
		uint64_t u;
		int64_t s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z')
				longs++;
			else
				break;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			s = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			u = s < 0 ? -(uint64_t)s : (uint64_t)s;
			put_number(&o, u, s < 0, 10, false, width, left, zero);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			if (alt && *fmt != 'u') {
				put(&o, '0');
				put(&o, 'x');
			}
			put_number(&o, u, false, *fmt == 'u' ? 10 : 16, *fmt == 'X', width, left,
				   zero);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, width, left,
				   zero);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			put_padded(&o, str, strlen(str), width, left, ' ');
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--; /* a lone '%' at the end: stop at the terminator */
			break;
		default:
			/* Unknown conversions are shown as written, so a typo is visible. */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
