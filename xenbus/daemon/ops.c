/* SPDX-License-Identifier: MIT */
/*
 * Request handlers. Each gets the parsed request and returns 0 once it has queued its reply,
 * or an errno value that the dispatcher turns into an ERROR reply carrying the errno's name.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "domain.h"
#include "log.h"
#include "node.h"
#include "ops.h"
#include "path.h"
#include "txn.h"
#include "watch.h"

#define MAX_ARGS 8

struct request {
	struct conn *c;
	struct xsd_sockmsg hdr;
	const char *payload;
	const char *arg[MAX_ARGS];
	uint32_t nargs; /* nul-terminated strings in the payload (at most MAX_ARGS kept) */
	struct view v;
};

enum op_flags {
	OP_TXN = 1,	   /* runs inside the transaction named by tx_id */
	OP_PRIVILEGED = 2, /* dom0 / socket clients only */
};

struct op {
	const char *name;
	int (*handle)(struct request *r);
	unsigned int flags;
};

static int reply(struct request *r, const void *data, uint32_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	conn_send(r->c, r->hdr.type, r->hdr.req_id, r->hdr.tx_id, data, len);
	return 0;
}

static int reply_string(struct request *r, const char *s)
{
	return reply(r, s, (uint32_t)strlen(s) + 1);
}

static int reply_ok(struct request *r)
{
	return reply_string(r, "OK");
}

static bool restricted(const struct request *r)
{
	return !r->c->who.privileged;
}

/* A path argument made absolute; EINVAL for bad syntax. */
static int canonical(struct request *r, const char *given, char **out)
{
	size_t max_rel = restricted(r) ? r->c->xsd->quotas.path_max : XENSTORE_REL_PATH_MAX;

	*out = path_canonical(r->c->home, given, max_rel);
	return *out ? 0 : errno;
}

/*
 * Without `access` to a missing node's nearest ancestor the caller may not learn that it is
 * missing either: EACCES then, as Xen does.
 */
static int missing_error(struct request *r, const char *path, uint32_t access)
{
	char *p = strdup(path);

	if (!p)
		return ENOMEM;
	while (strcmp(p, "/") != 0) {
		char *parent = path_parent(p);
		struct node *n;

		free(p);
		if (!parent)
			return ENOMEM;
		p = parent;
		n = view_lookup(&r->v, p);
		if (n) {
			int rc = (perms_access(&n->perms, &r->c->who) & access) == access ? ENOENT
											  : EACCES;
			free(p);
			return rc;
		}
		if (errno != ENOENT) {
			free(p);
			return errno;
		}
	}
	free(p);
	return ENOENT;
}

/* The node at path if the caller has `access` to it; 0 or an errno value. */
static int get_node(struct request *r, const char *path, uint32_t access, struct node **out)
{
	struct node *n = view_lookup(&r->v, path);

	*out = NULL;
	if (!n)
		return errno == ENOENT ? missing_error(r, path, access) : errno;
	if ((perms_access(&n->perms, &r->c->who) & access) != access)
		return EACCES;
	*out = n;
	return 0;
}

static int one_path_arg(struct request *r, char **path)
{
	if (r->nargs != 1 || r->hdr.len == 0)
		return EINVAL;
	return canonical(r, r->arg[0], path);
}

static int quota_hit(struct request *r, const char *what, uint32_t limit, const char *path)
{
	xsd_log("quota: domain %u exceeds %s (%u) at %s: ENOSPC", r->c->who.domid, what, limit,
		path);
	return ENOSPC;
}

static int check_node_size(struct request *r, const struct node *n, uint32_t extra)
{
	uint32_t limit = r->c->xsd->quotas.node_size;

	if (restricted(r) && node_size(n) + extra > limit)
		return quota_hit(r, "the node-size quota", limit, n->path);
	return 0;
}

static int do_read(struct request *r)
{
	struct node *n;
	char *path;
	int rc = one_path_arg(r, &path);

	if (rc)
		return rc;
	rc = get_node(r, path, PERM_READ, &n);
	free(path);
	return rc ? rc : reply(r, n->value, n->value_len);
}

/*
 * Creates path and any missing ancestors. New nodes inherit their parent's permissions; a
 * domain that creates a node owns it. The nearest existing ancestor must be writable.
 */
static int create_path(struct request *r, const char *path, const void *value, uint32_t len)
{
	char *missing[XENSTORE_ABS_PATH_MAX / 2];
	uint32_t nmissing = 0, owner;
	struct node *anc = NULL;
	struct perms perms;
	int rc = 0;
	char *p = strdup(path);

	if (!p)
		return ENOMEM;
	for (;;) {
		anc = view_lookup(&r->v, p);
		if (anc)
			break;
		if (errno != ENOENT) {
			rc = errno;
			free(p);
			goto out;
		}
		missing[nmissing++] = p;
		p = path_parent(p);
		if (!p) {
			rc = ENOMEM;
			goto out;
		}
	}
	free(p);
	if (!(perms_access(&anc->perms, &r->c->who) & PERM_WRITE)) {
		rc = EACCES;
		goto out;
	}
	owner = restricted(r) ? r->c->who.domid : perms_owner(&anc->perms);
	if (restricted(r) && view_owned_nodes(&r->v, owner) + nmissing > r->c->xsd->quotas.nodes) {
		rc = quota_hit(r, "the nodes quota", r->c->xsd->quotas.nodes, path);
		goto out;
	}
	if (restricted(r) &&
	    len + anc->perms.count * sizeof(struct perm) > r->c->xsd->quotas.node_size) {
		rc = quota_hit(r, "the node-size quota", r->c->xsd->quotas.node_size, path);
		goto out;
	}
	rc = perms_copy(&perms, &anc->perms) ? ENOMEM : 0;
	if (rc)
		goto out;
	perms.entry[0].domid = owner;
	/* Top-down, so that every parent exists when its child is linked in. */
	while (!rc && nmissing) {
		char *cur = missing[--nmissing];
		char *parent_path = path_parent(cur);
		struct node *parent = parent_path ? view_modify(&r->v, parent_path) : NULL;
		struct node *n;

		free(parent_path);
		if (!parent) {
			rc = errno;
		} else if ((rc = check_node_size(r, parent,
						 (uint32_t)strlen(path_basename(cur)) + 1)) == 0) {
			n = node_new(cur, &perms);
			if (!n || (nmissing == 0 && node_set_value(n, value, len)))
				rc = ENOMEM;
			else if (node_add_child(parent, path_basename(cur)))
				rc = ENOMEM;
			if (!rc)
				rc = view_insert(&r->v, n);
			else
				node_free(n);
		}
		free(cur);
	}
	if (!rc)
		view_event(&r->v, path, false, &perms);
	perms_free(&perms);
out:
	while (nmissing)
		free(missing[--nmissing]);
	return rc;
}

static int do_write(struct request *r)
{
	const char *value;
	uint32_t path_len, len;
	struct node *n;
	char *path;
	int rc;

	value = memchr(r->payload, '\0', r->hdr.len);
	if (!value)
		return EINVAL;
	path_len = (uint32_t)(value - r->payload) + 1;
	value++;
	len = r->hdr.len - path_len;
	rc = canonical(r, r->payload, &path);
	if (rc)
		return rc;
	rc = get_node(r, path, PERM_WRITE, &n);
	if (rc == ENOENT) {
		rc = create_path(r, path, value, len);
	} else if (!rc) {
		if (restricted(r) &&
		    len + n->children_bytes + n->perms.count * sizeof(struct perm) >
			    r->c->xsd->quotas.node_size)
			rc = quota_hit(r, "the node-size quota", r->c->xsd->quotas.node_size, path);
		else if (!(n = view_modify(&r->v, path)))
			rc = errno;
		else if (node_set_value(n, value, len))
			rc = ENOMEM;
		if (!rc)
			view_event(&r->v, path, false, &n->perms);
	}
	free(path);
	return rc ? rc : reply_ok(r);
}

static int do_mkdir(struct request *r)
{
	struct node *n;
	char *path;
	int rc = one_path_arg(r, &path);

	if (rc)
		return rc;
	rc = get_node(r, path, PERM_WRITE, &n);
	if (rc == ENOENT)
		rc = create_path(r, path, "", 0);
	free(path);
	return rc ? rc : reply_ok(r);
}

/* Removes n's subtree below it, children first; each removed node's own watchers hear. */
static int remove_children(struct request *r, const char *path)
{
	struct node *n = view_lookup(&r->v, path);
	int rc = 0;

	if (!n)
		return errno == ENOENT ? 0 : errno;
	/* Last child first; n is looked up again after each removal (a transaction copies). */
	for (uint32_t i = n->nchildren; !rc && i > 0; i--) {
		char *child = path_join(path, n->children[i - 1]);
		struct node *cn;

		if (!child)
			return ENOMEM;
		rc = remove_children(r, child);
		cn = rc ? NULL : view_lookup(&r->v, child);
		if (cn) {
			view_event(&r->v, child, true, &cn->perms);
			rc = view_delete(&r->v, child);
		}
		free(child);
		n = view_lookup(&r->v, path);
		if (!n)
			return rc ? rc : errno;
	}
	return rc;
}

static int do_rm(struct request *r)
{
	struct node *n, *parent;
	struct perms perms;
	char *path, *parent_path;
	int rc = one_path_arg(r, &path);

	if (rc)
		return rc;
	rc = get_node(r, path, PERM_WRITE, &n);
	if (rc == ENOENT) {
		/* Already gone is fine, provided the parent exists. */
		parent_path = strcmp(path, "/") ? path_parent(path) : NULL;
		rc = parent_path && view_lookup(&r->v, parent_path) ? 0 : ENOENT;
		free(parent_path);
		free(path);
		return rc ? rc : reply_ok(r);
	}
	if (!rc && strcmp(path, "/") == 0)
		rc = EINVAL;
	if (!rc && perms_copy(&perms, &n->perms))
		rc = ENOMEM;
	if (rc) {
		free(path);
		return rc;
	}
	rc = remove_children(r, path);
	parent_path = path_parent(path);
	if (!rc && !parent_path)
		rc = ENOMEM;
	if (!rc) {
		parent = view_modify(&r->v, parent_path);
		if (parent)
			node_remove_child(parent, path_basename(path));
		rc = parent ? view_delete(&r->v, path) : errno;
	}
	if (!rc)
		view_event(&r->v, path, false, &perms);
	perms_free(&perms);
	free(parent_path);
	free(path);
	return rc ? rc : reply_ok(r);
}

/* The children's names, each nul-terminated, in one buffer (malloc'd). */
static char *children_list(const struct node *n)
{
	char *buf = malloc(n->children_bytes + 1), *p = buf;

	if (!buf)
		return NULL;
	for (uint32_t i = 0; i < n->nchildren; i++) {
		size_t l = strlen(n->children[i]) + 1;

		memcpy(p, n->children[i], l);
		p += l;
	}
	return buf;
}

static int do_directory(struct request *r)
{
	struct node *n;
	char *path, *list;
	int rc = one_path_arg(r, &path);

	if (rc)
		return rc;
	rc = get_node(r, path, PERM_READ, &n);
	free(path);
	if (rc)
		return rc;
	list = children_list(n);
	if (!list)
		return ENOMEM;
	rc = reply(r, list, n->children_bytes);
	free(list);
	return rc;
}

/*
 * The children from a byte offset on, after the node's generation; as many whole names as
 * fit. The last chunk carries an extra nul so the client knows it has everything.
 */
static int do_directory_part(struct request *r)
{
	char gen[24], *path, *list, *out;
	uint32_t genlen, off, len = 0, maxlen;
	struct node *n;
	char *end;
	int rc;

	if (r->nargs != 2)
		return EINVAL;
	rc = canonical(r, r->arg[0], &path);
	if (rc)
		return rc;
	rc = get_node(r, path, PERM_READ, &n);
	free(path);
	if (rc)
		return rc;
	errno = 0;
	off = (uint32_t)strtoul(r->arg[1], &end, 10);
	if (errno || *end || end == r->arg[1])
		return EINVAL;
	genlen = (uint32_t)snprintf(gen, sizeof(gen), "%" PRIu64, n->generation) + 1;
	list = children_list(n);
	out = malloc(XENSTORE_PAYLOAD_MAX);
	if (!list || !out) {
		free(list);
		free(out);
		return ENOMEM;
	}
	memcpy(out, gen, genlen);
	maxlen = XENSTORE_PAYLOAD_MAX - genlen - 1;
	if (off > n->children_bytes)
		off = n->children_bytes;
	/* An offset is only meaningful at the start of a name. */
	if (off > 0 && list[off - 1] != '\0') {
		free(list);
		free(out);
		return EINVAL;
	}
	while (off + len < n->children_bytes) {
		uint32_t l = (uint32_t)strlen(list + off + len) + 1;

		if (len + l > maxlen)
			break;
		len += l;
	}
	memcpy(out + genlen, list + off, len);
	if (off + len == n->children_bytes)
		out[genlen + len++] = '\0';
	rc = reply(r, out, genlen + len);
	free(list);
	free(out);
	return rc;
}

static const struct perms *special_perms(struct request *r, const char *path)
{
	if (strcmp(path, "@introduceDomain") == 0)
		return &r->c->xsd->introduce_perms;
	if (strcmp(path, "@releaseDomain") == 0)
		return &r->c->xsd->release_perms;
	return NULL;
}

static int reply_perms(struct request *r, const struct perms *p)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	int len = perms_format(p, buf, sizeof(buf));

	return len < 0 ? E2BIG : reply(r, buf, (uint32_t)len);
}

static int do_get_perms(struct request *r)
{
	const struct perms *sp;
	struct node *n;
	char *path;
	int rc;

	if (r->nargs != 1 || r->hdr.len == 0)
		return EINVAL;
	sp = special_perms(r, r->arg[0]);
	if (sp)
		return reply_perms(r, sp);
	rc = canonical(r, r->arg[0], &path);
	if (rc)
		return rc;
	rc = get_node(r, path, PERM_READ, &n);
	free(path);
	return rc ? rc : reply_perms(r, &n->perms);
}

static int set_special_perms(struct request *r, struct perms *target, struct perms *p)
{
	if (restricted(r))
		return EACCES;
	perms_free(target);
	*target = *p;
	return reply_ok(r);
}

static int do_set_perms(struct request *r)
{
	struct perms p, *sp;
	struct node *n;
	char *path;
	const char *first;
	int rc;

	if (r->nargs < 2 || r->payload[r->hdr.len - 1] != '\0')
		return EINVAL;
	first = r->payload + strlen(r->payload) + 1;
	rc = -perms_parse(&p, first, r->nargs - 1);
	if (rc)
		return rc;
	if (restricted(r) && p.count > r->c->xsd->quotas.permissions) {
		rc = quota_hit(r, "the permissions quota", r->c->xsd->quotas.permissions,
			       r->payload);
		goto out;
	}
	sp = (struct perms *)special_perms(r, r->payload);
	if (sp) {
		rc = set_special_perms(r, sp, &p);
		if (!rc)
			return 0; /* p now belongs to the special path */
		goto out;
	}
	rc = canonical(r, r->payload, &path);
	if (rc)
		goto out;
	rc = get_node(r, path, PERM_WRITE, &n);
	/* Only the owner (or dom0) may change permissions, and a domain cannot give a node away. */
	if (!rc && !perms_owned_by(&n->perms, &r->c->who))
		rc = EACCES;
	if (!rc && restricted(r) && perms_owner(&n->perms) != perms_owner(&p))
		rc = EPERM;
	if (!rc && restricted(r)) {
		struct perms old = n->perms;
		uint32_t size;

		n->perms = p;
		size = node_size(n);
		n->perms = old;
		if (size > r->c->xsd->quotas.node_size)
			rc = quota_hit(r, "the node-size quota", r->c->xsd->quotas.node_size, path);
	}
	if (!rc && !(n = view_modify(&r->v, path)))
		rc = errno;
	if (!rc) {
		view_owner_change(&r->v, perms_owner(&n->perms), perms_owner(&p));
		perms_free(&n->perms);
		n->perms = p;
		p.entry = NULL;
		view_event(&r->v, path, false, &n->perms);
	}
	free(path);
out:
	perms_free(&p);
	return rc ? rc : reply_ok(r);
}

/* WATCH and UNWATCH name the path as the client did: relative paths hear relative events. */
static int watch_args(struct request *r, char **path, bool *relative)
{
	if (r->nargs != 2 || r->payload[r->hdr.len - 1] != '\0')
		return EINVAL;
	if (path_is_special(r->arg[0])) {
		*path = strdup(r->arg[0]);
		*relative = false;
		return *path ? 0 : ENOMEM;
	}
	*relative = r->arg[0][0] != '/';
	return canonical(r, r->arg[0], path);
}

static int do_watch(struct request *r)
{
	bool relative;
	char *path;
	int rc = watch_args(r, &path, &relative);

	if (rc)
		return rc;
	rc = watch_add(r->c, path, r->arg[1], relative);
	free(path);
	if (rc)
		return rc;
	reply_ok(r);
	/* Every new watch fires once at once, so the client can read the initial state. */
	conn_send_event(r->c, r->arg[0], r->arg[1]);
	return 0;
}

static int do_unwatch(struct request *r)
{
	bool relative;
	char *path;
	int rc = watch_args(r, &path, &relative);

	if (rc)
		return rc;
	rc = watch_remove(r->c, path, r->arg[1]);
	free(path);
	return rc ? rc : reply_ok(r);
}

static int do_reset_watches(struct request *r)
{
	watch_remove_all(r->c);
	txn_abort_all(r->c);
	return reply_ok(r);
}

static int do_transaction_start(struct request *r)
{
	char id[16];
	struct txn *t;

	if (r->hdr.tx_id)
		return EBUSY; /* no nesting */
	t = txn_start(r->c);
	if (!t)
		return errno;
	snprintf(id, sizeof(id), "%u", t->id);
	return reply_string(r, id);
}

static int do_transaction_end(struct request *r)
{
	bool commit;
	int rc;

	if (r->nargs != 1 || r->hdr.len != 2)
		return EINVAL;
	if (strcmp(r->arg[0], "T") == 0)
		commit = true;
	else if (strcmp(r->arg[0], "F") == 0)
		commit = false;
	else
		return EINVAL;
	if (!r->v.txn)
		return ENOENT;
	rc = txn_end(r->c, r->v.txn, commit);
	r->v.txn = NULL;
	return rc ? rc : reply_ok(r);
}

/* A decimal number no greater than max (the wire carries domids and ports as text). */
static int parse_number(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *out > max)
		return EINVAL;
	return 0;
}

static int domid_arg(struct request *r, uint32_t i, uint32_t *domid)
{
	uint64_t v;
	int rc;

	if (i >= r->nargs)
		return EINVAL;
	rc = parse_number(r->arg[i], XSD_MAX_DOMID, &v);
	*domid = (uint32_t)v;
	return rc;
}

static int do_introduce(struct request *r)
{
	uint64_t mfn, port;
	uint32_t domid;
	int rc;

	if (r->nargs < 3)
		return EINVAL;
	rc = domid_arg(r, 0, &domid);
	if (!rc)
		rc = parse_number(r->arg[1], UINT64_MAX, &mfn);
	if (!rc)
		rc = parse_number(r->arg[2], UINT32_MAX, &port);
	if (!rc)
		rc = domain_introduce(r->c->xsd, domid, mfn, (uint32_t)port);
	return rc ? rc : reply_ok(r);
}

static int do_release(struct request *r)
{
	uint32_t domid;
	int rc = r->nargs == 1 ? domid_arg(r, 0, &domid) : EINVAL;

	if (!rc)
		rc = domain_release(r->c->xsd, domid);
	return rc ? rc : reply_ok(r);
}

static int do_resume(struct request *r)
{
	uint32_t domid;
	struct domain *d;
	int rc = r->nargs == 1 ? domid_arg(r, 0, &domid) : EINVAL;

	if (rc)
		return rc;
	d = domain_get(r->c->xsd, domid, false);
	if (!d || !d->introduced)
		return ENOENT;
	d->shutdown_seen = false;
	return reply_ok(r);
}

static int do_get_domain_path(struct request *r)
{
	char home[32];
	uint32_t domid;
	int rc = r->nargs == 1 ? domid_arg(r, 0, &domid) : EINVAL;

	if (rc)
		return rc;
	domain_home(domid, home, sizeof(home));
	return reply_string(r, home);
}

static int do_is_domain_introduced(struct request *r)
{
	uint32_t domid;
	struct domain *d;
	int rc = r->nargs == 1 ? domid_arg(r, 0, &domid) : EINVAL;

	if (rc)
		return rc;
	d = domain_get(r->c->xsd, domid, false);
	return reply_string(r, d && d->introduced ? "T" : "F");
}

static int do_set_target(struct request *r)
{
	uint32_t domid, target;
	struct domain *d;
	int rc = r->nargs == 2 ? domid_arg(r, 0, &domid) : EINVAL;

	if (!rc)
		rc = domid_arg(r, 1, &target);
	if (rc)
		return rc;
	d = domain_get(r->c->xsd, domid, false);
	if (!d || !d->introduced || domid == target)
		return ENOENT;
	d->target = target;
	if (d->conn)
		d->conn->who.target = target;
	return reply_ok(r);
}

static int control_quota(struct request *r)
{
	char buf[512];
	uint32_t *q;
	uint64_t v;
	int len;

	if (r->nargs == 1) {
		len = quotas_describe(&r->c->xsd->quotas, buf, sizeof(buf));
		return len < 0 ? E2BIG : reply(r, buf, (uint32_t)len + 1);
	}
	if (r->nargs != 3)
		return EINVAL;
	q = quota_by_name(&r->c->xsd->quotas, r->arg[1]);
	if (!q || parse_number(r->arg[2], UINT32_MAX, &v))
		return EINVAL;
	*q = (uint32_t)v;
	xsd_log("quota %s set to %u", r->arg[1], *q);
	return reply_ok(r);
}

static int control_log(struct request *r)
{
	if (r->nargs != 2 || (strcmp(r->arg[1], "on") && strcmp(r->arg[1], "off")))
		return EINVAL;
	xsd_log_enable(strcmp(r->arg[1], "on") == 0);
	return reply_ok(r);
}

static int control_print(struct request *r)
{
	if (r->nargs != 2)
		return EINVAL;
	xsd_log("print: %s", r->arg[1]);
	return reply_ok(r);
}

static int count_node(const char *path, void *value, void *arg)
{
	(void)path;
	(void)value;
	(*(uint32_t *)arg)++;
	return 0;
}

/* Every node but the root must be listed by its parent. */
static int check_linked(const char *path, void *value, void *arg)
{
	struct xsd *xsd = arg;
	struct node *parent;
	char *pp;

	(void)value;
	if (strcmp(path, "/") == 0)
		return 0;
	pp = path_parent(path);
	parent = pp ? pathmap_get(&xsd->nodes, pp) : NULL;
	free(pp);
	if (!parent)
		return EIO;
	for (uint32_t i = 0; i < parent->nchildren; i++)
		if (strcmp(parent->children[i], path_basename(path)) == 0)
			return 0;
	return EIO;
}

static int control_check(struct request *r)
{
	uint32_t nodes = 0;
	char buf[64];

	if (pathmap_each(&r->c->xsd->nodes, check_linked, r->c->xsd)) {
		xsd_log("check: the store is inconsistent");
		return EIO;
	}
	pathmap_each(&r->c->xsd->nodes, count_node, &nodes);
	snprintf(buf, sizeof(buf), "OK %u nodes", nodes);
	return reply_string(r, buf);
}

static int control_help(struct request *r);

static const struct {
	const char *name;
	int (*run)(struct request *r);
	const char *usage;
} control_table[] = {
	{"check", control_check, "check"},
	{"help", control_help, "help"},
	{"log", control_log, "log on|off"},
	{"print", control_print, "print <string>"},
	{"quota", control_quota, "quota [<name> <value>]"},
};
#define NCONTROLS (sizeof(control_table) / sizeof(control_table[0]))

static int control_help(struct request *r)
{
	char buf[512];
	uint32_t used = 0;

	for (size_t i = 0; i < NCONTROLS; i++)
		used += (uint32_t)snprintf(buf + used, sizeof(buf) - used, "%s\n",
					   control_table[i].usage);
	return reply_string(r, buf);
}

static int do_control(struct request *r)
{
	if (r->nargs == 0 || r->payload[r->hdr.len - 1] != '\0')
		return EINVAL;
	for (size_t i = 0; i < NCONTROLS; i++)
		if (strcmp(control_table[i].name, r->arg[0]) == 0)
			return control_table[i].run(r);
	return EINVAL;
}

static const struct op op_table[XS_TYPE_COUNT] = {
	[XS_CONTROL] = {"CONTROL", do_control, OP_PRIVILEGED},
	[XS_DIRECTORY] = {"DIRECTORY", do_directory, OP_TXN},
	[XS_READ] = {"READ", do_read, OP_TXN},
	[XS_GET_PERMS] = {"GET_PERMS", do_get_perms, OP_TXN},
	[XS_WATCH] = {"WATCH", do_watch, 0},
	[XS_UNWATCH] = {"UNWATCH", do_unwatch, 0},
	[XS_TRANSACTION_START] = {"TRANSACTION_START", do_transaction_start, 0},
	[XS_TRANSACTION_END] = {"TRANSACTION_END", do_transaction_end, OP_TXN},
	[XS_INTRODUCE] = {"INTRODUCE", do_introduce, OP_PRIVILEGED},
	[XS_RELEASE] = {"RELEASE", do_release, OP_PRIVILEGED},
	[XS_GET_DOMAIN_PATH] = {"GET_DOMAIN_PATH", do_get_domain_path, 0},
	[XS_WRITE] = {"WRITE", do_write, OP_TXN},
	[XS_MKDIR] = {"MKDIR", do_mkdir, OP_TXN},
	[XS_RM] = {"RM", do_rm, OP_TXN},
	[XS_SET_PERMS] = {"SET_PERMS", do_set_perms, OP_TXN},
	[XS_WATCH_EVENT] = {"WATCH_EVENT", NULL, 0},
	[XS_ERROR] = {"ERROR", NULL, 0},
	[XS_IS_DOMAIN_INTRODUCED] = {"IS_DOMAIN_INTRODUCED", do_is_domain_introduced, 0},
	[XS_RESUME] = {"RESUME", do_resume, OP_PRIVILEGED},
	[XS_SET_TARGET] = {"SET_TARGET", do_set_target, OP_PRIVILEGED},
	[XS_RESET_WATCHES] = {"RESET_WATCHES", do_reset_watches, 0},
	[XS_DIRECTORY_PART] = {"DIRECTORY_PART", do_directory_part, OP_TXN},
};

const char *ops_name(uint32_t type)
{
	if (type < XS_TYPE_COUNT && op_table[type].name)
		return op_table[type].name;
	return "unknown";
}

static const char *errno_name(int err)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EIO";
}

static void split_args(struct request *r)
{
	uint32_t off = 0;

	r->nargs = 0;
	while (off < r->hdr.len) {
		const char *nul = memchr(r->payload + off, '\0', r->hdr.len - off);

		if (!nul)
			break; /* trailing bytes without a nul are not an argument */
		if (r->nargs < MAX_ARGS)
			r->arg[r->nargs] = r->payload + off;
		r->nargs++;
		off = (uint32_t)(nul - r->payload) + 1;
	}
}

void ops_dispatch(struct conn *c, const struct xsd_sockmsg *hdr, const char *payload)
{
	struct request r = {.c = c, .hdr = *hdr, .payload = payload};
	const struct op *op = hdr->type < XS_TYPE_COUNT ? &op_table[hdr->type] : NULL;
	int rc;

	r.v.xsd = c->xsd;
	r.v.conn = c;
	split_args(&r);
	if (!op || !op->handle) {
		rc = EINVAL;
	} else if ((op->flags & OP_PRIVILEGED) && !c->who.privileged) {
		rc = EACCES;
	} else if ((op->flags & OP_TXN) && hdr->tx_id && !(r.v.txn = txn_find(c, hdr->tx_id))) {
		rc = ENOENT;
	} else if (r.nargs > MAX_ARGS && hdr->type != XS_SET_PERMS) {
		rc = EINVAL;
	} else {
		rc = op->handle(&r);
	}
	if (rc) {
		const char *name = errno_name(rc);

		conn_send(c, XS_ERROR, hdr->req_id, hdr->tx_id, name, (uint32_t)strlen(name) + 1);
	}
}
