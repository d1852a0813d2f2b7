// SPDX-License-Identifier: MIT
/*
 * lamina-introduce: hands the domains the hypervisor built at boot to xenstored, as xl does for
 * the domains it creates. For each domid that has a xenstore ring (HVM_PARAM_STORE_PFN and
 * STORE_EVTCHN, read through privcmd) and is not introduced yet: /local/domain/<id> with the
 * keys Xen's toolstack writes (domid, name when the hypervisor command line gives one), the
 * directories the domain owns (data, control, device), then XS_INTRODUCE. dom0's own
 * /local/domain/0 (domid, name "Domain-0") is created as Xen's xen-init-dom0 does.
 *
 * usage: lamina-introduce [--privcmd PATH] [--max-domid N]
 * Exit status 0 when every domain found was introduced (or already was), 1 otherwise.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/hvm/params.h>
#include <xenstore.h>
#include "boot_domains.h"
#include "privcmd.h"

#define DEFAULT_MAX_DOMID 64

static const char *const owned_dirs[] = {"data", "control", "device"};

static bool write_key(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *key,
		      const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	return xs_write(xs, t, path, value, strlen(value));
}

/* Xen's layout: the home belongs to dom0 and the domain may read it; some children are its. */
static bool make_home(struct xs_handle *xs, xs_transaction_t t, uint32_t domid, const char *name)
{
	struct xs_permissions readable[] = {{.id = 0, .perms = XS_PERM_NONE},
					    {.id = domid, .perms = XS_PERM_READ}};
	struct xs_permissions owned[] = {{.id = domid, .perms = XS_PERM_NONE}};
	char home[64], sub[96], id[16];

	snprintf(home, sizeof(home), "/local/domain/%u", domid);
	snprintf(id, sizeof(id), "%u", domid);
	if (!xs_mkdir(xs, t, home) || !xs_set_permissions(xs, t, home, readable, domid ? 2 : 1))
		return false;
	if (!write_key(xs, t, home, "domid", id))
		return false;
	if (name && !write_key(xs, t, home, "name", name))
		return false;
	if (domid == 0)
		return true;
	for (size_t i = 0; i < sizeof(owned_dirs) / sizeof(owned_dirs[0]); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", home, owned_dirs[i]);
		if (!xs_mkdir(xs, t, sub) || !xs_set_permissions(xs, t, sub, owned, 1))
			return false;
	}
	return true;
}

/* In a transaction, retried while another writer made it conflict (EAGAIN). */
static bool create_home(struct xs_handle *xs, uint32_t domid, const char *name)
{
	for (int attempt = 0; attempt < 10; attempt++) {
		xs_transaction_t t = xs_transaction_start(xs);
		bool ok;

		if (t == XBT_NULL)
			return false;
		ok = make_home(xs, t, domid, name);
		if (!ok) {
			int err = errno;

			xs_transaction_end(xs, t, true);
			errno = err;
			return false;
		}
		if (xs_transaction_end(xs, t, false))
			return true;
		if (errno != EAGAIN)
			return false;
	}
	return false;
}

/* 1: introduced now, 0: nothing to do, -1: failed (reason printed). */
static int introduce_one(struct privcmd *pc, struct xs_handle *xs, uint32_t domid, const char *name)
{
	uint64_t pfn, port;
	int rc = privcmd_hvm_get_param(pc, domid, HVM_PARAM_STORE_PFN, &pfn);

	if (rc == -ESRCH)
		return 0;
	if (rc == 0)
		rc = privcmd_hvm_get_param(pc, domid, HVM_PARAM_STORE_EVTCHN, &port);
	if (rc < 0) {
		fprintf(stderr, "lamina-introduce: d%u: HVMOP_get_param: %s\n", domid,
			strerror(-rc));
		return -1;
	}
	if (pfn == 0 || port == 0) {
		printf("lamina-introduce: d%u has no xenstore ring (store pfn %#llx, port %llu)\n",
		       domid, (unsigned long long)pfn, (unsigned long long)port);
		return 0;
	}
	if (xs_is_domain_introduced(xs, domid)) {
		printf("lamina-introduce: d%u is already introduced\n", domid);
		return 0;
	}
	if (!create_home(xs, domid, name)) {
		fprintf(stderr, "lamina-introduce: d%u: cannot create /local/domain/%u: %s\n",
			domid, domid, strerror(errno));
		return -1;
	}
	if (!xs_introduce_domain(xs, domid, (unsigned long)pfn, (unsigned int)port)) {
		fprintf(stderr, "lamina-introduce: d%u: XS_INTRODUCE (gfn %#llx, port %llu): %s\n",
			domid, (unsigned long long)pfn, (unsigned long long)port, strerror(errno));
		return -1;
	}
	printf("lamina-introduce: d%u%s%s%s introduced (ring gfn %#llx, port %llu)\n", domid,
	       name ? " (" : "", name ? name : "", name ? ")" : "", (unsigned long long)pfn,
	       (unsigned long long)port);
	return 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: lamina-introduce [--privcmd PATH] [--max-domid N]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"privcmd", required_argument, NULL, 'p'},
		{"max-domid", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *privcmd_path = "/dev/xen/privcmd";
	unsigned long max_domid = DEFAULT_MAX_DOMID;
	struct boot_domain names[BOOT_DOMAINS_MAX];
	unsigned int nr_names = 0, introduced = 0, failed = 0;
	char cmdline[1024], *end;
	struct xs_handle *xs;
	struct privcmd *pc;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "p:m:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			privcmd_path = optarg;
			break;
		case 'm':
			errno = 0;
			max_domid = strtoul(optarg, &end, 0);
			if (errno || *end || max_domid == 0 || max_domid >= DOMID_FIRST_RESERVED) {
				fprintf(stderr, "lamina-introduce: --max-domid %s: not in 1..%u\n",
					optarg, DOMID_FIRST_RESERVED - 1);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	pc = privcmd_open(&xen_dev_linux, privcmd_path);
	if (!pc) {
		fprintf(stderr, "lamina-introduce: cannot open %s: %s\n", privcmd_path,
			strerror(errno));
		return 1;
	}
	rc = privcmd_hypervisor_cmdline(pc, cmdline, sizeof(cmdline));
	if (rc == 0)
		nr_names = boot_domains_parse(cmdline, names, BOOT_DOMAINS_MAX);
	else
		fprintf(stderr, "lamina-introduce: no hypervisor command line (%s): no names\n",
			strerror(-rc));
	if (nr_names > BOOT_DOMAINS_MAX)
		nr_names = BOOT_DOMAINS_MAX;
	xs = xs_open(XS_OPEN_SOCKETONLY);
	if (!xs) {
		fprintf(stderr, "lamina-introduce: cannot connect to xenstored: %s\n",
			strerror(errno));
		privcmd_close(pc);
		return 1;
	}
	if (!create_home(xs, 0, "Domain-0")) {
		fprintf(stderr, "lamina-introduce: cannot create /local/domain/0: %s\n",
			strerror(errno));
		failed++;
	}
	for (uint32_t domid = 1; domid <= max_domid; domid++) {
		rc = introduce_one(pc, xs, domid, boot_domain_name(names, nr_names, domid));
		if (rc < 0)
			failed++;
		else
			introduced += (unsigned int)rc;
	}
	printf("lamina-introduce: %u domain(s) introduced, %u failure(s)\n", introduced, failed);
	xs_close(xs);
	privcmd_close(pc);
	return failed ? 1 : 0;
}
