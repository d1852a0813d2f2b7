/* SPDX-License-Identifier: MIT */
/* One xenstore node: its value, permissions, the names of its children and a generation. */
#ifndef XSD_NODE_H
#define XSD_NODE_H

#include <stdint.h>
#include "perms.h"

struct node {
	char *path;
	char *value; /* binary, value_len bytes, plus a nul for convenience */
	uint32_t value_len;
	struct perms perms;
	char **children; /* leaf names in creation order (Xen lists them so) */
	uint32_t nchildren, children_cap;
	uint32_t children_bytes; /* sum of (strlen + 1): the DIRECTORY payload size */
	uint64_t generation;	 /* changes whenever the node does */
};

/* A node with an empty value and a copy of `perms`; NULL with errno ENOMEM. */
struct node *node_new(const char *path, const struct perms *perms);
/* A deep copy; NULL with errno ENOMEM. */
struct node *node_clone(const struct node *n);
void node_free(struct node *n);
int node_set_value(struct node *n, const void *data, uint32_t len);
int node_add_child(struct node *n, const char *name);
void node_remove_child(struct node *n, const char *name);
/* The size counted against the node-size quota: value, child names and permissions. */
uint32_t node_size(const struct node *n);

#endif
