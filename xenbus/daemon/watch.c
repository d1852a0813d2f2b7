/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "domain.h"
#include "log.h"
#include "path.h"
#include "watch.h"

static void watch_free(struct watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

static struct domain *domain_of(struct conn *c)
{
	return domain_get(c->xsd, c->who.domid, true);
}

int watch_add(struct conn *c, const char *path, const char *token, bool relative)
{
	struct domain *d = domain_of(c);
	struct watch *w;

	if (!d)
		return ENOMEM;
	for (w = c->watches; w; w = w->next)
		if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0)
			return EEXIST;
	if (!c->who.privileged && d->watches >= c->xsd->quotas.watches) {
		xsd_log("quota: domain %u reached its watch quota (%u) watching %s: E2BIG",
			d->domid, c->xsd->quotas.watches, path);
		return E2BIG;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(path);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		watch_free(w);
		return ENOMEM;
	}
	w->relative = relative;
	w->next = c->watches;
	c->watches = w;
	d->watches++;
	return 0;
}

static void dropped_one(struct conn *c)
{
	struct domain *d = domain_of(c);

	if (d && d->watches)
		d->watches--;
}

int watch_remove(struct conn *c, const char *path, const char *token)
{
	for (struct watch **p = &c->watches; *p; p = &(*p)->next) {
		struct watch *w = *p;

		if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
			*p = w->next;
			watch_free(w);
			dropped_one(c);
			return 0;
		}
	}
	return ENOENT;
}

void watch_remove_all(struct conn *c)
{
	while (c->watches) {
		struct watch *w = c->watches;

		c->watches = w->next;
		watch_free(w);
		dropped_one(c);
	}
}

static bool matches(const struct watch *w, const char *path, bool exact)
{
	if (exact)
		return strcmp(w->path, path) == 0;
	return path_is_child(path, w->path);
}

static const struct perms *special_perms(struct xsd *xsd, const char *path)
{
	if (strcmp(path, "@introduceDomain") == 0)
		return &xsd->introduce_perms;
	if (strcmp(path, "@releaseDomain") == 0)
		return &xsd->release_perms;
	return NULL;
}

/* Relative watches hear relative paths: the home prefix and its slash come off. */
static const char *event_path(const struct conn *c, const struct watch *w, const char *path)
{
	size_t n = strlen(c->home);

	if (w->relative && strncmp(path, c->home, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

void watch_fire(struct xsd *xsd, const char *path, bool exact, const struct perms *perms)
{
	if (!perms)
		perms = special_perms(xsd, path);
	for (struct conn *c = xsd->conns; c; c = c->next) {
		if (c->dead)
			continue;
		if (perms && !(perms_access(perms, &c->who) & PERM_READ))
			continue;
		if (!perms && !c->who.privileged)
			continue;
		for (struct watch *w = c->watches; w; w = w->next)
			if (matches(w, path, exact))
				conn_send_event(c, event_path(c, w, path), w->token);
	}
}
