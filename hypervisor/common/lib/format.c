// SPDX-License-Identifier: MIT
/*
 * printf-style formatting into a bounded buffer (vsnprintf, snprintf).
 *
 * Every character goes through one sink that counts it and stores it only while it fits, which
 * gives C99's return value (the untruncated length) and keeps every write inside the buffer.
 * A conversion is parsed into a struct spec first and then rendered, so that the width, flag
 * and precision rules live in one place for all the integer conversions.
 */
#include <lamina/lib.h>

struct sink {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, stored or not */
};

static void put(struct sink *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void put_repeated(struct sink *out, char c, int count)
{
	for (; count > 0; count--)
		put(out, c);
}

static void put_chars(struct sink *out, const char *s, size_t n)
{
	while (n--)
		put(out, *s++);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

struct spec {
	int left;      /* '-': pad on the right */
	int zero;      /* '0': pad numbers with zeros */
	int alternate; /* '#': 0x prefix for x, leading 0 for o */
	int plus;      /* '+': sign on non-negative numbers */
	int space;     /* ' ': space in place of a '+' sign */
	int width;
	int precision; /* -1: none given */
	enum length length;
	char conversion;
};

static const char *parse_flags(const char *p, struct spec *spec)
{
	for (;; p++) {
		switch (*p) {
		case '-':
			spec->left = 1;
			break;
		case '0':
			spec->zero = 1;
			break;
		case '#':
			spec->alternate = 1;
			break;
		case '+':
			spec->plus = 1;
			break;
		case ' ':
			spec->space = 1;
			break;
		default:
			return p;
		}
	}
}

/*
 * Widths and precisions are clamped to this, which no real field reaches, so that arithmetic on
 * them cannot overflow an int.
 */
#define FIELD_MAX 100000000

/* Reads decimal digits, saturating at FIELD_MAX. */
static const char *parse_number(const char *p, int *value)
{
	*value = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		*value = MIN(*value * 10 + (*p - '0'), FIELD_MAX);
	return p;
}

/* A '*' width: a negative one means '-' and its magnitude. */
static void take_width(struct spec *spec, int width)
{
	if (width < 0) {
		spec->left = 1;
		spec->width = width < -FIELD_MAX ? FIELD_MAX : -width;
	} else {
		spec->width = MIN(width, FIELD_MAX);
	}
}

static const char *parse_length(const char *p, enum length *length)
{
	if (p[0] == 'h' && p[1] == 'h') {
		*length = LEN_CHAR;
		return p + 2;
	}
	if (p[0] == 'l' && p[1] == 'l') {
		*length = LEN_LONG_LONG;
		return p + 2;
	}
	switch (*p) {
	case 'h':
		*length = LEN_SHORT;
		return p + 1;
	case 'l':
		*length = LEN_LONG;
		return p + 1;
	case 'z':
		*length = LEN_SIZE;
		return p + 1;
	default:
		*length = LEN_INT;
		return p;
	}
}

/* Parses everything between '%' and the conversion character, taking '*' values from ap. */
static const char *parse_spec(const char *p, struct spec *spec, va_list *ap)
{
	*spec = (struct spec){.precision = -1};

	p = parse_flags(p, spec);
	if (*p == '*') {
		take_width(spec, va_arg(*ap, int));
		p++;
	} else {
		p = parse_number(p, &spec->width);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			int precision = va_arg(*ap, int);

			/* A negative '*' precision counts as none given. */
			spec->precision = precision < 0 ? -1 : MIN(precision, FIELD_MAX);
			p++;
		} else {
			p = parse_number(p, &spec->precision);
		}
	}
	p = parse_length(p, &spec->length);
	spec->conversion = *p;
	return p;
}

static unsigned long long get_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LONG_LONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long get_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LONG_LONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		/* %zd takes the signed type of size_t's width. */
		return (long long)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Pads a field of `length` characters to the spec's width on the side the '-' flag picks. */
static void pad_left(struct sink *out, const struct spec *spec, int length)
{
	if (!spec->left)
		put_repeated(out, ' ', spec->width - length);
}

static void pad_right(struct sink *out, const struct spec *spec, int length)
{
	if (spec->left)
		put_repeated(out, ' ', spec->width - length);
}

/*
 * Renders one integer: [sign][prefix][zeros][digits], padded to the width. The precision is the
 * minimum number of digits; with a precision the '0' flag is ignored, as C specifies.
 */
static void put_integer(struct sink *out, const struct spec *spec, unsigned long long magnitude,
			char sign)
{
	static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";
	const char *digit_chars = spec->conversion == 'X' ? upper : lower;
	unsigned int base = 10;
	char digits[24];
	int ndigits = 0, zeros, length;
	const char *prefix = "";
	int nonzero = magnitude != 0;

	if (spec->conversion == 'x' || spec->conversion == 'X' || spec->conversion == 'p')
		base = 16;
	else if (spec->conversion == 'o')
		base = 8;

	for (; magnitude; magnitude /= base)
		digits[ndigits++] = digit_chars[magnitude % base];
	if (ndigits == 0 && spec->precision != 0)
		digits[ndigits++] = '0';

	zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;
	if (spec->alternate && base == 16 && nonzero)
		prefix = spec->conversion == 'X' ? "0X" : "0x";
	if (spec->alternate && base == 8 && zeros == 0 &&
	    (ndigits == 0 || digits[ndigits - 1] != '0'))
		zeros = 1;

	length = (sign ? 1 : 0) + (int)strlen(prefix) + zeros + ndigits;
	if (spec->zero && !spec->left && spec->precision < 0 && spec->width > length) {
		zeros += spec->width - length;
		length = spec->width;
	}

	pad_left(out, spec, length);
	if (sign)
		put(out, sign);
	put_chars(out, prefix, strlen(prefix));
	put_repeated(out, '0', zeros);
	while (ndigits)
		put(out, digits[--ndigits]);
	pad_right(out, spec, length);
}

static void put_string(struct sink *out, const struct spec *spec, const char *s)
{
	size_t max = spec->precision < 0 ? (size_t)-1 : (size_t)spec->precision;
	int length;

	if (!s)
		s = "(null)";
	length = (int)strnlen(s, max);
	pad_left(out, spec, length);
	put_chars(out, s, (size_t)length);
	pad_right(out, spec, length);
}

static char sign_of(const struct spec *spec, int negative)
{
	if (negative)
		return '-';
	if (spec->plus)
		return '+';
	return spec->space ? ' ' : 0;
}

/* Renders one parsed conversion; returns 0 when the conversion character is unknown. */
static int put_conversion(struct sink *out, struct spec *spec, va_list *ap)
{
	switch (spec->conversion) {
	case 'd':
	case 'i': {
		long long value = get_signed(ap, spec->length);
		unsigned long long magnitude =
			value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;

		put_integer(out, spec, magnitude, sign_of(spec, value < 0));
		return 1;
	}
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		put_integer(out, spec, get_unsigned(ap, spec->length), 0);
		return 1;
	case 'p': {
		void *ptr = va_arg(*ap, void *);

		if (!ptr) {
			spec->precision = -1;
			put_string(out, spec, "(nil)");
			return 1;
		}
		spec->alternate = 1;
		put_integer(out, spec, (uintptr_t)ptr, sign_of(spec, 0));
		return 1;
	}
	case 's':
		put_string(out, spec, va_arg(*ap, const char *));
		return 1;
	case 'c':
		pad_left(out, spec, 1);
		put(out, (char)va_arg(*ap, int));
		pad_right(out, spec, 1);
		return 1;
	case '%':
		put(out, '%');
		return 1;
	default:
		return 0;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink out = {.buf = buf, .size = size};
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		struct spec spec;

		if (*fmt != '%') {
			put(&out, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &args);
		if (put_conversion(&out, &spec, &args)) {
			fmt++;
			continue;
		}
		/* An unknown or unfinished conversion is copied out as written. */
		if (*fmt)
			fmt++;
		put_chars(&out, start, (size_t)(fmt - start));
	}
	va_end(args);

	if (size)
		buf[out.len < size ? out.len : size - 1] = '\0';
	return out.len > 0x7fffffff ? 0x7fffffff : (int)out.len;
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
