/* SPDX-License-Identifier: MIT */
/*
 * XenBus device handshake helpers for userspace frontends and backends, on top of the xs
 * library. A device has two xenstore directories, one per end; each end publishes its
 * XenbusState in "<dir>/state", and "<dir>/backend" / "<dir>/frontend" name the other end.
 * Functions return 0 or a negative errno; on failure xenbus_dev.error says what went wrong.
 */
#ifndef LAMINA_XENBUS_STATE_H
#define LAMINA_XENBUS_STATE_H

#include <stdarg.h>
#include <xenstore.h>

/* The XenbusState values of Xen's public io/xenbus.h (the numbers are ABI). */
enum xenbus_state {
	XenbusStateUnknown = 0,
	XenbusStateInitialising = 1,
	XenbusStateInitWait = 2,
	XenbusStateInitialised = 3,
	XenbusStateConnected = 4,
	XenbusStateClosing = 5,
	XenbusStateClosed = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured = 8,
};

enum xenbus_role {
	XENBUS_FRONTEND, /* the other end is named by "<dir>/backend" */
	XENBUS_BACKEND,	 /* the other end is named by "<dir>/frontend" */
};

struct xenbus_dev {
	struct xs_handle *xs;
	enum xenbus_role role;
	char *dir;	       /* this end */
	char *other_dir;       /* the other end */
	unsigned int other_id; /* its domain ("backend-id" / "frontend-id") */
	char token[64];	       /* of the watch on the other end's state */
	bool watching;
	char error[256]; /* the last failure, for the caller's log */
};

/* The name of a state ("Connected"), or "Invalid". */
const char *xenbus_state_name(int state);
/* A bit for each state, for the masks of xenbus_wait_other_state. */
#define XENBUS_STATE_BIT(s) (1u << (s))

/* Finds the other end; the handle stays the caller's. */
int xenbus_dev_open(struct xenbus_dev *d, struct xs_handle *xs, const char *dir,
		    enum xenbus_role role);
void xenbus_dev_close(struct xenbus_dev *d);

/* Publishes this end's state (fails with -ENOENT once the toolstack removed the device). */
int xenbus_switch_state(struct xenbus_dev *d, enum xenbus_state state);
/* The state in "<dir>/state"; XenbusStateUnknown when absent or not a number. */
enum xenbus_state xenbus_read_state(struct xs_handle *xs, const char *dir);
/*
 * Waits until the other end's state is one of `mask`: 0 with *state set; -ETIMEDOUT after
 * timeout_ms (negative: no limit); -ECONNRESET when the other end closes instead.
 * It consumes the handle's watch events: a device that waits needs a handle of its own.
 */
int xenbus_wait_other_state(struct xenbus_dev *d, unsigned int mask, int timeout_ms,
			    enum xenbus_state *state);

/* Writes "<dir>/<key>" (this end) from a format. */
int xenbus_printf(struct xenbus_dev *d, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reads an unsigned decimal key of the other end (or of this end when mine). */
int xenbus_read_uint(struct xenbus_dev *d, bool mine, const char *key, unsigned long *value);
/* A "feature-*" flag of the other end: 1 if it reads as nonzero, 0 when absent or zero. */
int xenbus_read_feature(struct xenbus_dev *d, const char *key);

/* Reports a failure in "<dir>/error" as "<errno> <message>" and keeps it in d->error. */
int xenbus_dev_error(struct xenbus_dev *d, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Removes "<dir>/error". */
int xenbus_clear_error(struct xenbus_dev *d);

#endif
