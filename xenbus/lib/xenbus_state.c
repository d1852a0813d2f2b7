/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xenbus_state.h>

static const char *const state_names[] = {
	[XenbusStateUnknown] = "Unknown",
	[XenbusStateInitialising] = "Initialising",
	[XenbusStateInitWait] = "InitWait",
	[XenbusStateInitialised] = "Initialised",
	[XenbusStateConnected] = "Connected",
	[XenbusStateClosing] = "Closing",
	[XenbusStateClosed] = "Closed",
	[XenbusStateReconfiguring] = "Reconfiguring",
	[XenbusStateReconfigured] = "Reconfigured",
};

const char *xenbus_state_name(int state)
{
	if (state < 0 || state >= (int)(sizeof(state_names) / sizeof(state_names[0])))
		return "Invalid";
	return state_names[state];
}

static int fail(struct xenbus_dev *d, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct xenbus_dev *d, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(d->error, sizeof(d->error), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(d->error))
		snprintf(d->error + n, sizeof(d->error) - (size_t)n, ": %s", strerror(err));
	return -err;
}

static char *key_path(const char *dir, const char *key)
{
	char *p;

	return asprintf(&p, "%s/%s", dir, key) < 0 ? NULL : p;
}

/* A whole unsigned decimal number at dir/key: 0, -ENOENT, -EINVAL or -errno. */
static int read_number(struct xs_handle *xs, const char *dir, const char *key, unsigned long *out)
{
	char *path = key_path(dir, key), *v, *end;
	int rc = 0;

	if (!path)
		return -ENOMEM;
	v = xs_read(xs, XBT_NULL, path, NULL);
	free(path);
	if (!v)
		return -errno;
	errno = 0;
	*out = strtoul(v, &end, 10);
	if (v[0] < '0' || v[0] > '9' || *end || errno)
		rc = -EINVAL;
	free(v);
	return rc;
}

int xenbus_dev_open(struct xenbus_dev *d, struct xs_handle *xs, const char *dir,
		    enum xenbus_role role)
{
	const char *other = role == XENBUS_FRONTEND ? "backend" : "frontend";
	const char *other_id = role == XENBUS_FRONTEND ? "backend-id" : "frontend-id";
	unsigned long id;
	char *path;
	int rc;

	memset(d, 0, sizeof(*d));
	d->xs = xs;
	d->role = role;
	d->dir = strdup(dir);
	path = key_path(dir, other);
	if (!d->dir || !path) {
		free(path);
		return fail(d, ENOMEM, "%s", dir);
	}
	d->other_dir = xs_read(xs, XBT_NULL, path, NULL);
	if (!d->other_dir) {
		rc = fail(d, errno, "%s: cannot read the other end's path", path);
		free(path);
		return rc;
	}
	free(path);
	if (d->other_dir[0] != '/')
		return fail(d, EINVAL, "%s/%s is not an absolute path (\"%s\")", dir, other,
			    d->other_dir);
	rc = read_number(xs, dir, other_id, &id);
	if (rc)
		return fail(d, -rc, "%s/%s", dir, other_id);
	d->other_id = (unsigned int)id;
	snprintf(d->token, sizeof(d->token), "xenbus-state-%p", (void *)d);
	return 0;
}

void xenbus_dev_close(struct xenbus_dev *d)
{
	if (d->watching) {
		char *path = key_path(d->other_dir, "state");

		if (path)
			xs_unwatch(d->xs, path, d->token);
		free(path);
	}
	free(d->dir);
	free(d->other_dir);
	d->dir = d->other_dir = NULL;
	d->watching = false;
}

enum xenbus_state xenbus_read_state(struct xs_handle *xs, const char *dir)
{
	unsigned long v;

	if (read_number(xs, dir, "state", &v) || v > XenbusStateReconfigured)
		return XenbusStateUnknown;
	return (enum xenbus_state)v;
}

/*
 * In a transaction, as Linux does: the device directory must still exist, so that a
 * device the toolstack already removed is not recreated by a late state change.
 */
int xenbus_switch_state(struct xenbus_dev *d, enum xenbus_state state)
{
	char *path = key_path(d->dir, "state"), value[4];
	int rc = 0;

	if (!path)
		return fail(d, ENOMEM, "%s", d->dir);
	snprintf(value, sizeof(value), "%d", state);
	for (int attempt = 0; attempt < 100; attempt++) {
		xs_transaction_t t = xs_transaction_start(d->xs);
		char *dirval;

		if (t == XBT_NULL) {
			rc = fail(d, errno, "%s: transaction", path);
			break;
		}
		dirval = xs_read(d->xs, t, d->dir, NULL);
		if (!dirval) {
			rc = fail(d, errno, "%s: device directory gone", d->dir);
			xs_transaction_end(d->xs, t, true);
			break;
		}
		free(dirval);
		if (!xs_write(d->xs, t, path, value, (unsigned int)strlen(value))) {
			rc = fail(d, errno, "%s: writing %s", path, xenbus_state_name(state));
			xs_transaction_end(d->xs, t, true);
			break;
		}
		if (xs_transaction_end(d->xs, t, false)) {
			rc = 0;
			break;
		}
		if (errno != EAGAIN) {
			rc = fail(d, errno, "%s: commit", path);
			break;
		}
		rc = fail(d, EAGAIN, "%s: transaction kept conflicting", path);
	}
	free(path);
	return rc;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The events only say "look again"; the state is re-read after each wake-up. */
static void drain_events(struct xenbus_dev *d)
{
	char **ev;

	while ((ev = xs_check_watch(d->xs)) != NULL)
		free(ev);
}

int xenbus_wait_other_state(struct xenbus_dev *d, unsigned int mask, int timeout_ms,
			    enum xenbus_state *state)
{
	long long deadline = now_ms() + timeout_ms;
	char *path = key_path(d->other_dir, "state");
	int rc;

	if (!path)
		return fail(d, ENOMEM, "%s", d->other_dir);
	if (!d->watching) {
		if (!xs_watch(d->xs, path, d->token)) {
			rc = fail(d, errno, "%s: watch", path);
			free(path);
			return rc;
		}
		d->watching = true;
	}
	for (;;) {
		enum xenbus_state s = xenbus_read_state(d->xs, d->other_dir);
		struct pollfd p = {.fd = xs_fileno(d->xs), .events = POLLIN};
		long long left = deadline - now_ms();

		if (mask & XENBUS_STATE_BIT(s)) {
			*state = s;
			rc = 0;
			break;
		}
		if (s == XenbusStateClosing || s == XenbusStateClosed) {
			*state = s;
			rc = fail(d, ECONNRESET, "%s: the other end is %s", path,
				  xenbus_state_name(s));
			break;
		}
		if (timeout_ms >= 0 && left <= 0) {
			*state = s;
			rc = fail(d, ETIMEDOUT, "%s: still %s after %d ms", path,
				  xenbus_state_name(s), timeout_ms);
			break;
		}
		if (poll(&p, 1, timeout_ms < 0 ? -1 : (int)left) < 0 && errno != EINTR) {
			rc = fail(d, errno, "%s: poll", path);
			break;
		}
		drain_events(d);
	}
	free(path);
	return rc;
}

int xenbus_printf(struct xenbus_dev *d, const char *key, const char *fmt, ...)
{
	char *path = key_path(d->dir, key), *value = NULL;
	va_list ap;
	int n, rc = 0;

	va_start(ap, fmt);
	n = vasprintf(&value, fmt, ap);
	va_end(ap);
	if (!path || n < 0)
		rc = fail(d, ENOMEM, "%s/%s", d->dir, key);
	else if (!xs_write(d->xs, XBT_NULL, path, value, (unsigned int)n))
		rc = fail(d, errno, "%s", path);
	free(path);
	free(value);
	return rc;
}

int xenbus_read_uint(struct xenbus_dev *d, bool mine, const char *key, unsigned long *value)
{
	const char *dir = mine ? d->dir : d->other_dir;
	int rc = read_number(d->xs, dir, key, value);

	return rc ? fail(d, -rc, "%s/%s", dir, key) : 0;
}

int xenbus_read_feature(struct xenbus_dev *d, const char *key)
{
	unsigned long v;

	return read_number(d->xs, d->other_dir, key, &v) == 0 && v != 0;
}

int xenbus_dev_error(struct xenbus_dev *d, int err, const char *fmt, ...)
{
	char message[192], *path = key_path(d->dir, "error"), *text = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	n = asprintf(&text, "%d %s", err, message);
	snprintf(d->error, sizeof(d->error), "%s: %s", message, strerror(err));
	if (path && n >= 0 && !xs_write(d->xs, XBT_NULL, path, text, (unsigned int)n))
		n = -1;
	free(path);
	free(text);
	return n < 0 ? -EIO : 0;
}

int xenbus_clear_error(struct xenbus_dev *d)
{
	char *path = key_path(d->dir, "error");
	int rc = 0;

	if (!path)
		return -ENOMEM;
	if (!xs_rm(d->xs, XBT_NULL, path))
		rc = fail(d, errno, "%s", path);
	free(path);
	d->error[0] = '\0';
	return rc;
}
