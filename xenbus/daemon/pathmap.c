/* SPDX-License-Identifier: MIT */
/* Chained hash table keyed by path; it doubles when the load passes one entry per bucket. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pathmap.h"

#define INITIAL_BUCKETS 64

static uint64_t hash_path(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

int pathmap_init(struct pathmap *map)
{
	map->buckets = calloc(INITIAL_BUCKETS, sizeof(*map->buckets));
	if (!map->buckets)
		return -ENOMEM;
	map->nbuckets = INITIAL_BUCKETS;
	map->count = 0;
	return 0;
}

void pathmap_destroy(struct pathmap *map, void (*drop)(void *value))
{
	for (size_t i = 0; i < map->nbuckets; i++) {
		struct pathmap_entry *e = map->buckets[i];

		while (e) {
			struct pathmap_entry *next = e->next;

			if (drop)
				drop(e->value);
			free(e->path);
			free(e);
			e = next;
		}
	}
	free(map->buckets);
	map->buckets = NULL;
	map->nbuckets = map->count = 0;
}

static struct pathmap_entry **slot_of(const struct pathmap *map, const char *path)
{
	struct pathmap_entry **p = &map->buckets[hash_path(path) & (map->nbuckets - 1)];

	while (*p && strcmp((*p)->path, path) != 0)
		p = &(*p)->next;
	return p;
}

void *pathmap_get(const struct pathmap *map, const char *path)
{
	struct pathmap_entry *e = *slot_of(map, path);

	return e ? e->value : NULL;
}

/* Growth failure is harmless: the table keeps working, only with longer chains. */
static void grow(struct pathmap *map)
{
	size_t n = map->nbuckets * 2;
	struct pathmap_entry **b = calloc(n, sizeof(*b));

	if (!b)
		return;
	for (size_t i = 0; i < map->nbuckets; i++) {
		struct pathmap_entry *e = map->buckets[i];

		while (e) {
			struct pathmap_entry *next = e->next;
			size_t k = hash_path(e->path) & (n - 1);

			e->next = b[k];
			b[k] = e;
			e = next;
		}
	}
	free(map->buckets);
	map->buckets = b;
	map->nbuckets = n;
}

int pathmap_put(struct pathmap *map, const char *path, void *value, void **old)
{
	struct pathmap_entry **p = slot_of(map, path);
	struct pathmap_entry *e;

	*old = NULL;
	if (*p) {
		*old = (*p)->value;
		(*p)->value = value;
		return 0;
	}
	e = malloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->path = strdup(path);
	if (!e->path) {
		free(e);
		return -ENOMEM;
	}
	e->value = value;
	e->next = NULL;
	*p = e;
	if (++map->count > map->nbuckets)
		grow(map);
	return 0;
}

void *pathmap_remove(struct pathmap *map, const char *path)
{
	struct pathmap_entry **p = slot_of(map, path);
	struct pathmap_entry *e = *p;
	void *value;

	if (!e)
		return NULL;
	*p = e->next;
	value = e->value;
	free(e->path);
	free(e);
	map->count--;
	return value;
}

int pathmap_each(const struct pathmap *map, int (*fn)(const char *path, void *value, void *arg),
		 void *arg)
{
	for (size_t i = 0; i < map->nbuckets; i++) {
		for (struct pathmap_entry *e = map->buckets[i]; e; e = e->next) {
			int rc = fn(e->path, e->value, arg);

			if (rc)
				return rc;
		}
	}
	return 0;
}
