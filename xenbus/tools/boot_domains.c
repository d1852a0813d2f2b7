// SPDX-License-Identifier: MIT
#include <stdbool.h>
#include <string.h>
#include "boot_domains.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the comma-separated items after the name include `flag` as a whole item. */
static bool has_item(const char *items, size_t len, const char *flag)
{
	size_t flen = strlen(flag);

	for (size_t i = 0; i < len;) {
		size_t end = i;

		while (end < len && items[end] != ',')
			end++;
		if (end - i == flen && memcmp(items + i, flag, flen) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

unsigned int boot_domains_parse(const char *cmdline, struct boot_domain *out, unsigned int max)
{
	static const char key[] = "domain=";
	unsigned int found = 0;
	uint32_t next_domid = 1;
	const char *p = cmdline;

	while (p && *p) {
		const char *tok, *name, *rest;
		size_t len, name_len;
		bool initial;

		while (is_blank(*p))
			p++;
		tok = p;
		while (*p && !is_blank(*p))
			p++;
		len = (size_t)(p - tok);
		if (len <= sizeof(key) - 1 || memcmp(tok, key, sizeof(key) - 1) != 0)
			continue;
		name = tok + sizeof(key) - 1;
		name_len = 0;
		while (name + name_len < p && name[name_len] != ',')
			name_len++;
		rest = name + name_len;
		initial = has_item(rest, (size_t)(p - rest), "initial") ||
			  has_item(rest, (size_t)(p - rest), "hardware");
		if (found < max) {
			struct boot_domain *d = &out[found];

			d->domid = initial ? 0 : next_domid;
			if (name_len >= sizeof(d->name))
				name_len = sizeof(d->name) - 1;
			memcpy(d->name, name, name_len);
			d->name[name_len] = '\0';
		}
		if (!initial)
			next_domid++;
		found++;
	}
	return found;
}

const char *boot_domain_name(const struct boot_domain *d, unsigned int n, uint32_t domid)
{
	for (unsigned int i = 0; i < n; i++)
		if (d[i].domid == domid && d[i].name[0])
			return d[i].name;
	return NULL;
}
