/* SPDX-License-Identifier: MIT */
/*
 * The names of the domains the hypervisor built at boot, from its command line (which dom0
 * reads with XENVER_commandline): every "domain=NAME,..." option in order, the initial one
 * (",initial" or ",hardware") as domid 0 and the others as 1, 2, ... in command-line order,
 * as the hypervisor numbers them. The string comes from outside and is parsed defensively:
 * what is not understood is skipped, names are cut to BOOT_DOMAIN_NAME_MAX - 1 bytes.
 */
#ifndef XSD_BOOT_DOMAINS_H
#define XSD_BOOT_DOMAINS_H

#include <stdint.h>

#define BOOT_DOMAIN_NAME_MAX 32
#define BOOT_DOMAINS_MAX     64

struct boot_domain {
	uint32_t domid;
	char name[BOOT_DOMAIN_NAME_MAX];
};

/* Fills up to max entries; returns how many domain= options were found (may exceed max). */
unsigned int boot_domains_parse(const char *cmdline, struct boot_domain *out, unsigned int max);

/* The name of domid among n parsed entries, or NULL. */
const char *boot_domain_name(const struct boot_domain *d, unsigned int n, uint32_t domid);

#endif
