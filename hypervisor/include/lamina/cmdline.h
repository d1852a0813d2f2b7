/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor command line:
 *   loglvl=none|error|warning|info|debug|all[/LEVEL]   (Xen's X/Y form: X is used)
 *   dom0_mem=SIZE
 *   domain=NAME,kernel=IDX[,initrd=IDX][,mem=SIZE][,vcpus=N][,weight=N][,initial][,hardware]
 *   (repeatable; hardware: booted as Linux through its 64-bit boot protocol, owning CPU0, the
 *   devices and dom0_mem= of RAM mapped 1:1, and initial)
 * Tokens are separated by blanks. SIZE is a decimal number of bytes with an optional K, M, G or
 * T suffix (binary units, either case); IDX is a 0-based multiboot module index.
 * The string comes from the boot loader and is parsed as untrusted input.
 */
#ifndef LAMINA_CMDLINE_H
#define LAMINA_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_DOMAINS 8
#define CMDLINE_MAX_MODULE  63
#define DOMAIN_NAME_MAX	    32 /* including the terminating NUL */
#define DOMAIN_MEM_DEFAULT  (32ULL << 20)
#define DOMAIN_MEM_MIN	    (1ULL << 20)
#define DOMAIN_MEM_MAX	    (1ULL << 40)

enum { LOGLVL_NONE, LOGLVL_ERROR, LOGLVL_WARNING, LOGLVL_INFO, LOGLVL_DEBUG, LOGLVL_ALL };

struct domain_spec {
	char name[DOMAIN_NAME_MAX];
	int kernel_module;
	int initrd_module; /* -1: none */
	uint64_t mem_bytes;
	unsigned int vcpus;
	unsigned int weight; /* 0: the default (256) */
	bool initial;
	bool hardware; /* the Linux hardware domain (implies initial); sized by dom0_mem= */
};

struct boot_options {
	int loglvl;	   /* LOGLVL_* */
	uint64_t dom0_mem; /* 0: unset */
	unsigned int nr_domains;
	struct domain_spec domains[CMDLINE_MAX_DOMAINS];
	unsigned int nr_unknown; /* top-level tokens ignored */
};

/*
 * Fills opts: defaults first (loglvl from CONFIG_LOG_LEVEL, each domain 32 MiB, 1 vCPU, no
 * initrd), then the options. Returns 0, or -EINVAL with err holding a one-line reason that names
 * the offending option, e.g. "domain=web: vcpus=99: out of range 1..8" (err may be NULL; its
 * text is printable ASCII). Unknown top-level tokens are counted and passed to unknown (may be
 * NULL) so that the caller can warn; later loglvl= and dom0_mem= options override earlier ones.
 */
int cmdline_parse(const char *cmdline, struct boot_options *opts, char *err, size_t errlen,
		  void (*unknown)(void *ctx, const char *token, size_t len), void *ctx);

/*
 * Boot loaders put the image's own file name first on a multiboot command line ("lamina
 * loglvl=all"). Returns the string after it, or cmdline itself when its first word is an
 * option (contains '=').
 */
const char *cmdline_skip_image_name(const char *cmdline);

/* The loglvl= keyword of a level ("info"), or "?" */
const char *cmdline_loglvl_name(int loglvl);

#endif /* LAMINA_CMDLINE_H */
