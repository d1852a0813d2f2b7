/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "perms.h"

static const struct {
	char letter;
	uint32_t access;
} perm_letters[] = {
	{'n', 0},
	{'r', PERM_READ},
	{'w', PERM_WRITE},
	{'b', PERM_BOTH},
};

static int letter_access(char c, uint32_t *access)
{
	for (size_t i = 0; i < sizeof(perm_letters) / sizeof(perm_letters[0]); i++) {
		if (perm_letters[i].letter == c) {
			*access = perm_letters[i].access;
			return 0;
		}
	}
	return -EINVAL;
}

static char access_letter(uint32_t access)
{
	for (size_t i = 0; i < sizeof(perm_letters) / sizeof(perm_letters[0]); i++)
		if (perm_letters[i].access == access)
			return perm_letters[i].letter;
	return '?';
}

/* A domid is 1 to 5 decimal digits, at most 65535. */
static int parse_domid(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	size_t n = 0;

	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= 5)
			return -EINVAL;
		v = v * 10 + (uint32_t)(s[n] - '0');
	}
	if (n == 0 || v > 65535)
		return -EINVAL;
	*out = v;
	return 0;
}

int perms_parse(struct perms *out, const char *s, uint32_t count)
{
	if (count == 0)
		return -EINVAL;
	out->entry = calloc(count, sizeof(*out->entry));
	if (!out->entry)
		return -ENOMEM;
	out->count = count;
	for (uint32_t i = 0; i < count; i++) {
		if (letter_access(s[0], &out->entry[i].access) ||
		    parse_domid(s + 1, &out->entry[i].domid)) {
			perms_free(out);
			return -EINVAL;
		}
		s += strlen(s) + 1;
	}
	return 0;
}

int perms_format(const struct perms *p, char *buf, uint32_t size)
{
	uint32_t used = 0;

	for (uint32_t i = 0; i < p->count; i++) {
		int n = snprintf(buf + used, size - used, "%c%u", access_letter(p->entry[i].access),
				 p->entry[i].domid);

		if (n < 0 || (uint32_t)n + 1 > size - used)
			return -E2BIG;
		used += (uint32_t)n + 1; /* keep the nul */
	}
	return (int)used;
}

int perms_copy(struct perms *dst, const struct perms *src)
{
	dst->entry = malloc(src->count * sizeof(*dst->entry));
	if (!dst->entry)
		return -ENOMEM;
	memcpy(dst->entry, src->entry, src->count * sizeof(*dst->entry));
	dst->count = src->count;
	return 0;
}

void perms_free(struct perms *p)
{
	free(p->entry);
	p->entry = NULL;
	p->count = 0;
}

static bool acts_as(const struct accessor *who, uint32_t domid)
{
	return who->domid == domid || who->target == domid;
}

bool perms_owned_by(const struct perms *p, const struct accessor *who)
{
	return who->privileged || acts_as(who, p->entry[0].domid);
}

uint32_t perms_access(const struct perms *p, const struct accessor *who)
{
	if (who->privileged || acts_as(who, p->entry[0].domid))
		return PERM_BOTH;
	for (uint32_t i = 1; i < p->count; i++)
		if (acts_as(who, p->entry[i].domid))
			return p->entry[i].access;
	return p->entry[0].access;
}
