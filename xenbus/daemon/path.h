/* SPDX-License-Identifier: MIT */
/* Xenstore path syntax: validation, relative-to-absolute, parent and child relations. */
#ifndef XSD_PATH_H
#define XSD_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* An absolute node path: "/" or "/a/b" of [A-Za-z0-9_@-] components, no "//", no trailing '/'. */
bool path_is_valid_node(const char *path);
/* A special watch path: '@' followed by at least one path character. */
bool path_is_special(const char *path);

/*
 * Turns what a client sent into an absolute path: relative paths are taken under `home`
 * ("/local/domain/<id>"). Returns a malloc'd string, or NULL with errno EINVAL (bad syntax or
 * longer than the limit for its kind) or ENOMEM. `max_rel` limits relative paths as given.
 */
char *path_canonical(const char *home, const char *path, size_t max_rel);

/* The parent of an absolute path other than "/" (malloc'd), or NULL with errno ENOMEM. */
char *path_parent(const char *path);
/* The last component of an absolute path other than "/". */
const char *path_basename(const char *path);
/* True when `child` is `parent` or lies below it. */
bool path_is_child(const char *child, const char *parent);
/* "/a" + "b" -> "/a/b" (malloc'd), or NULL with errno ENOMEM. */
char *path_join(const char *dir, const char *name);

#endif
