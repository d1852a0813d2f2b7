/* SPDX-License-Identifier: MIT */
/* dom0-test's command line. */
#ifndef DOM0_OPTIONS_H
#define DOM0_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct options {
	uint64_t rounds;      /* ping-pong round trips */
	uint64_t icr_rounds;  /* round trips that prove the peer's CPU survived the IPIs */
	uint32_t peer_domid;  /* the peer guest */
	uint32_t gref;	      /* the grant reference of its shared page */
	uint32_t apic_id;     /* the hypervisor's CPU that dom0 must not reach */
	uint64_t apic_base;   /* physical address of the xAPIC page */
	uint32_t timeout_ms;  /* the longest wait for one event */
	const char *dev_dir;  /* where privcmd, evtchn and gntdev are */
	const char *mem_path; /* physical memory device for the ICR */
	const char *until;    /* stop after this sub-test (NULL: run all) */
	bool bench;	      /* also print "bench:" figures */
	bool list;	      /* print the sub-tests and exit */
	bool help;
};

void options_default(struct options *opt);
/*
 * Parses argv into @opt (defaults first). Returns 0, or -1 with the reason in @err; leaves
 * argv in its original order.
 */
int options_parse(struct options *opt, int argc, char *const argv[], char *err, size_t errlen);
void options_usage(const char *prog);

#endif
