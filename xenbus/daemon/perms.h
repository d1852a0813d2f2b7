/* SPDX-License-Identifier: MIT */
/*
 * Node permissions: entry 0 names the owner and the access of every domain not listed;
 * entries 1.. grant a listed domain read, write, both or nothing. On the wire each entry is
 * a letter (r w b n) followed by the decimal domid.
 */
#ifndef XSD_PERMS_H
#define XSD_PERMS_H

#include <stdbool.h>
#include <stdint.h>

#define PERM_READ  1u
#define PERM_WRITE 2u
#define PERM_BOTH  (PERM_READ | PERM_WRITE)

struct perm {
	uint32_t domid;
	uint32_t access; /* PERM_* */
};

struct perms {
	uint32_t count; /* at least 1 */
	struct perm *entry;
};

/* Who asks: a privileged caller (dom0, the socket) may do anything. */
struct accessor {
	uint32_t domid;
	uint32_t target; /* the domain this one may act for (SET_TARGET), or UINT32_MAX */
	bool privileged;
};

/* Parses `count` nul-terminated entries at `s`. Returns 0, -EINVAL or -ENOMEM. */
int perms_parse(struct perms *out, const char *s, uint32_t count);
/* Writes the wire form (each entry nul-terminated) into buf; returns bytes or -E2BIG. */
int perms_format(const struct perms *p, char *buf, uint32_t size);
int perms_copy(struct perms *dst, const struct perms *src);
void perms_free(struct perms *p);
/* The access (PERM_*) that `who` has under `p`. */
uint32_t perms_access(const struct perms *p, const struct accessor *who);
/* Whether `who` owns the node (or acts for its owner, or is privileged). */
bool perms_owned_by(const struct perms *p, const struct accessor *who);
static inline uint32_t perms_owner(const struct perms *p)
{
	return p->entry[0].domid;
}

#endif
