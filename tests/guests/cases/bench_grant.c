// SPDX-License-Identifier: MIT
/*
 * Grant-table speed from inside a guest: map+unmap pairs per second (one GNTTABOP_map_grant_ref
 * and one GNTTABOP_unmap_grant_ref hypercall each, the guest mapping its own grant) against the
 * rate of the cheapest hypercall, xen_version, measured in the same run; and GNTTABOP_copy
 * bandwidth for whole pages, one page per call and 16 per call, against the guest's own memcpy.
 * Time comes from RDTSC at the TSC frequency CPUID 0x40000003 reports.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/delay.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/string.h>
#include <guest/test.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/version.h>

const char test_name[] = "bench_grant";

#define PAIRS	    5000
#define COPY_PAGES  4096 /* 16 MiB per measurement */
#define BATCH	    16
#define TABLE_GPA   (UNBACKED_GPA + 0x100000)
#define TABLE_VA    (UNBACKED_VA + 0x100000)
#define MAP_GPA	    (UNBACKED_GPA + 0x10000)
#define GRANTED_REF 10

static uint8_t granted[PAGE_SIZE_4K] PAGE_ALIGNED;
static uint8_t buffer[BATCH][PAGE_SIZE_4K] PAGE_ALIGNED;
static unsigned int wrong;

static long gnttab_op(unsigned int cmd, void *uop, unsigned int count)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)uop, count, 0, 0);
}

static uint64_t ns_since(uint64_t tsc0)
{
	return (rdtsc() - tsc0) * 1000000 / tsc_khz();
}

static uint64_t time_pairs(domid_t self)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = MAP_GPA, .flags = GNTMAP_host_map, .ref = GRANTED_REF, .dom = self};
	struct gnttab_unmap_grant_ref unmap = {.host_addr = MAP_GPA};
	uint64_t t0 = rdtsc();

	for (unsigned int i = 0; i < PAIRS; i++) {
		if (gnttab_op(GNTTABOP_map_grant_ref, &map, 1) || map.status != GNTST_okay) {
			wrong++;
			continue;
		}
		unmap.handle = map.handle;
		if (gnttab_op(GNTTABOP_unmap_grant_ref, &unmap, 1) || unmap.status != GNTST_okay)
			wrong++;
	}
	return ns_since(t0);
}

static uint64_t time_version_calls(void)
{
	uint64_t t0 = rdtsc();

	for (unsigned int i = 0; i < 2 * PAIRS; i++)
		if (hc_xen_version(XENVER_version, NULL) != 0x00040011)
			wrong++;
	return ns_since(t0);
}

static uint64_t time_copies(domid_t self, unsigned int batch)
{
	struct gnttab_copy ops[BATCH];
	uint64_t t0;

	for (unsigned int i = 0; i < batch; i++) {
		ops[i] = (struct gnttab_copy){.len = PAGE_SIZE_4K, .flags = GNTCOPY_source_gref};
		ops[i].source.u.ref = GRANTED_REF;
		ops[i].source.domid = self;
		ops[i].dest.u.gmfn = (uintptr_t)buffer[i] / PAGE_SIZE_4K;
		ops[i].dest.domid = DOMID_SELF;
	}
	t0 = rdtsc();
	for (unsigned int n = 0; n < COPY_PAGES; n += batch) {
		if (gnttab_op(GNTTABOP_copy, ops, batch) != 0)
			wrong++;
		for (unsigned int i = 0; i < batch; i++)
			if (ops[i].status != GNTST_okay)
				wrong++;
	}
	return ns_since(t0);
}

static uint64_t time_memcpy(void)
{
	uint64_t t0 = rdtsc();

	for (unsigned int n = 0; n < COPY_PAGES; n++) {
		memcpy(buffer[n % BATCH], granted, PAGE_SIZE_4K);
		asm volatile("" ::: "memory");
	}
	return ns_since(t0);
}

static uint64_t mib_per_s(uint64_t ns)
{
	return ns ? (uint64_t)COPY_PAGES * PAGE_SIZE_4K * 1000000000 / ns / (1024 * 1024) : 0;
}

static void report_ratio(const char *what, uint64_t value, uint64_t base, const char *unit)
{
	printf("bench: %-34s %8lu %s  (%lu.%02lu x baseline)\n", what, value, unit,
	       base ? value / base : 0, base ? value * 100 / base % 100 : 0);
}

void test_main(void)
{
	struct xen_add_to_physmap xatp = {.domid = DOMID_SELF,
					  .space = XENMAPSPACE_grant_table,
					  .gpfn = TABLE_GPA / PAGE_SIZE_4K};
	volatile struct grant_entry_v1 *table = (volatile struct grant_entry_v1 *)TABLE_VA;
	uint64_t domid = 0, pairs_ns, calls_ns, one_ns, batch_ns, memcpy_ns, pair_rate, call_rate;

	EXPECT_TRUE(tsc_khz() > 0);
	if (!tsc_khz())
		return;
	boot_arg_number("domid", &domid);
	EXPECT_RC(hc_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	memset(granted, 0x3c, sizeof(granted));
	table[GRANTED_REF].domid = (domid_t)domid;
	table[GRANTED_REF].frame = (uint32_t)((uintptr_t)granted / PAGE_SIZE_4K);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	table[GRANTED_REF].flags = GTF_permit_access;

	calls_ns = time_version_calls();
	pairs_ns = time_pairs((domid_t)domid);
	memcpy_ns = time_memcpy();
	one_ns = time_copies((domid_t)domid, 1);
	batch_ns = time_copies((domid_t)domid, BATCH);
	pair_rate = pairs_ns ? (uint64_t)PAIRS * 1000000000 / pairs_ns : 0;
	call_rate = calls_ns ? (uint64_t)PAIRS * 1000000000 / calls_ns : 0;

	printf("bench: %u map+unmap pairs, %u pages copied per measurement, TSC %lu kHz\n", PAIRS,
	       COPY_PAGES, tsc_khz());
	report_ratio("pairs of xen_version (baseline)", call_rate, call_rate, "pairs/s");
	report_ratio("grant map+unmap pairs", pair_rate, call_rate, "pairs/s");
	report_ratio("memcpy in the guest (baseline)", mib_per_s(memcpy_ns), mib_per_s(memcpy_ns),
		     "MiB/s");
	report_ratio("grant copy, 1 page per call", mib_per_s(one_ns), mib_per_s(memcpy_ns),
		     "MiB/s");
	report_ratio("grant copy, 16 pages per call", mib_per_s(batch_ns), mib_per_s(memcpy_ns),
		     "MiB/s");
	EXPECT_EQ(wrong, 0);
	EXPECT_TRUE(memcmp(buffer[BATCH - 1], granted, PAGE_SIZE_4K) == 0);
	EXPECT_HEX(table[GRANTED_REF].flags, GTF_permit_access);
}
