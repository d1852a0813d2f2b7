/* SPDX-License-Identifier: MIT */
/*
 * A frontend and a backend driving one ring flat out, used by the stress test and the
 * benchmark. The two ends run in two threads or two processes over shared memory; requests carry
 * a sequence number and a checksummed payload that the backend verifies, responses echo them for
 * the frontend to verify in order. An idle end sleeps on an eventfd only after the ring's final
 * check, and is woken only when the producer's notification rule says so, so a lost wakeup
 * shows up as a timeout rather than being papered over by polling.
 */
#ifndef RING_PAIR_H
#define RING_PAIR_H

#include <stdbool.h>
#include <stdint.h>

#define RING_PAIR_ORDER 1

enum ring_pair_mode {
	PAIR_THREADS,
	PAIR_PROCESSES,
};

struct ring_pair_stats {
	uint64_t messages;	/* requests completed by this end */
	uint64_t bad_checksums; /* payloads that did not verify */
	uint64_t out_of_order;	/* responses not in sequence (frontend only) */
	uint64_t notifications; /* eventfd writes this end made */
	uint64_t sleeps;	/* times this end waited for the other */
	int ring_error;		/* a negative ring_error if the ring broke */
	bool timed_out;		/* waited 10 s without a wakeup: a lost notification */
};

struct ring_pair_result {
	struct ring_pair_stats front;
	struct ring_pair_stats back;
	double seconds;
	bool child_failed; /* processes: the backend did not exit cleanly */
};

/*
 * Push `count` requests through a ring between two threads or processes. `sleep` chooses
 * eventfd waits (true) or spinning on the final check (false). Returns 0 when both ends ran to
 * the end, -1 with errno on a setup failure.
 */
int ring_pair_run(enum ring_pair_mode mode, uint64_t count, bool sleep,
		  struct ring_pair_result *result);

/* True if the run completed every message with every check passing. */
bool ring_pair_ok(const struct ring_pair_result *r, uint64_t count);

#endif
