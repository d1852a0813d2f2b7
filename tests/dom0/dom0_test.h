/* SPDX-License-Identifier: MIT */
/*
 * dom0-test: what the sub-tests share, and the table that orders them. Each sub-test may leave
 * something behind for later ones (an open device, the peer's port, a bound port, the mapped
 * page); a sub-test whose prerequisites are missing fails with the name of what is missing.
 */
#ifndef DOM0_TEST_H
#define DOM0_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "options.h"
#include "outcome.h"
#include "peer_page.h"

struct dom0_test {
	const struct options *opt;
	int privcmd, evtchn, gntdev;		/* -1 until opened */
	uint32_t xen_version;			/* as privcmd returned it; 0 until read */
	uint32_t peer_port;			/* the peer's port offered to dom0; 0 until found */
	uint32_t local_port;			/* dom0's end of it; 0 until bound */
	uint64_t notified;			/* events sent to the peer */
	uint64_t map_index;			/* gntdev offset of the peer's page */
	volatile struct peer_page_header *page; /* the peer's page; NULL until mapped */
	volatile uint8_t *page_data;
};

/* What a sub-test needs before it can run, and what it provides to later ones. */
enum requirement {
	NEED_PRIVCMD = 1 << 0,
	NEED_EVTCHN = 1 << 1,
	NEED_GNTDEV = 1 << 2,
	NEED_XEN = 1 << 3,	 /* privcmd answered with Xen 4.17 */
	NEED_PEER_PORT = 1 << 4, /* the peer's unbound port was found */
	NEED_BOUND = 1 << 5,	 /* dom0's end is bound */
	NEED_MAPPED = 1 << 6,	 /* the peer's page is mapped */
};

struct subtest {
	const char *name;
	bool (*run)(struct dom0_test *t, struct outcome *o);
	unsigned int needs;
	unsigned int provides;
};

extern const struct subtest subtests[];
extern const unsigned int nr_subtests;

void dom0_test_init(struct dom0_test *t, const struct options *opt);
/* The name of the first requirement in @needs that @t lacks, or NULL. */
const char *missing_requirement(const struct dom0_test *t, unsigned int needs);
/*
 * Runs the sub-tests in order (up to and including @until, when not NULL), printing one line
 * each to @out; returns the number that failed and stores the number that passed.
 */
unsigned int run_subtests(struct dom0_test *t, const char *until, FILE *out, unsigned int *passed);

/* The sub-tests. */
bool check_devices(struct dom0_test *t, struct outcome *o);
bool check_privcmd_version(struct dom0_test *t, struct outcome *o);
bool check_find_peer(struct dom0_test *t, struct outcome *o);
bool check_pingpong(struct dom0_test *t, struct outcome *o);
bool check_gntdev(struct dom0_test *t, struct outcome *o);
bool check_foreign_map(struct dom0_test *t, struct outcome *o);
bool check_icr(struct dom0_test *t, struct outcome *o);
bool check_finish(struct dom0_test *t, struct outcome *o);

/* One event to the peer and its answer back, within the event timeout. */
bool peer_round_trip(struct dom0_test *t, struct outcome *o, const char *what);

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

#endif
