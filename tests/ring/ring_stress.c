// SPDX-License-Identifier: MIT
/*
 * Stress test: millions of checksummed requests through one ring between two threads or two
 * processes (shared memory, eventfd notifications), with the real barriers. Fails on any bad
 * checksum, reordering, ring error or lost wakeup.
 * usage: ring_stress threads|processes COUNT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ring/error.h>
#include "ring_pair.h"

static void print_end(const char *name, const struct ring_pair_stats *s)
{
	printf("  %s: %llu messages, %llu bad checksums, %llu out of order, %llu notifications, "
	       "%llu sleeps, ring error %d (%s)%s\n",
	       name, (unsigned long long)s->messages, (unsigned long long)s->bad_checksums,
	       (unsigned long long)s->out_of_order, (unsigned long long)s->notifications,
	       (unsigned long long)s->sleeps, s->ring_error, ring_strerror(s->ring_error),
	       s->timed_out ? ", TIMED OUT waiting for a notification" : "");
}

int main(int argc, char **argv)
{
	struct ring_pair_result r;
	enum ring_pair_mode mode;
	unsigned long long count;
	char *end;

	if (argc != 3 || (strcmp(argv[1], "threads") && strcmp(argv[1], "processes"))) {
		fprintf(stderr, "usage: %s threads|processes COUNT\n", argv[0]);
		return 2;
	}
	mode = strcmp(argv[1], "threads") ? PAIR_PROCESSES : PAIR_THREADS;
	errno = 0;
	count = strtoull(argv[2], &end, 0);
	if (errno || *end || count == 0) {
		fprintf(stderr, "%s: bad COUNT '%s'\n", argv[0], argv[2]);
		return 2;
	}
	if (ring_pair_run(mode, count, true, &r) < 0) {
		fprintf(stderr, "%s: setup failed: %s\n", argv[0], strerror(errno));
		return 1;
	}
	printf("ring stress, %s, %llu requests in %.2f s (%.0f/s)%s\n", argv[1], count, r.seconds,
	       count / r.seconds, r.child_failed ? ", backend process failed" : "");
	print_end("frontend", &r.front);
	print_end("backend", &r.back);
	if (!ring_pair_ok(&r, count)) {
		printf("FAIL\n");
		return 1;
	}
	printf("ok\n");
	return 0;
}
