// SPDX-License-Identifier: MIT
/* The two ends of the stress and benchmark ring (see ring_pair.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <ring/ring.h>
#include "ring_pair.h"

#define PAYLOAD_WORDS	6
#define WAIT_TIMEOUT_MS 10000

/* One 64-byte slot: a request, or its response carrying the same words. */
struct pair_msg {
	uint64_t seq;
	uint64_t payload[PAYLOAD_WORDS];
	uint64_t sum;
};

struct pair_end {
	void *pages;
	int wake_me;   /* eventfd this end sleeps on */
	int wake_peer; /* eventfd the other end sleeps on */
	uint64_t count;
	bool sleep;
	struct ring_pair_stats *stats;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xFF51AFD7ED558CCDULL;
	x ^= x >> 33;
	return x;
}

static uint64_t checksum(const struct pair_msg *m)
{
	uint64_t s = mix(m->seq);

	for (int i = 0; i < PAYLOAD_WORDS; i++)
		s = mix(s ^ m->payload[i]);
	return s;
}

static void fill(struct pair_msg *m, uint64_t seq)
{
	m->seq = seq;
	for (int i = 0; i < PAYLOAD_WORDS; i++)
		m->payload[i] = mix(seq * PAYLOAD_WORDS + i);
	m->sum = checksum(m);
}

static void notify(struct pair_end *e)
{
	uint64_t one = 1;

	if (!e->sleep)
		return;
	if (write(e->wake_peer, &one, sizeof(one)) != sizeof(one))
		perror("ring_pair: eventfd write");
	e->stats->notifications++;
}

/* Sleep until the peer notifies. False on a timeout. */
static bool wait_for_peer(struct pair_end *e)
{
	struct pollfd pfd = {.fd = e->wake_me, .events = POLLIN};
	uint64_t value;

	if (!e->sleep) {
		__builtin_ia32_pause();
		return true;
	}
	e->stats->sleeps++;
	if (poll(&pfd, 1, WAIT_TIMEOUT_MS) != 1) {
		e->stats->timed_out = true;
		return false;
	}
	if (read(e->wake_me, &value, sizeof(value)) != sizeof(value))
		perror("ring_pair: eventfd read");
	return true;
}

static void front_run(struct pair_end *e)
{
	struct ring_front f;
	struct pair_msg m;
	uint64_t sent = 0, got = 0;
	int r;

	ring_front_init(&f, e->pages, RING_PAIR_ORDER, sizeof(struct pair_msg));
	while (got < e->count) {
		while (sent < e->count && ring_front_free(&f) > 0) {
			fill(&m, sent++);
			ring_front_put_request(&f, &m, sizeof(m));
		}
		if (ring_front_push_requests(&f))
			notify(e);
		while ((r = ring_front_get_response(&f, &m)) == 1) {
			if (m.seq != got)
				e->stats->out_of_order++;
			if (checksum(&m) != m.sum)
				e->stats->bad_checksums++;
			got++;
		}
		if (r < 0) {
			e->stats->ring_error = r;
			return;
		}
		/* Sleep only with nothing to send and nothing left to read after re-arming. */
		if (got < e->count && (sent == e->count || ring_front_free(&f) == 0)) {
			r = ring_front_final_check(&f);
			if (r < 0) {
				e->stats->ring_error = r;
				return;
			}
			if (r == 0 && !wait_for_peer(e))
				return;
		}
	}
	e->stats->messages = got;
}

static void back_run(struct pair_end *e)
{
	struct ring_back b;
	struct pair_msg m;
	uint64_t done = 0;
	int r;

	ring_back_init(&b, e->pages, RING_PAIR_ORDER, sizeof(struct pair_msg));
	while (done < e->count) {
		while ((r = ring_back_get_request(&b, &m)) == 1) {
			if (checksum(&m) != m.sum)
				e->stats->bad_checksums++;
			ring_back_put_response(&b, &m, sizeof(m));
			done++;
		}
		if (r < 0) {
			e->stats->ring_error = r;
			return;
		}
		if (ring_back_push_responses(&b))
			notify(e);
		if (done < e->count) {
			r = ring_back_final_check(&b);
			if (r < 0) {
				e->stats->ring_error = r;
				return;
			}
			if (r == 0 && !wait_for_peer(e))
				return;
		}
	}
	e->stats->messages = done;
}

static void *back_thread(void *arg)
{
	back_run(arg);
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Shared memory: the ring pages, then the backend's stats (written by a child process). */
struct pair_shared {
	uint8_t pages[XEN_PAGE_SIZE << RING_PAIR_ORDER];
	struct ring_pair_stats back;
};

int ring_pair_run(enum ring_pair_mode mode, uint64_t count, bool sleep,
		  struct ring_pair_result *result)
{
	struct pair_shared *sh;
	int to_back, to_front, status, ret = 0;
	struct pair_end front, back;
	double start;
	pthread_t thread;
	pid_t pid;

	memset(result, 0, sizeof(*result));
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return -1;
	to_back = eventfd(0, 0);
	to_front = eventfd(0, 0);
	if (to_back < 0 || to_front < 0) {
		ret = -1;
		goto out;
	}
	front = (struct pair_end){sh->pages, to_front, to_back, count, sleep, &result->front};
	back = (struct pair_end){sh->pages, to_back, to_front, count, sleep, &sh->back};
	/* The frontend initialises the shared header before the backend attaches. */
	ring_front_init(&(struct ring_front){0}, sh->pages, RING_PAIR_ORDER,
			sizeof(struct pair_msg));
	start = now();
	if (mode == PAIR_THREADS) {
		errno = pthread_create(&thread, NULL, back_thread, &back);
		if (errno) {
			ret = -1;
			goto out;
		}
		front_run(&front);
		pthread_join(thread, NULL);
	} else {
		pid = fork();
		if (pid < 0) {
			ret = -1;
			goto out;
		}
		if (pid == 0) {
			back_run(&back);
			_exit(0);
		}
		front_run(&front);
		if (result->front.messages != count)
			kill(pid, SIGKILL); /* the frontend gave up: don't wait 10 s more */
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			result->child_failed = true;
	}
	result->seconds = now() - start;
	result->back = sh->back;
out:
	if (to_back >= 0)
		close(to_back);
	if (to_front >= 0)
		close(to_front);
	munmap(sh, sizeof(*sh));
	return ret;
}

bool ring_pair_ok(const struct ring_pair_result *r, uint64_t count)
{
	const struct ring_pair_stats *ends[] = {&r->front, &r->back};

	for (int i = 0; i < 2; i++) {
		if (ends[i]->messages != count || ends[i]->bad_checksums || ends[i]->out_of_order ||
		    ends[i]->ring_error || ends[i]->timed_out)
			return false;
	}
	return !r->child_failed;
}
