// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "apic_icr.h"
#include "options.h"
#include "peer_page.h"
#include "xen_devices.h"

#define DEFAULT_ROUNDS	   1000
#define DEFAULT_ICR_ROUNDS 10
#define DEFAULT_TIMEOUT_MS 5000
#define MAX_ROUNDS	   100000000ULL
/* Below DOMID_FIRST_RESERVED (0x7ff0); domid 0 is dom0 itself. */
#define MAX_DOMID      0x7fef
#define MAX_APIC_ID    0xff
#define MAX_TIMEOUT_MS 600000

enum option_id {
	OPT_ROUNDS = 'r',
	OPT_PEER = 'p',
	OPT_GREF = 'g',
	OPT_DEV = 'd',
	OPT_MEM = 'm',
	OPT_UNTIL = 'u',
	OPT_BENCH = 'b',
	OPT_LIST = 'l',
	OPT_HELP = 'h',
	OPT_ICR_ROUNDS = 256,
	OPT_APIC_ID,
	OPT_APIC_BASE,
	OPT_TIMEOUT,
};

static const struct option long_options[] = {
	{"rounds", required_argument, NULL, OPT_ROUNDS},
	{"peer", required_argument, NULL, OPT_PEER},
	{"gref", required_argument, NULL, OPT_GREF},
	{"dev", required_argument, NULL, OPT_DEV},
	{"mem", required_argument, NULL, OPT_MEM},
	{"until", required_argument, NULL, OPT_UNTIL},
	{"bench", no_argument, NULL, OPT_BENCH},
	{"list", no_argument, NULL, OPT_LIST},
	{"help", no_argument, NULL, OPT_HELP},
	{"icr-rounds", required_argument, NULL, OPT_ICR_ROUNDS},
	{"apic-id", required_argument, NULL, OPT_APIC_ID},
	{"apic-base", required_argument, NULL, OPT_APIC_BASE},
	{"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
	{NULL, 0, NULL, 0},
};

/* The numeric options: where each goes and its allowed range. */
struct number_option {
	int id;
	uint64_t min, max;
	size_t width; /* bytes of the destination */
	size_t offset;
};

#define NUMBER(id, field, lo, hi)                                                                  \
	{                                                                                          \
		id, lo, hi, sizeof(((struct options *)0)->field), offsetof(struct options, field)  \
	}

static const struct number_option number_options[] = {
	NUMBER(OPT_ROUNDS, rounds, 1, MAX_ROUNDS),
	NUMBER(OPT_ICR_ROUNDS, icr_rounds, 1, MAX_ROUNDS),
	NUMBER(OPT_PEER, peer_domid, 1, MAX_DOMID),
	NUMBER(OPT_GREF, gref, 0, UINT32_MAX),
	NUMBER(OPT_APIC_ID, apic_id, 0, MAX_APIC_ID),
	NUMBER(OPT_APIC_BASE, apic_base, 0, UINT64_MAX - 0xfff),
	NUMBER(OPT_TIMEOUT, timeout_ms, 1, MAX_TIMEOUT_MS),
};

void options_default(struct options *opt)
{
	*opt = (struct options){
		.rounds = DEFAULT_ROUNDS,
		.icr_rounds = DEFAULT_ICR_ROUNDS,
		.peer_domid = PEER_DOMID,
		.gref = PEER_GREF,
		.apic_id = 1,
		.apic_base = APIC_DEFAULT_BASE,
		.timeout_ms = DEFAULT_TIMEOUT_MS,
		.dev_dir = XEN_DEV_DIR,
		.mem_path = "/dev/mem",
	};
}

static const char *option_name(int id)
{
	for (const struct option *o = long_options; o->name; o++)
		if (o->val == id)
			return o->name;
	return "?";
}

/* A whole decimal or 0x-hexadecimal number in [min, max]; nothing else is accepted. */
static int parse_number(const char *text, uint64_t min, uint64_t max, uint64_t *value)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text;
	char *end;

	/* strtoull alone would also take a sign, leading spaces or nothing at all. */
	if (!(hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)))
		return -EINVAL;
	errno = 0;
	*value = strtoull(digits, &end, hex ? 16 : 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	return *value < min || *value > max ? -ERANGE : 0;
}

static int set_number(struct options *opt, const struct number_option *n, const char *text,
		      char *err, size_t errlen)
{
	uint64_t value;
	char *field = (char *)opt + n->offset;
	int rc = parse_number(text, n->min, n->max, &value);

	if (rc) {
		snprintf(err, errlen, "--%s=%s: %s (%" PRIu64 "..%" PRIu64 ")", option_name(n->id),
			 text, rc == -ERANGE ? "out of range" : "not a number", n->min, n->max);
		return -1;
	}
	if (n->width == sizeof(uint64_t))
		*(uint64_t *)field = value;
	else
		*(uint32_t *)field = (uint32_t)value;
	return 0;
}

static const struct number_option *number_option(int id)
{
	for (size_t i = 0; i < sizeof(number_options) / sizeof(number_options[0]); i++)
		if (number_options[i].id == id)
			return &number_options[i];
	return NULL;
}

int options_parse(struct options *opt, int argc, char *const argv[], char *err, size_t errlen)
{
	const struct number_option *n;
	int c;

	options_default(opt);
	optind = 0; /* glibc: start over, so that the parser can be used more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+r:p:g:d:m:u:blh", long_options, NULL)) != -1) {
		n = number_option(c);
		if (n) {
			if (set_number(opt, n, optarg, err, errlen))
				return -1;
			continue;
		}
		switch (c) {
		case OPT_DEV:
			opt->dev_dir = optarg;
			break;
		case OPT_MEM:
			opt->mem_path = optarg;
			break;
		case OPT_UNTIL:
			opt->until = optarg;
			break;
		case OPT_BENCH:
			opt->bench = true;
			break;
		case OPT_LIST:
			opt->list = true;
			break;
		case OPT_HELP:
			opt->help = true;
			break;
		default:
			snprintf(err, errlen, "unknown option or missing value: %s",
				 argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument: %s", argv[optind]);
		return -1;
	}
	return 0;
}

void options_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [options]\n"
		"  --rounds N       event round trips with the peer (default %d)\n"
		"  --icr-rounds N   round trips after the IPI attempts (default %d)\n"
		"  --peer DOMID     the peer guest (default %d)\n"
		"  --gref REF       the grant reference of the peer's page (default %d)\n"
		"  --apic-id ID     the hypervisor's CPU to aim the IPIs at (default 1)\n"
		"  --apic-base ADDR physical address of the xAPIC (default %#llx)\n"
		"  --timeout-ms MS  the longest wait for one event (default %d)\n"
		"  --dev DIR        where privcmd, evtchn and gntdev are (default %s)\n"
		"  --mem PATH       physical memory device (default /dev/mem)\n"
		"  --until NAME     stop after this sub-test (see --list)\n"
		"  --bench          print bench: figures\n"
		"  --list           list the sub-tests\n",
		prog, DEFAULT_ROUNDS, DEFAULT_ICR_ROUNDS, PEER_DOMID, PEER_GREF, APIC_DEFAULT_BASE,
		DEFAULT_TIMEOUT_MS, XEN_DEV_DIR);
}
