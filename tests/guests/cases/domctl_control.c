// SPDX-License-Identifier: MIT
/*
 * The control domain's side of domctl (domid 0, privileged; domctl_counter is domid 1). It reads
 * the counter d1 keeps in a page d1 grants it and checks, against both that counter and
 * getdomaininfo's cpu_time, that pausedomain stops d1 before it returns and unpausedomain lets it
 * go on; that pauses nest and only the toolstack's own can be undone; every refusal Xen 4.17's
 * do_domctl gives (itself -EINVAL, a wrong version -EACCES, an absent id -ESRCH, a bad pointer
 * -EFAULT, an unknown sub-op -ENOSYS); and finally destroys d1, whose id then names nothing.
 */
#include <guest/console.h>
#include <guest/delay.h>
#include <guest/hypercall.h>
#include <guest/paging.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/grant_table.h>
#include <public/sched.h>
#include "domctl_call.h"

const char test_name[] = "domctl_control";

#define MAP_GPA	       (UNBACKED_GPA + 0x10000)
#define MAP_VA	       (UNBACKED_VA + 0x10000)
#define UNBACKED_ARG   (UNBACKED_VA + 0x180000) /* a pointer to guest-physical space with no RAM */
#define WAIT_MS	       20000
#define WATCH_MS       200 /* how long the counter is watched for progress or its absence */
#define RUNNING_LOOKS  10
#define STANDARD_FLAGS (XEN_DOMINF_hvm_guest | XEN_DOMINF_hap)
/* Xen 4.17 shifts its ~0 "not shut down" code into bits 16-31 of a running domain's flags. */
#define NOT_SHUT_DOWN 0xffff0000U

static const struct progress *progress = (const struct progress *)MAP_VA;
static grant_handle_t counter_handle;

static long gnttab_op(unsigned int cmd, void *uop)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)uop, 1, 0, 0);
}

static bool counter_mapped(void)
{
	struct gnttab_map_grant_ref op = {.host_addr = MAP_GPA,
					  .flags = GNTMAP_host_map | GNTMAP_readonly,
					  .ref = COUNTER_REF,
					  .dom = COUNTER_DOMID};

	if (gnttab_op(GNTTABOP_map_grant_ref, &op) != 0 || op.status != GNTST_okay) {
		hc_sched_op(SCHEDOP_yield, NULL);
		return false;
	}
	counter_handle = op.handle;
	return true;
}

static bool wait_until(bool (*done)(void), uint64_t ms)
{
	uint64_t end = rdtsc() + tsc_khz() * ms;

	while (!done())
		if (rdtsc() > end)
			return false;
	return true;
}

/* How far d1's counter moves in WATCH_MS. */
static uint64_t counter_progress(void)
{
	uint64_t before = progress->count;

	delay_ms(WATCH_MS);
	return progress->count - before;
}

static struct xen_domctl_getdomaininfo info_of(domid_t domid)
{
	struct xen_domctl_getdomaininfo info;

	memset(&info, 0, sizeof(info));
	EXPECT_RC(domain_info(domid, &info), 0);
	return info;
}

/* d1 while it runs: our counter moves and so does the hypervisor's cpu_time. */
static void expect_running(const char *when)
{
	uint64_t cpu_before = info_of(COUNTER_DOMID).cpu_time, moved = counter_progress();
	struct xen_domctl_getdomaininfo info = info_of(COUNTER_DOMID);

	printf("%s: the counter moved %lu in %u ms, cpu_time %lu ns\n", when, moved, WATCH_MS,
	       info.cpu_time - cpu_before);
	EXPECT_TRUE(moved > 0);
	EXPECT_TRUE(info.cpu_time > cpu_before);
	EXPECT_HEX(info.flags & XEN_DOMINF_paused, 0);
}

/* d1 while paused: neither moves, and the flags say paused and not running. */
static void expect_paused(const char *when)
{
	uint64_t cpu_before = info_of(COUNTER_DOMID).cpu_time, moved = counter_progress();
	struct xen_domctl_getdomaininfo info = info_of(COUNTER_DOMID);

	printf("%s: the counter moved %lu in %u ms\n", when, moved, WATCH_MS);
	EXPECT_EQ(moved, 0);
	EXPECT_EQ(info.cpu_time, cpu_before);
	EXPECT_HEX(info.flags, XEN_DOMINF_paused | STANDARD_FLAGS | NOT_SHUT_DOWN);
}

static void check_info_while_running(void)
{
	struct xen_domctl_getdomaininfo self = info_of(CONTROL_DOMID), d1;
	struct xen_domctl op = domctl_request(XEN_DOMCTL_getdomaininfo, CONTROL_DOMID);

	/* We are on a CPU while we ask about ourselves. */
	EXPECT_EQ(self.domain, CONTROL_DOMID);
	EXPECT_HEX(self.flags, XEN_DOMINF_running | STANDARD_FLAGS | NOT_SHUT_DOWN);
	EXPECT_EQ(self.nr_online_vcpus, 1);
	EXPECT_EQ(self.max_vcpu_id, 0);
	EXPECT_TRUE(self.tot_pages > 0);
	EXPECT_EQ(self.cpupool, 0);

	/* d1 spins on its own CPU, off it only for a moment between slices: look a few times. */
	for (unsigned int look = 0; look < RUNNING_LOOKS; look++) {
		d1 = info_of(COUNTER_DOMID);
		if (d1.flags & XEN_DOMINF_running)
			break;
	}
	EXPECT_EQ(d1.domain, COUNTER_DOMID);
	EXPECT_HEX(d1.flags, XEN_DOMINF_running | STANDARD_FLAGS | NOT_SHUT_DOWN);
	EXPECT_EQ(d1.nr_online_vcpus, 1);
	EXPECT_EQ(d1.max_vcpu_id, 0);
	EXPECT_TRUE(d1.tot_pages > 0 && d1.tot_pages <= d1.max_pages);
	EXPECT_TRUE(d1.gpaddr_bits >= 32 && d1.gpaddr_bits <= 52);
	EXPECT_EQ(d1.outstanding_pages + d1.shr_pages + d1.paged_pages, 0);
	printf("d1: %lu of %lu pages, shared_info frame %#lx, %u-bit guest-physical space\n",
	       d1.tot_pages, d1.max_pages, d1.shared_info_frame, d1.gpaddr_bits);

	/* The header's domain field is rewritten to the domain described. */
	EXPECT_RC(domctl(&op), 0);
	EXPECT_EQ(op.domain, CONTROL_DOMID);
	EXPECT_EQ(op.u.getdomaininfo.domain, CONTROL_DOMID);
}

static void check_pause_nesting(void)
{
	expect_running("before any pause");

	EXPECT_RC(domctl_on(XEN_DOMCTL_pausedomain, COUNTER_DOMID), 0);
	expect_paused("paused once");

	EXPECT_RC(domctl_on(XEN_DOMCTL_pausedomain, COUNTER_DOMID), 0);
	EXPECT_RC(domctl_on(XEN_DOMCTL_unpausedomain, COUNTER_DOMID), 0);
	expect_paused("paused twice, unpaused once");

	EXPECT_RC(domctl_on(XEN_DOMCTL_unpausedomain, COUNTER_DOMID), 0);
	expect_running("unpaused as often as paused");

	/* Nothing of ours is left to undo. */
	EXPECT_RC(domctl_on(XEN_DOMCTL_unpausedomain, COUNTER_DOMID), -XEN_EINVAL);
	expect_running("after a refused unpause");
}

static void check_refusals(void)
{
	struct xen_domctl op;
	const uint32_t versions[] = {0x14, 0x16, 0};

	EXPECT_RC(domctl_on(XEN_DOMCTL_pausedomain, CONTROL_DOMID), -XEN_EINVAL);
	EXPECT_RC(domctl_on(XEN_DOMCTL_destroydomain, CONTROL_DOMID), -XEN_EINVAL);
	EXPECT_RC(domctl_on(XEN_DOMCTL_unpausedomain, CONTROL_DOMID), -XEN_EINVAL);
	/* Xen's domctl looks ids up as they are: DOMID_SELF names no domain. */
	EXPECT_RC(domctl_on(XEN_DOMCTL_pausedomain, DOMID_SELF), -XEN_ESRCH);

	for (unsigned int i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		op = domctl_request(XEN_DOMCTL_pausedomain, COUNTER_DOMID);
		op.interface_version = versions[i];
		EXPECT_RC(domctl(&op), -XEN_EACCES);
		op = domctl_request(XEN_DOMCTL_getdomaininfo, COUNTER_DOMID);
		op.interface_version = versions[i];
		EXPECT_RC(domctl(&op), -XEN_EACCES);
		EXPECT_EQ(op.u.getdomaininfo.domain, 0);
	}

	EXPECT_RC(domctl_on(XEN_DOMCTL_pausedomain, 42), -XEN_ESRCH);
	EXPECT_RC(domctl_on(XEN_DOMCTL_unpausedomain, 42), -XEN_ESRCH);
	EXPECT_RC(domctl_on(XEN_DOMCTL_destroydomain, 42), -XEN_ESRCH);
	EXPECT_RC(domctl_on(NOT_A_DOMCTL, 42), -XEN_ESRCH);
	EXPECT_RC(domctl_on(XEN_DOMCTL_getdomaininfo, 2), -XEN_ESRCH);
	EXPECT_RC(domctl_on(XEN_DOMCTL_getdomaininfo, DOMID_FIRST_RESERVED), -XEN_EINVAL);

	EXPECT_RC(domctl_on(NOT_A_DOMCTL, COUNTER_DOMID), -XEN_ENOSYS);
	EXPECT_RC(domctl_on(XEN_DOMCTL_createdomain, COUNTER_DOMID), -XEN_ENOSYS);

	EXPECT_RC(hypercall(__HYPERVISOR_domctl, 0, 0, 0, 0, 0), -XEN_EFAULT);
	EXPECT_RC(hypercall(__HYPERVISOR_domctl, UNBACKED_ARG, 0, 0, 0, 0), -XEN_EFAULT);
	expect_running("after the refusals");
}

static bool counter_gone(void)
{
	struct xen_domctl_getdomaininfo info;

	return domctl_on(XEN_DOMCTL_pausedomain, COUNTER_DOMID) == -XEN_ESRCH &&
	       domain_info(COUNTER_DOMID, &info) == -XEN_ESRCH;
}

static void check_destroy(void)
{
	struct gnttab_unmap_grant_ref unmap = {.host_addr = MAP_GPA, .handle = counter_handle};
	struct xen_domctl_getdomaininfo info;
	uint64_t start, scan_start;

	/* Destroyed while paused, as xl destroy does it. */
	EXPECT_RC(domctl_on(XEN_DOMCTL_pausedomain, COUNTER_DOMID), 0);
	EXPECT_RC(gnttab_op(GNTTABOP_unmap_grant_ref, &unmap), 0);
	EXPECT_EQ(unmap.status, GNTST_okay);
	start = rdtsc();
	EXPECT_RC(domctl_on(XEN_DOMCTL_destroydomain, COUNTER_DOMID), 0);
	if (!wait_until(counter_gone, WAIT_MS)) {
		FAIL("d%u still exists %u ms after destroydomain", COUNTER_DOMID, WAIT_MS);
		return;
	}
	printf("d%u gone %lu us after destroydomain\n", COUNTER_DOMID,
	       (rdtsc() - start) * 1000 / tsc_khz());
	EXPECT_RC(domctl_on(XEN_DOMCTL_unpausedomain, COUNTER_DOMID), -XEN_ESRCH);
	EXPECT_RC(domctl_on(XEN_DOMCTL_destroydomain, COUNTER_DOMID), -XEN_ESRCH);
	/* From id 1 up nothing is left: every id below the reserved ones was looked at. */
	scan_start = rdtsc();
	EXPECT_RC(domain_info(COUNTER_DOMID, &info), -XEN_ESRCH);
	printf("getdomaininfo over ids 1..0x7fef took %lu us\n",
	       (rdtsc() - scan_start) * 1000 / tsc_khz());
	/* We are still here. */
	EXPECT_EQ(info_of(0).domain, CONTROL_DOMID);
}

void test_main(void)
{
	if (!tsc_khz()) {
		FAIL("no TSC frequency in CPUID 0x40000003");
		return;
	}
	if (!wait_until(counter_mapped, WAIT_MS)) {
		FAIL("d%u's counter page could not be mapped within %u ms", COUNTER_DOMID, WAIT_MS);
		return;
	}
	EXPECT_HEX(progress->magic, COUNTER_MAGIC);
	check_info_while_running();
	check_pause_nesting();
	check_refusals();
	check_destroy();
}
