/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/io/xs_wire.h>
#include "path.h"

static bool is_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '@';
}

bool path_is_valid_node(const char *path)
{
	size_t len = strlen(path);

	if (path[0] != '/' || len > XENSTORE_ABS_PATH_MAX)
		return false;
	if (len == 1)
		return true;
	if (path[len - 1] == '/')
		return false;
	for (const char *p = path; *p; p++) {
		if (*p == '/') {
			if (p[1] == '/')
				return false;
		} else if (!is_path_char(*p)) {
			return false;
		}
	}
	return true;
}

bool path_is_special(const char *path)
{
	if (path[0] != '@' || !path[1] || strlen(path) > XENSTORE_ABS_PATH_MAX)
		return false;
	for (const char *p = path + 1; *p; p++)
		if (!is_path_char(*p) && *p != '/')
			return false;
	return true;
}

char *path_canonical(const char *home, const char *path, size_t max_rel)
{
	char *abs;

	if (path[0] == '/') {
		abs = strdup(path);
	} else {
		if (!path[0] || strlen(path) > max_rel) {
			errno = EINVAL;
			return NULL;
		}
		if (asprintf(&abs, "%s/%s", home, path) < 0)
			abs = NULL;
	}
	if (!abs) {
		errno = ENOMEM;
		return NULL;
	}
	if (!path_is_valid_node(abs)) {
		free(abs);
		errno = EINVAL;
		return NULL;
	}
	return abs;
}

char *path_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent;

	if (slash == path)
		parent = strdup("/");
	else
		parent = strndup(path, (size_t)(slash - path));
	if (!parent)
		errno = ENOMEM;
	return parent;
}

const char *path_basename(const char *path)
{
	return strrchr(path, '/') + 1;
}

bool path_is_child(const char *child, const char *parent)
{
	size_t n = strlen(parent);

	if (strcmp(parent, "/") == 0)
		return child[0] == '/';
	return strncmp(child, parent, n) == 0 && (child[n] == '\0' || child[n] == '/');
}

char *path_join(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	return p;
}
