/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "domain.h"
#include "log.h"
#include "txn.h"
#include "watch.h"

struct txn_entry {
	uint64_t base_gen; /* generation when first touched; 0: did not exist */
	struct node *node; /* the transaction's copy; NULL: absent in the transaction */
	bool modified;
};

static bool restricted(const struct view *v)
{
	return v->conn && !v->conn->who.privileged;
}

static void entry_free(void *p)
{
	struct txn_entry *e = p;

	node_free(e->node);
	free(e);
}

static struct txn_entry *entry_get(struct view *v, const char *path)
{
	struct txn *t = v->txn;
	struct txn_entry *e = pathmap_get(&t->entries, path);
	struct node *committed;
	void *old;

	if (e)
		return e;
	if (restricted(v) && t->touched >= v->xsd->quotas.transaction_nodes) {
		xsd_log("quota: domain %u transaction %u touches more than %u nodes (at %s): "
			"ENOSPC",
			v->conn->who.domid, t->id, v->xsd->quotas.transaction_nodes, path);
		errno = ENOSPC;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		goto nomem;
	committed = pathmap_get(&v->xsd->nodes, path);
	if (committed) {
		e->base_gen = committed->generation;
		e->node = node_clone(committed);
		if (!e->node)
			goto nomem;
	}
	if (pathmap_put(&t->entries, path, e, &old))
		goto nomem;
	t->touched++;
	return e;
nomem:
	if (e)
		entry_free(e);
	errno = ENOMEM;
	return NULL;
}

struct node *view_lookup(struct view *v, const char *path)
{
	struct node *n;

	if (v->txn) {
		struct txn_entry *e = entry_get(v, path);

		if (!e)
			return NULL;
		n = e->node;
	} else {
		n = pathmap_get(&v->xsd->nodes, path);
	}
	if (!n)
		errno = ENOENT;
	return n;
}

struct node *view_modify(struct view *v, const char *path)
{
	struct node *n = view_lookup(v, path);

	if (!n)
		return NULL;
	if (v->txn)
		((struct txn_entry *)pathmap_get(&v->txn->entries, path))->modified = true;
	else
		n->generation = ++v->xsd->generation;
	return n;
}

static void delta(struct view *v, uint32_t domid, int d)
{
	struct txn *t = v->txn;
	struct owner_delta *grown;

	if (!t) {
		domain_count_nodes(v->xsd, domid, d);
		return;
	}
	for (uint32_t i = 0; i < t->ndeltas; i++) {
		if (t->deltas[i].domid == domid) {
			t->deltas[i].delta += d;
			return;
		}
	}
	grown = realloc(t->deltas, (t->ndeltas + 1) * sizeof(*grown));
	if (!grown)
		return; /* accounting only: the quota check at commit errs on the generous side */
	t->deltas = grown;
	t->deltas[t->ndeltas++] = (struct owner_delta){domid, d};
}

int view_insert(struct view *v, struct node *n)
{
	void *old;

	if (v->txn) {
		struct txn_entry *e = entry_get(v, n->path);

		if (!e)
			return errno;
		node_free(e->node);
		e->node = n;
		e->modified = true;
	} else {
		n->generation = ++v->xsd->generation;
		if (pathmap_put(&v->xsd->nodes, n->path, n, &old))
			return ENOMEM;
		node_free(old);
	}
	delta(v, perms_owner(&n->perms), +1);
	return 0;
}

int view_delete(struct view *v, const char *path)
{
	struct node *n;

	if (v->txn) {
		struct txn_entry *e = entry_get(v, path);

		if (!e)
			return errno;
		n = e->node;
		e->node = NULL;
		e->modified = true;
	} else {
		n = pathmap_remove(&v->xsd->nodes, path);
	}
	if (n) {
		delta(v, perms_owner(&n->perms), -1);
		node_free(n);
	}
	return 0;
}

uint32_t view_owned_nodes(struct view *v, uint32_t domid)
{
	struct domain *d = domain_get(v->xsd, domid, false);
	int64_t count = d ? d->nodes : 0;

	if (v->txn)
		for (uint32_t i = 0; i < v->txn->ndeltas; i++)
			if (v->txn->deltas[i].domid == domid)
				count += v->txn->deltas[i].delta;
	return count < 0 ? 0 : (uint32_t)count;
}

void view_owner_change(struct view *v, uint32_t old_owner, uint32_t new_owner)
{
	if (old_owner == new_owner)
		return;
	delta(v, old_owner, -1);
	delta(v, new_owner, +1);
}

void view_event(struct view *v, const char *path, bool exact, const struct perms *perms)
{
	struct pending_event *e;

	if (!v->txn) {
		watch_fire(v->xsd, path, exact, perms);
		return;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->path = strdup(path)) || perms_copy(&e->perms, perms)) {
		/* Watches may fire spuriously but must not be missed: say so loudly. */
		xsd_log("out of memory recording a watch event for %s in a transaction", path);
		if (e)
			free(e->path);
		free(e);
		return;
	}
	e->exact = exact;
	*v->txn->events_tail = e;
	v->txn->events_tail = &e->next;
}

struct txn *txn_start(struct conn *c)
{
	struct txn *t;

	if (!c->who.privileged && c->ntxns >= c->xsd->quotas.transactions) {
		xsd_log("quota: domain %u has %u transactions open (quota %u): ENOSPC",
			c->who.domid, c->ntxns, c->xsd->quotas.transactions);
		errno = ENOSPC;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t || pathmap_init(&t->entries)) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	do {
		t->id = c->xsd->next_txn_id++;
	} while (t->id == 0 || txn_find(c, t->id));
	t->events_tail = &t->events;
	t->next = c->txns;
	c->txns = t;
	c->ntxns++;
	return t;
}

struct txn *txn_find(struct conn *c, uint32_t id)
{
	for (struct txn *t = c->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void txn_free(struct conn *c, struct txn *t)
{
	for (struct txn **p = &c->txns; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			c->ntxns--;
			break;
		}
	}
	pathmap_destroy(&t->entries, entry_free);
	while (t->events) {
		struct pending_event *e = t->events;

		t->events = e->next;
		free(e->path);
		perms_free(&e->perms);
		free(e);
	}
	free(t->deltas);
	free(t);
}

static int unchanged(const char *path, void *value, void *arg)
{
	struct xsd *xsd = arg;
	struct txn_entry *e = value;
	struct node *committed = pathmap_get(&xsd->nodes, path);

	return (committed ? committed->generation : 0) == e->base_gen ? 0 : EAGAIN;
}

static int install(const char *path, void *value, void *arg)
{
	struct xsd *xsd = arg;
	struct txn_entry *e = value;
	void *old;

	if (!e->modified)
		return 0;
	if (e->node) {
		e->node->generation = ++xsd->generation;
		if (pathmap_put(&xsd->nodes, path, e->node, &old))
			return ENOMEM;
		e->node = NULL;
		node_free(old);
	} else {
		node_free(pathmap_remove(&xsd->nodes, path));
	}
	return 0;
}

static int over_node_quota(struct conn *c, struct txn *t)
{
	if (c->who.privileged)
		return 0;
	for (uint32_t i = 0; i < t->ndeltas; i++) {
		struct domain *d = domain_get(c->xsd, t->deltas[i].domid, false);
		int64_t now = (d ? d->nodes : 0) + (int64_t)t->deltas[i].delta;

		if (t->deltas[i].delta > 0 && t->deltas[i].domid == c->who.domid &&
		    now > c->xsd->quotas.nodes) {
			xsd_log("quota: domain %u transaction %u would own %lld nodes (quota %u): "
				"ENOSPC",
				c->who.domid, t->id, (long long)now, c->xsd->quotas.nodes);
			return ENOSPC;
		}
	}
	return 0;
}

int txn_end(struct conn *c, struct txn *t, bool commit)
{
	int rc = 0;

	if (commit) {
		rc = pathmap_each(&t->entries, unchanged, c->xsd);
		if (!rc)
			rc = over_node_quota(c, t);
		if (!rc)
			rc = pathmap_each(&t->entries, install, c->xsd);
		if (!rc) {
			for (uint32_t i = 0; i < t->ndeltas; i++)
				domain_count_nodes(c->xsd, t->deltas[i].domid, t->deltas[i].delta);
			for (struct pending_event *e = t->events; e; e = e->next)
				watch_fire(c->xsd, e->path, e->exact, &e->perms);
		}
	}
	txn_free(c, t);
	return rc;
}

void txn_abort_all(struct conn *c)
{
	while (c->txns)
		txn_free(c, c->txns);
}
