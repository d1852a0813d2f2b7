/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <time.h>
#include "log.h"

static FILE *log_file;
static bool log_on = true;

void xsd_log_to(FILE *f)
{
	log_file = f;
}

void xsd_log_enable(bool on)
{
	log_on = on;
}

void xsd_log(const char *fmt, ...)
{
	FILE *f = log_file ? log_file : stderr;
	struct timespec ts;
	va_list ap;

	if (!log_on)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(f, "xenstored[%ld.%03ld]: ", (long)ts.tv_sec, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}
