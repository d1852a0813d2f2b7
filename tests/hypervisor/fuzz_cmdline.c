/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: cmdline_parse() on any string never crashes, refuses with a printable
 * message, and whatever it accepts is within the documented limits.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lamina/cmdline.h>
#include <lamina/errno.h>

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "broken: %s\n", what);
		abort();
	}
}

static void count_unknown(void *ctx, const char *token, size_t len)
{
	check(len > 0 && token[0] != ' ' && token[0] != '\0', "unknown token is empty or blank");
	++*(unsigned int *)ctx;
}

static void check_domain(const struct boot_options *opts, unsigned int i)
{
	const struct domain_spec *d = &opts->domains[i];
	size_t len = strnlen(d->name, sizeof(d->name));

	check(len >= 1 && len < sizeof(d->name), "name length");
	check(strspn(d->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
		      len,
	      "name characters");
	for (unsigned int j = 0; j < i; j++)
		check(strcmp(d->name, opts->domains[j].name) != 0, "names unique");
	check(d->kernel_module >= 0 && d->kernel_module <= CMDLINE_MAX_MODULE, "kernel index");
	check(d->initrd_module >= -1 && d->initrd_module <= CMDLINE_MAX_MODULE, "initrd index");
	check(d->initrd_module != d->kernel_module, "initrd differs from kernel");
	check(d->mem_bytes >= DOMAIN_MEM_MIN && d->mem_bytes <= DOMAIN_MEM_MAX, "mem range");
	check(d->mem_bytes % 4096 == 0, "mem in pages");
	check(d->vcpus >= 1 && d->vcpus <= CONFIG_MAX_VCPUS, "vcpus range");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_options opts;
	char *line = malloc(size + 1);
	char err[96];
	unsigned int unknown = 0, initial = 0;
	int rc;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	/* A small error buffer half the time, to exercise truncation. */
	rc = cmdline_parse(line, &opts, err, size % 2 ? sizeof(err) : 9, count_unknown, &unknown);
	free(line);

	if (rc) {
		check(rc == -EINVAL, "error code");
		check(err[0] != '\0', "error has a reason");
		for (const char *p = err; *p; p++)
			check(*p >= 0x20 && *p < 0x7f, "error is printable");
		return 0;
	}
	check(opts.nr_unknown == unknown, "unknown count matches callbacks");
	check(opts.loglvl >= LOGLVL_NONE && opts.loglvl <= LOGLVL_ALL, "loglvl range");
	check(opts.dom0_mem == 0 ||
		      (opts.dom0_mem >= DOMAIN_MEM_MIN && opts.dom0_mem <= DOMAIN_MEM_MAX),
	      "dom0_mem range");
	check(opts.nr_domains <= CMDLINE_MAX_DOMAINS, "domain count");
	for (unsigned int i = 0; i < opts.nr_domains; i++) {
		check_domain(&opts, i);
		initial += opts.domains[i].initial;
	}
	check(initial <= 1, "at most one initial domain");
	return 0;
}
