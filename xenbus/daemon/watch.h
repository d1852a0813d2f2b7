/* SPDX-License-Identifier: MIT */
/* Watches: registration per connection, and matching a change against every watch. */
#ifndef XSD_WATCH_H
#define XSD_WATCH_H

#include <stdbool.h>
#include "conn.h"

struct watch {
	struct watch *next;
	char *path; /* absolute or @special */
	char *token;
	bool relative; /* registered relative: events drop the connection's home prefix */
};

/* 0, or an errno value: EEXIST for a duplicate, E2BIG over quota, ENOMEM. */
int watch_add(struct conn *c, const char *path, const char *token, bool relative);
/* 0 or ENOENT. */
int watch_remove(struct conn *c, const char *path, const char *token);
void watch_remove_all(struct conn *c);

/*
 * A change at `path`. exact: only watches on exactly that path fire (a node removed with its
 * parent); otherwise every watch on the path or above it. `perms` are the node's (or, when
 * NULL, the special path's) permissions: a watcher who cannot read is not told.
 */
void watch_fire(struct xsd *xsd, const char *path, bool exact, const struct perms *perms);

#endif
