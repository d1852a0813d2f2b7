/* SPDX-License-Identifier: MIT */
/*
 * xenstored benchmark: starts the daemon on a private socket and measures, through the xs
 * library, read / write / directory / transaction operations per second with 1 and many
 * clients, and watch-event latency. The baseline, measured in the same run, is a bare
 * UNIX-socket round trip of the same message size: the ratio is what the daemon costs.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <xenstore.h>

#define OPS_PER_CLIENT 4000
#define MANY	       16

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum op { OP_READ, OP_WRITE, OP_DIRECTORY, OP_TRANSACTION };
static const char *const op_names[] = {"read", "write", "directory", "transaction"};

struct client {
	enum op op;
	int id, ops, errors;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct xs_handle *h = xs_open(0);
	char path[64];
	unsigned int n;

	if (!h) {
		c->errors = c->ops;
		return NULL;
	}
	snprintf(path, sizeof(path), "/bench/c%d", c->id);
	xs_write(h, XBT_NULL, path, "0", 1);
	for (int i = 0; i < c->ops; i++) {
		void *r = NULL;
		bool ok = true;

		switch (c->op) {
		case OP_READ:
			ok = (r = xs_read(h, XBT_NULL, path, &n)) != NULL;
			break;
		case OP_WRITE:
			ok = xs_write(h, XBT_NULL, path, "value", 5);
			break;
		case OP_DIRECTORY:
			ok = (r = xs_directory(h, XBT_NULL, "/bench", &n)) != NULL;
			break;
		case OP_TRANSACTION: {
			xs_transaction_t t = xs_transaction_start(h);

			ok = t && xs_write(h, t, path, "v", 1) && xs_transaction_end(h, t, false);
			break;
		}
		}
		free(r);
		c->errors += !ok;
	}
	xs_close(h);
	return NULL;
}

static double run_clients(enum op op, int nclients, int *errors)
{
	pthread_t t[MANY];
	struct client c[MANY];
	double start = now();

	for (int i = 0; i < nclients; i++) {
		c[i] = (struct client){.op = op, .id = i, .ops = OPS_PER_CLIENT / nclients * 4};
		pthread_create(&t[i], NULL, client_main, &c[i]);
	}
	*errors = 0;
	int total = 0;
	for (int i = 0; i < nclients; i++) {
		pthread_join(t[i], NULL);
		*errors += c[i].errors;
		total += c[i].ops;
	}
	return total / (now() - start);
}

/* The floor: a 16-byte header plus small payload each way over a UNIX socket, two threads. */
static void *echo_main(void *arg)
{
	int fd = *(int *)arg;
	char buf[64];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	return NULL;
}

static double socket_round_trips(void)
{
	int sv[2], count = 20000;
	pthread_t t;
	char msg[32] = {0};
	double start;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pthread_create(&t, NULL, echo_main, &sv[1]);
	start = now();
	for (int i = 0; i < count; i++)
		if (write(sv[0], msg, sizeof(msg)) != sizeof(msg) ||
		    read(sv[0], msg, sizeof(msg)) != sizeof(msg))
			break;
	double rate = count / (now() - start);
	close(sv[0]);
	pthread_join(t, NULL);
	close(sv[1]);
	return rate;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Time from a write by one client to the event's arrival at another, in microseconds. */
static void watch_latency(void)
{
	struct xs_handle *w = xs_open(0), *writer = xs_open(0);
	enum { N = 2000 };
	static double lat[N];
	unsigned int n;
	char **ev;

	xs_watch(w, "/bench/watched", "tok");
	free(xs_read_watch(w, &n));
	for (int i = 0; i < N; i++) {
		double t0 = now();

		xs_write(writer, XBT_NULL, "/bench/watched", "x", 1);
		ev = xs_read_watch(w, &n);
		lat[i] = (now() - t0) * 1e6;
		free(ev);
	}
	qsort(lat, N, sizeof(lat[0]), compare);
	printf("watch-event latency: median %.1f us, p99 %.1f us (%d events)\n", lat[N / 2],
	       lat[N * 99 / 100], N);
	xs_close(w);
	xs_close(writer);
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/xsbench-XXXXXX", sock[64];
	struct stat st;
	double base;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: bench XENSTORED\n");
		return 2;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	pid = fork();
	if (pid == 0) {
		execl(argv[1], argv[1], "--socket", sock, "--quiet", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && stat(sock, &st); i++)
		usleep(10000);
	setenv("XENSTORED_PATH", sock, 1);

	base = socket_round_trips();
	printf("baseline: bare UNIX-socket round trips: %.0f /s\n", base);
	for (int op = OP_READ; op <= OP_TRANSACTION; op++) {
		for (int clients = 1; clients <= MANY; clients *= MANY) {
			int errors;
			double rate = run_clients((enum op)op, clients, &errors);

			printf("%-11s %2d client%s: %8.0f ops/s  (%.2f x baseline)%s\n",
			       op_names[op], clients, clients > 1 ? "s" : " ", rate, rate / base,
			       errors ? "  ERRORS" : "");
		}
	}
	watch_latency();
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	rmdir(dir);
	return 0;
}
