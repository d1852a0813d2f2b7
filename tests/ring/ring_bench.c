// SPDX-License-Identifier: MIT
/*
 * Benchmark: requests per second through a ring between two threads and between two processes
 * (spinning ends, and ends sleeping on eventfd), each printed beside a cache-line ping-pong
 * between the same two kinds of party measured in the same run. The ping-pong is the cost of
 * one round trip of a line between two cores, the floor any cross-core protocol pays; the ratio
 * says how many ring requests travel per such round trip thanks to batching.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ring_pair.h"

#define PINGPONG_ROUNDS	 2000000ULL
#define RING_SPIN_COUNT	 10000000ULL
#define RING_SLEEP_COUNT 2000000ULL

struct line {
	_Alignas(64) volatile uint64_t value;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The answering side: wait for each odd value and reply with the next even one. */
static void pong(struct line *l)
{
	for (uint64_t i = 1; i < 2 * PINGPONG_ROUNDS; i += 2) {
		while (l->value != i)
			__builtin_ia32_pause();
		l->value = i + 1;
	}
}

static void *pong_thread(void *arg)
{
	pong(arg);
	return NULL;
}

static void ping(struct line *l)
{
	for (uint64_t i = 1; i < 2 * PINGPONG_ROUNDS; i += 2) {
		l->value = i;
		while (l->value != i + 1)
			__builtin_ia32_pause();
	}
}

/* Round trips per second of one cache line between two threads or two processes. */
static double pingpong(enum ring_pair_mode mode)
{
	struct line *l =
		mmap(NULL, sizeof(*l), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_t thread;
	double start, secs;
	pid_t pid = -1;

	if (l == MAP_FAILED) {
		perror("ring_bench: mmap");
		exit(1);
	}
	l->value = 0;
	if (mode == PAIR_THREADS) {
		if (pthread_create(&thread, NULL, pong_thread, l)) {
			perror("ring_bench: pthread_create");
			exit(1);
		}
	} else {
		pid = fork();
		if (pid < 0) {
			perror("ring_bench: fork");
			exit(1);
		}
		if (pid == 0) {
			pong(l);
			_exit(0);
		}
	}
	start = now();
	ping(l);
	secs = now() - start;
	if (mode == PAIR_THREADS)
		pthread_join(thread, NULL);
	else
		waitpid(pid, NULL, 0);
	munmap(l, sizeof(*l));
	return PINGPONG_ROUNDS / secs;
}

static double ring_rate(enum ring_pair_mode mode, bool sleep, uint64_t count)
{
	struct ring_pair_result r;

	if (ring_pair_run(mode, count, sleep, &r) < 0 || !ring_pair_ok(&r, count)) {
		fprintf(stderr, "ring_bench: ring run failed\n");
		exit(1);
	}
	return count / r.seconds;
}

int main(void)
{
	static const struct {
		enum ring_pair_mode mode;
		const char *name;
	} parties[] = {{PAIR_THREADS, "threads"}, {PAIR_PROCESSES, "processes"}};

	printf("ring benchmark: %d-byte requests+responses on a %lu-page ring, %ld CPUs online\n",
	       64, 1UL << RING_PAIR_ORDER, sysconf(_SC_NPROCESSORS_ONLN));
	for (size_t i = 0; i < sizeof(parties) / sizeof(parties[0]); i++) {
		double base = pingpong(parties[i].mode);
		double spin = ring_rate(parties[i].mode, false, RING_SPIN_COUNT);
		double sleep = ring_rate(parties[i].mode, true, RING_SLEEP_COUNT);

		printf("%-9s  cache-line ping-pong   %12.0f round trips/s  (baseline)\n",
		       parties[i].name, base);
		printf("%-9s  ring, spinning ends    %12.0f requests/s     %6.2f x baseline\n",
		       parties[i].name, spin, spin / base);
		printf("%-9s  ring, eventfd wakeups  %12.0f requests/s     %6.2f x baseline\n",
		       parties[i].name, sleep, sleep / base);
	}
	return 0;
}
