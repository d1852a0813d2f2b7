// SPDX-License-Identifier: MIT
/*
 * dom0 owns its local APIC, but the other CPUs belong to the hypervisor: an INIT or any IPI aimed
 * at one of them must be refused (the hypervisor logs each refusal). The proof on this side is
 * that the peer, which runs on that CPU, still answers afterwards.
 */
#include <inttypes.h>
#include <string.h>
#include "apic_icr.h"
#include "dom0_test.h"

#define XEN_SIGNATURE "XenVMMXenVMM"
#define FIXED_VECTOR  0xf0

static const struct {
	const char *name;
	uint32_t icr_low;
} ipis[] = {
	{"INIT", ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT},
	{"fixed IPI (vector 0xf0)", ICR_DELIVERY_FIXED | ICR_LEVEL_ASSERT | FIXED_VECTOR},
};

bool check_icr(struct dom0_test *t, struct outcome *o)
{
	const struct options *opt = t->opt;
	char sig[13];
	bool faulted;
	int signo = 0;
	long rc;

	/* Never aim IPIs at a CPU of a machine that is not our hypervisor's. */
	hypervisor_signature(sig);
	if (strcmp(sig, XEN_SIGNATURE) != 0)
		return outcome_fail(o,
				    "CPUID 0x40000000 says \"%s\", not %s: refusing to write an "
				    "APIC ICR on this machine",
				    sig, XEN_SIGNATURE);
	for (size_t i = 0; i < sizeof(ipis) / sizeof(ipis[0]); i++) {
		rc = icr_send(opt->mem_path, opt->apic_base, opt->apic_id, ipis[i].icr_low,
			      &faulted, &signo);
		if (rc < 0)
			return outcome_fail_errno(o, (int)-rc,
						  "mapping the APIC at %#" PRIx64 " through %s for "
						  "the %s",
						  opt->apic_base, opt->mem_path, ipis[i].name);
		outcome_note(o, "%s to APIC %u written (ICR %#x)%s%s", ipis[i].name, opt->apic_id,
			     ipis[i].icr_low, faulted ? ", the store faulted: " : "",
			     faulted ? strsignal(signo) : "");
	}
	for (uint64_t i = 0; i < opt->icr_rounds; i++)
		if (!peer_round_trip(t, o, "after the IPIs"))
			return outcome_fail(o,
					    "d%u stopped answering after the IPIs to APIC %u: "
					    "that CPU was reset or disturbed",
					    opt->peer_domid, opt->apic_id);
	outcome_note(o, "d%u still answered %" PRIu64 " round trips on APIC %u's CPU",
		     opt->peer_domid, opt->icr_rounds, opt->apic_id);
	return true;
}
