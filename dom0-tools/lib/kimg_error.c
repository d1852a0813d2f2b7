/* SPDX-License-Identifier: MIT */
/* The one way the library reports a failure: an errno code plus a sentence for the caller. */
#include <stdarg.h>
#include <stdio.h>

#include "kimg_internal.h"

int kimg_fail(struct kimg_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && err->buf && err->len) {
		va_start(ap, fmt);
		vsnprintf(err->buf, err->len, fmt, ap);
		va_end(ap);
	}
	return code;
}
