/* SPDX-License-Identifier: MIT */
/*
 * A libxenstore client written against Xen's xenstore.h API only. The build links it three
 * ways (Debian's header + Debian's library, Debian's header + ours, our header + ours) and
 * each runs against our xenstored (XENSTORED_PATH). Prints what failed and exits nonzero.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

static int failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "FAIL line %d: %s (errno %d %s)\n", __LINE__, #cond,       \
				errno, strerror(errno));                                           \
			failures++;                                                                \
		}                                                                                  \
	} while (0)

static bool read_is(struct xs_handle *h, xs_transaction_t t, const char *path, const char *want)
{
	unsigned int len;
	char *v = xs_read(h, t, path, &len);
	bool ok = v && len == strlen(want) && strcmp(v, want) == 0;

	free(v);
	return ok;
}

/* Waits up to a second for the next event and checks it. */
static bool next_event_is(struct xs_handle *h, const char *path, const char *token)
{
	struct pollfd p = {.fd = xs_fileno(h), .events = POLLIN};
	char **ev = xs_check_watch(h);
	bool ok;

	if (!ev && poll(&p, 1, 1000) == 1)
		ev = xs_check_watch(h);
	ok = ev && strcmp(ev[XS_WATCH_PATH], path) == 0 && strcmp(ev[XS_WATCH_TOKEN], token) == 0;
	if (!ok)
		fprintf(stderr, "  event: got %s %s, want %s %s\n", ev ? ev[0] : "(none)",
			ev ? ev[1] : "", path, token);
	free(ev);
	return ok;
}

static void basics(struct xs_handle *h)
{
	unsigned int n;
	char **dir;
	struct xs_permissions perms[2] = {{.id = 0, .perms = XS_PERM_NONE},
					  {.id = 7, .perms = XS_PERM_READ | XS_PERM_WRITE}};
	struct xs_permissions *got;
	char *s;

	xs_rm(h, XBT_NULL, "/compat");
	CHECK(xs_write(h, XBT_NULL, "/compat/a", "alpha", 5));
	CHECK(xs_write(h, XBT_NULL, "/compat/b", "be\0ta", 5));
	CHECK(read_is(h, XBT_NULL, "/compat/a", "alpha"));
	s = xs_read(h, XBT_NULL, "/compat/b", &n);
	CHECK(s && n == 5 && memcmp(s, "be\0ta", 5) == 0);
	free(s);
	CHECK(xs_mkdir(h, XBT_NULL, "/compat/dir/sub"));
	dir = xs_directory(h, XBT_NULL, "/compat", &n);
	CHECK(dir && n == 3 && strcmp(dir[0], "a") == 0 && strcmp(dir[2], "dir") == 0);
	free(dir);
	CHECK(xs_read(h, XBT_NULL, "/compat/none", NULL) == NULL && errno == ENOENT);
	CHECK(!xs_write(h, XBT_NULL, "/bad//path", "", 0) && errno == EINVAL);
	CHECK(xs_set_permissions(h, XBT_NULL, "/compat/a", perms, 2));
	got = xs_get_permissions(h, XBT_NULL, "/compat/a", &n);
	CHECK(got && n == 2 && got[0].id == 0 && got[0].perms == XS_PERM_NONE && got[1].id == 7 &&
	      got[1].perms == (XS_PERM_READ | XS_PERM_WRITE));
	free(got);
	CHECK(xs_rm(h, XBT_NULL, "/compat/dir"));
	CHECK(xs_read(h, XBT_NULL, "/compat/dir/sub", NULL) == NULL && errno == ENOENT);
	s = xs_get_domain_path(h, 5);
	CHECK(s && strcmp(s, "/local/domain/5") == 0);
	free(s);
	CHECK(xs_is_domain_introduced(h, 0));
	CHECK(!xs_is_domain_introduced(h, 42));
	CHECK(!xs_release_domain(h, 42) && errno == ENOENT);
	s = xs_control_command(h, "print", "compat test", 12);
	CHECK(s && strcmp(s, "OK") == 0);
	free(s);
	CHECK(xs_path_is_subpath("/a", "/a/b") && !xs_path_is_subpath("/a", "/ab"));
}

static void long_directory(struct xs_handle *h)
{
	char path[80];
	unsigned int n;
	char **dir;

	for (int i = 0; i < 600; i++) {
		snprintf(path, sizeof(path), "/compat/long/entry-with-a-long-name-%04d", i);
		CHECK(xs_write(h, XBT_NULL, path, "", 0));
	}
	/* More than one payload's worth: the library must fetch it in parts. */
	dir = xs_directory(h, XBT_NULL, "/compat/long", &n);
	CHECK(dir && n == 600 && strcmp(dir[599], "entry-with-a-long-name-0599") == 0);
	free(dir);
}

static void transactions(struct xs_handle *h, struct xs_handle *other)
{
	xs_transaction_t t;
	bool ok;

	t = xs_transaction_start(h);
	CHECK(t != XBT_NULL);
	CHECK(xs_write(h, t, "/compat/tx", "inside", 6));
	CHECK(xs_read(other, XBT_NULL, "/compat/tx", NULL) == NULL);
	CHECK(read_is(h, t, "/compat/tx", "inside"));
	CHECK(xs_transaction_end(h, t, false));
	CHECK(read_is(other, XBT_NULL, "/compat/tx", "inside"));

	t = xs_transaction_start(h);
	CHECK(read_is(h, t, "/compat/tx", "inside"));
	CHECK(xs_write(other, XBT_NULL, "/compat/tx", "outside", 7));
	CHECK(xs_write(h, t, "/compat/tx2", "x", 1));
	ok = xs_transaction_end(h, t, false);
	CHECK(!ok && errno == EAGAIN);
	CHECK(xs_read(other, XBT_NULL, "/compat/tx2", NULL) == NULL);

	t = xs_transaction_start(h);
	CHECK(xs_write(h, t, "/compat/tx3", "x", 1));
	CHECK(xs_transaction_end(h, t, true));
	CHECK(xs_read(h, XBT_NULL, "/compat/tx3", NULL) == NULL);
}

static void watches(struct xs_handle *h, struct xs_handle *other)
{
	unsigned int n;
	char **ev;

	CHECK(xs_watch(h, "/compat/w", "tok"));
	CHECK(next_event_is(h, "/compat/w", "tok"));
	CHECK(xs_write(other, XBT_NULL, "/compat/w/x", "1", 1));
	CHECK(next_event_is(h, "/compat/w/x", "tok"));
	CHECK(xs_write(other, XBT_NULL, "/compat/w/y", "1", 1));
	ev = xs_read_watch(h, &n);
	CHECK(ev && n == 2 && strcmp(ev[0], "/compat/w/y") == 0);
	free(ev);
	CHECK(xs_check_watch(h) == NULL && errno == EAGAIN);
	CHECK(xs_unwatch(h, "/compat/w", "tok"));
	CHECK(!xs_unwatch(h, "/compat/w", "tok") && errno == ENOENT);
	CHECK(xs_watch(h, "@introduceDomain", "intro"));
	CHECK(next_event_is(h, "@introduceDomain", "intro"));
}

struct worker {
	struct xs_handle *h;
	int id, errors;
};

/* Threads share one handle: every reply must reach the thread that asked. */
static void *hammer(void *arg)
{
	struct worker *w = arg;
	char path[64], value[32];

	for (int i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/compat/threads/%d", w->id);
		snprintf(value, sizeof(value), "%d-%d", w->id, i);
		if (!xs_write(w->h, XBT_NULL, path, value, (unsigned int)strlen(value)) ||
		    !read_is(w->h, XBT_NULL, path, value))
			w->errors++;
	}
	return NULL;
}

static void threads(struct xs_handle *h)
{
	pthread_t t[4];
	struct worker w[4];
	int events = 0;
	char **ev;

	CHECK(xs_watch(h, "/compat/threads", "th"));
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){.h = h, .id = i};
		pthread_create(&t[i], NULL, hammer, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(w[i].errors == 0);
	}
	/* The initial event plus one per write (the first write of each also creates). */
	while ((ev = xs_check_watch(h)) != NULL) {
		events++;
		free(ev);
	}
	CHECK(events == 1 + 4 * 200);
}

int main(void)
{
	struct xs_handle *h = xs_open(0), *other = xs_open(0);

	if (!h || !other) {
		fprintf(stderr, "cannot connect to xenstored at %s: %s\n",
			getenv("XENSTORED_PATH") ? getenv("XENSTORED_PATH") : "(default)",
			strerror(errno));
		return 1;
	}
	basics(h);
	long_directory(h);
	transactions(h, other);
	watches(h, other);
	threads(h);
	xs_rm(h, XBT_NULL, "/compat");
	xs_close(other);
	xs_close(h);
	printf("compat: %s\n", failures ? "FAILED" : "all checks passed");
	return failures ? 1 : 0;
}
