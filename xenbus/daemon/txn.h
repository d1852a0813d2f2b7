/* SPDX-License-Identifier: MIT */
/*
 * Access to the store for one request, either directly or inside a transaction. A
 * transaction copies each node the first time it touches it and records the generation it
 * saw; it writes only its copies. Commit checks that none of those nodes changed in the
 * meantime (else EAGAIN) and installs the copies, then fires the watches of the changes.
 */
#ifndef XSD_TXN_H
#define XSD_TXN_H

#include <stdbool.h>
#include <stdint.h>
#include "conn.h"
#include "node.h"
#include "pathmap.h"

struct pending_event {
	struct pending_event *next;
	char *path;
	bool exact;
	struct perms perms;
};

struct owner_delta {
	uint32_t domid;
	int delta;
};

struct txn {
	struct txn *next;
	uint32_t id;
	struct pathmap entries; /* path -> struct txn_entry */
	uint32_t touched;	/* entries, against the transaction-nodes quota */
	struct pending_event *events, **events_tail;
	struct owner_delta *deltas;
	uint32_t ndeltas;
};

struct view {
	struct xsd *xsd;
	struct conn *conn; /* NULL: internal, unrestricted */
	struct txn *txn;   /* NULL: straight to the store */
};

/* The node at path, or NULL with errno ENOENT / ENOMEM / ENOSPC (transaction too big). */
struct node *view_lookup(struct view *v, const char *path);
/* The node, to be changed by the caller; its generation moves. NULL with errno as above. */
struct node *view_modify(struct view *v, const char *path);
/* Adds a new node (ownership passes to the store). 0 or an errno value. */
int view_insert(struct view *v, struct node *n);
/* Removes one node (not its children). 0 or an errno value. */
int view_delete(struct view *v, const char *path);
/* The number of nodes domid owns as this view sees them. */
uint32_t view_owned_nodes(struct view *v, uint32_t domid);
/* Records that the owner of a node changed, for node accounting. */
void view_owner_change(struct view *v, uint32_t old_owner, uint32_t new_owner);
/* A change to report to watchers: now, or at commit. */
void view_event(struct view *v, const char *path, bool exact, const struct perms *perms);

/* TRANSACTION_START: the new transaction, or NULL with errno ENOSPC (quota) / ENOMEM. */
struct txn *txn_start(struct conn *c);
struct txn *txn_find(struct conn *c, uint32_t id);
/* TRANSACTION_END: commit (0, EAGAIN, ENOSPC) or abort; the transaction is freed either way. */
int txn_end(struct conn *c, struct txn *t, bool commit);
void txn_abort_all(struct conn *c);

#endif
