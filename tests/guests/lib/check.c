// SPDX-License-Identifier: MIT
#include <guest/console.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/errno.h>

static unsigned int checks, failures, skips;

static const char *const errno_names[] = {
	[XEN_EPERM] = "EPERM",
	[XEN_ENOENT] = "ENOENT",
	[XEN_ESRCH] = "ESRCH",
	[XEN_EIO] = "EIO",
	[XEN_ENXIO] = "ENXIO",
	[XEN_E2BIG] = "E2BIG",
	[XEN_ENOEXEC] = "ENOEXEC",
	[XEN_EBADF] = "EBADF",
	[XEN_EAGAIN] = "EAGAIN",
	[XEN_ENOMEM] = "ENOMEM",
	[XEN_EACCES] = "EACCES",
	[XEN_EFAULT] = "EFAULT",
	[XEN_EBUSY] = "EBUSY",
	[XEN_EEXIST] = "EEXIST",
	[XEN_EXDEV] = "EXDEV",
	[XEN_ENODEV] = "ENODEV",
	[XEN_EINVAL] = "EINVAL",
	[XEN_ENOSPC] = "ENOSPC",
	[XEN_EDOM] = "EDOM",
	[XEN_ERANGE] = "ERANGE",
	[XEN_ENOSYS] = "ENOSYS",
	[XEN_ENODATA] = "ENODATA",
	[XEN_EOVERFLOW] = "EOVERFLOW",
	[XEN_EILSEQ] = "EILSEQ",
	[XEN_EOPNOTSUPP] = "EOPNOTSUPP",
	[XEN_ENOBUFS] = "ENOBUFS",
};

const char *errno_name(long rc)
{
	long e = -rc;

	if (rc >= 0)
		return "success";
	if (e < (long)(sizeof(errno_names) / sizeof(errno_names[0])) && errno_names[e])
		return errno_names[e];
	return "unknown errno";
}

static void record(bool ok)
{
	checks++;
	if (!ok)
		failures++;
}

void check_int(const char *file, int line, const char *expr, int64_t actual, int64_t expected)
{
	record(actual == expected);
	if (actual == expected)
		printf("ok   %s == %ld\n", expr, expected);
	else
		printf("FAIL %s:%d: %s: expected %ld (%#lx), got %ld (%#lx)\n", file, line, expr,
		       expected, expected, actual, actual);
}

void check_hex(const char *file, int line, const char *expr, uint64_t actual, uint64_t expected)
{
	record(actual == expected);
	if (actual == expected)
		printf("ok   %s == %#lx\n", expr, expected);
	else
		printf("FAIL %s:%d: %s: expected %#lx, got %#lx\n", file, line, expr, expected,
		       actual);
}

void check_rc(const char *file, int line, const char *expr, long actual, long expected)
{
	record(actual == expected);
	if (actual == expected)
		printf("ok   %s == %ld (%s)\n", expr, expected, errno_name(expected));
	else
		printf("FAIL %s:%d: %s: expected %ld (%s), got %ld (%s)\n", file, line, expr,
		       expected, errno_name(expected), actual, errno_name(actual));
}

void check_true(const char *file, int line, const char *expr, bool value)
{
	record(value);
	if (value)
		printf("ok   %s\n", expr);
	else
		printf("FAIL %s:%d: %s is false\n", file, line, expr);
}

void check_str(const char *file, int line, const char *expr, const char *actual,
	       const char *expected)
{
	bool ok = !strcmp(actual, expected);

	record(ok);
	if (ok)
		printf("ok   %s == \"%s\"\n", expr, expected);
	else
		printf("FAIL %s:%d: %s: expected \"%s\", got \"%s\"\n", file, line, expr, expected,
		       actual);
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	record(false);
	printf("FAIL %s:%d: %s\n", file, line, why);
}

void test_skip(const char *what, const char *why)
{
	skips++;
	printf("SKIP %s: %s\n", what, why);
}

void test_summary(void)
{
	if (!checks) {
		/* A test that checked nothing proves nothing. */
		printf("FAIL %s ran no check\n", test_name);
		failures++;
	}
	printf("%s: %u checks, %u failed, %u skipped\n", test_name, checks, failures, skips);
}

bool test_passed(void)
{
	return checks && !failures;
}
