/* SPDX-License-Identifier: MIT */
/*
 * The result line of one sub-test, built while it runs: notes on what was seen, and on failure
 * what was being done and the errno it met, so the line alone explains the verdict.
 */
#ifndef DOM0_OUTCOME_H
#define DOM0_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

#define OUTCOME_TEXT_MAX 600

struct outcome {
	bool failed;
	size_t len;
	char text[OUTCOME_TEXT_MAX];
};

void outcome_init(struct outcome *o);
/* Appends a detail ("; " between details). */
void outcome_note(struct outcome *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Marks the sub-test failed and says why; returns false for `return outcome_fail(...)`. */
bool outcome_fail(struct outcome *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* As outcome_fail, followed by ": <strerror> (<ENAME>)" for the positive errno @err. */
bool outcome_fail_errno(struct outcome *o, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "<strerror> (<ENAME>)" for a positive errno, in @buf. */
const char *errno_describe(int err, char *buf, size_t size);

#endif
