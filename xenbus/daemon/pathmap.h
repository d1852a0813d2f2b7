/* SPDX-License-Identifier: MIT */
/* A hash table from xenstore path strings to caller-owned values. */
#ifndef XSD_PATHMAP_H
#define XSD_PATHMAP_H

#include <stddef.h>

struct pathmap_entry {
	char *path; /* owned by the map */
	void *value;
	struct pathmap_entry *next;
};

struct pathmap {
	struct pathmap_entry **buckets;
	size_t nbuckets;
	size_t count;
};

int pathmap_init(struct pathmap *map);
/* Frees the map's own memory; `drop` (may be NULL) is called on every value first. */
void pathmap_destroy(struct pathmap *map, void (*drop)(void *value));
void *pathmap_get(const struct pathmap *map, const char *path);
/* Inserts or replaces; returns the value replaced (NULL if none) through *old. 0 or -ENOMEM. */
int pathmap_put(struct pathmap *map, const char *path, void *value, void **old);
/* Removes the entry and returns its value, or NULL when absent. */
void *pathmap_remove(struct pathmap *map, const char *path);
/* Calls fn for every entry until it returns nonzero; that value is returned. */
int pathmap_each(const struct pathmap *map, int (*fn)(const char *path, void *value, void *arg),
		 void *arg);

#endif
