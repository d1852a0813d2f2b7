// SPDX-License-Identifier: MIT
/*
 * Round trips per second of the cheapest hypercall, xen_version(XENVER_version), by VMMCALL and
 * through the hypercall page, against CPUID of a Xen leaf (an exit handled without the hypercall
 * dispatcher) measured in the same run. Time comes from RDTSC at the TSC frequency CPUID
 * 0x40000003 reports.
 */
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>
#include <public/version.h>

const char test_name[] = "bench_vmmcall";

#define ROUNDS 20000

struct measurement {
	uint64_t ns;
	unsigned int wrong;
};

static uint64_t tsc_khz;

static uint64_t ns_since(uint64_t tsc0)
{
	return (rdtsc() - tsc0) * 1000000 / tsc_khz;
}

static struct measurement time_hypercalls(void)
{
	struct measurement m = {0};
	uint64_t t0 = rdtsc();
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		if (hc_xen_version(XENVER_version, NULL) != 0x00040011)
			m.wrong++;
	}
	m.ns = ns_since(t0);
	return m;
}

static struct measurement time_cpuid(void)
{
	struct measurement m = {0};
	uint64_t t0 = rdtsc();
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		if (cpuid(XEN_CPUID_LEAF(XEN_CPUID_LEAF_VERSION)).eax != 0x00040011)
			m.wrong++;
	}
	m.ns = ns_since(t0);
	return m;
}

static uint64_t per_second(const struct measurement *m)
{
	return m->ns ? (uint64_t)ROUNDS * 1000000000 / m->ns : 0;
}

static void report(const char *what, const struct measurement *m, const struct measurement *base)
{
	uint64_t rate = per_second(m), base_rate = per_second(base);

	printf("bench: %-26s %7lu round trips/s  %6lu ns each  (%lu.%02lu x the CPUID rate)\n",
	       what, rate, m->ns / ROUNDS, base_rate ? rate / base_rate : 0,
	       base_rate ? rate * 100 / base_rate % 100 : 0);
	EXPECT_EQ(m->wrong, 0);
}

void test_main(void)
{
	struct measurement cpuid_exit, vmmcall, page;

	tsc_khz = cpuid_count(XEN_CPUID_LEAF(XEN_CPUID_LEAF_TIME), 0).ecx;
	EXPECT_TRUE(tsc_khz > 0);
	if (!tsc_khz)
		return;
	EXPECT_EQ(hypercall_page_install(MSR_XEN_HYPERCALL_PAGE, hypercall_page), NO_FAULT);

	cpuid_exit = time_cpuid();
	vmmcall = time_hypercalls();
	hypercall_use(HYPERCALL_PAGE);
	page = time_hypercalls();
	hypercall_use(HYPERCALL_VMMCALL);

	printf("bench: %u round trips each, TSC %lu kHz (CPUID 0x40000003)\n", ROUNDS, tsc_khz);
	report("CPUID 0x40000001 (baseline)", &cpuid_exit, &cpuid_exit);
	report("VMMCALL xen_version", &vmmcall, &cpuid_exit);
	report("hypercall page xen_version", &page, &cpuid_exit);
}
