// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "outcome.h"

void outcome_init(struct outcome *o)
{
	o->failed = false;
	o->len = 0;
	o->text[0] = '\0';
}

/* Appends to the text; what does not fit is cut, and the cut is marked. */
static void append_v(struct outcome *o, const char *fmt, va_list ap)
{
	size_t room = sizeof(o->text) - o->len;
	int n;

	if (room <= 1)
		return;
	n = vsnprintf(o->text + o->len, room, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		o->len = sizeof(o->text) - 1;
		memcpy(o->text + o->len - 3, "...", 3);
		return;
	}
	o->len += (size_t)n;
}

static void append(struct outcome *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_v(o, fmt, ap);
	va_end(ap);
}

static void separate(struct outcome *o)
{
	if (o->len)
		append(o, "; ");
}

void outcome_note(struct outcome *o, const char *fmt, ...)
{
	va_list ap;

	separate(o);
	va_start(ap, fmt);
	append_v(o, fmt, ap);
	va_end(ap);
}

bool outcome_fail(struct outcome *o, const char *fmt, ...)
{
	va_list ap;

	o->failed = true;
	separate(o);
	va_start(ap, fmt);
	append_v(o, fmt, ap);
	va_end(ap);
	return false;
}

const char *errno_describe(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	snprintf(buf, size, "%s (%s)", strerror(err), name ? name : "unknown errno");
	return buf;
}

bool outcome_fail_errno(struct outcome *o, int err, const char *fmt, ...)
{
	char why[96];
	va_list ap;

	o->failed = true;
	separate(o);
	va_start(ap, fmt);
	append_v(o, fmt, ap);
	va_end(ap);
	append(o, ": %s", errno_describe(err, why, sizeof(why)));
	return false;
}
