/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"

struct node *node_new(const char *path, const struct perms *perms)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		goto fail;
	n->path = strdup(path);
	n->value = calloc(1, 1);
	if (!n->path || !n->value || perms_copy(&n->perms, perms))
		goto fail;
	return n;
fail:
	node_free(n);
	errno = ENOMEM;
	return NULL;
}

struct node *node_clone(const struct node *src)
{
	struct node *n = node_new(src->path, &src->perms);

	if (!n)
		return NULL;
	n->generation = src->generation;
	if (node_set_value(n, src->value, src->value_len))
		goto fail;
	for (uint32_t i = 0; i < src->nchildren; i++)
		if (node_add_child(n, src->children[i]))
			goto fail;
	return n;
fail:
	node_free(n);
	errno = ENOMEM;
	return NULL;
}

void node_free(struct node *n)
{
	if (!n)
		return;
	for (uint32_t i = 0; i < n->nchildren; i++)
		free(n->children[i]);
	free(n->children);
	free(n->path);
	free(n->value);
	perms_free(&n->perms);
	free(n);
}

int node_set_value(struct node *n, const void *data, uint32_t len)
{
	char *v = malloc((size_t)len + 1);

	if (!v)
		return -ENOMEM;
	memcpy(v, data, len);
	v[len] = '\0';
	free(n->value);
	n->value = v;
	n->value_len = len;
	return 0;
}

int node_add_child(struct node *n, const char *name)
{
	char *copy;

	if (n->nchildren == n->children_cap) {
		uint32_t cap = n->children_cap ? 2 * n->children_cap : 4;
		char **c = realloc(n->children, cap * sizeof(*c));

		if (!c)
			return -ENOMEM;
		n->children = c;
		n->children_cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	n->children[n->nchildren++] = copy;
	n->children_bytes += (uint32_t)strlen(name) + 1;
	return 0;
}

void node_remove_child(struct node *n, const char *name)
{
	for (uint32_t i = 0; i < n->nchildren; i++) {
		if (strcmp(n->children[i], name) == 0) {
			n->children_bytes -= (uint32_t)strlen(name) + 1;
			free(n->children[i]);
			memmove(&n->children[i], &n->children[i + 1],
				(n->nchildren - i - 1) * sizeof(n->children[0]));
			n->nchildren--;
			return;
		}
	}
}

uint32_t node_size(const struct node *n)
{
	return n->value_len + n->children_bytes + n->perms.count * (uint32_t)sizeof(struct perm);
}
