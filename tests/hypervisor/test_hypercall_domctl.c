/* SPDX-License-Identifier: MIT */
/*
 * domctl (hypervisor/common/hypercall/domctl.c) against Xen 4.17's do_domctl: a bad pointer
 * (-EFAULT), a wrong interface version (-EACCES) before anything else, an absent domain (-ESRCH)
 * before the caller's privilege (-EPERM), unknown sub-ops (-ENOSYS, arch_do_domctl's default),
 * no pausing or destroying oneself (-EINVAL), the toolstack's pause count apart from the
 * hypervisor's, and every field of getdomaininfo, which describes the first domain at or above
 * the id asked for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/errno.h>
#include <lamina/hypercall.h>
#include <public/domctl.h>
#include <public/sched.h>

#include "hypercall_fakes.h"

#define N(a)		 (sizeof(a) / sizeof((a)[0]))
#define DOMCTL_BYTES	 144 /* Xen's 16-byte header and 128-byte union */
#define INFO_BYTES	 112 /* sizeof(struct xen_domctl_getdomaininfo) in Xen 4.17 */
#define UNION_FILL	 0xee
#define RUNNING_FLAGS_HI 0xffff0000U /* Xen's ~0 "no shutdown yet" code shifted into the flags */
#define NOT_A_DOMCTL	 77

static const uint32_t provided[] = {XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain,
				    XEN_DOMCTL_unpausedomain, XEN_DOMCTL_getdomaininfo};

static struct xen_domctl request(uint32_t cmd, domid_t domid)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.cmd = cmd;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op.domain = domid;
	memset(op.u.pad, UNION_FILL, sizeof(op.u.pad));
	return op;
}

/* Places op at gva in the caller's memory, makes the call, and reads back what is there. */
static long domctl_at(struct fake_domain *caller, uint64_t gva, struct xen_domctl *op)
{
	long rc;

	guest_put(caller, gva, op, sizeof(*op));
	rc = hcall(do_domctl, &caller->vcpus[0], gva, 0, 0);
	memcpy(op, guest_ptr(caller, gva), sizeof(*op));
	return rc;
}

static long domctl(struct fake_domain *caller, uint32_t cmd, domid_t domid)
{
	struct xen_domctl op = request(cmd, domid);

	return domctl_at(caller, GVA_OK, &op);
}

/* A call that must fail leaves the caller's buffer and every domain as they were. */
static void assert_refused(struct fake_domain *caller, struct xen_domctl op, long want)
{
	struct xen_domctl before = op;

	assert_int_equal(domctl_at(caller, GVA_OK, &op), want);
	assert_memory_equal(&op, &before, sizeof(op));
	assert_int_equal(fake.pauses + fake.unpauses + fake.shutdowns, 0);
}

static long get_info(struct fake_domain *caller, domid_t domid, struct xen_domctl *op)
{
	*op = request(XEN_DOMCTL_getdomaininfo, domid);
	return domctl_at(caller, GVA_OK, op);
}

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct xen_domctl), DOMCTL_BYTES);
	assert_int_equal(sizeof(struct xen_domctl_getdomaininfo), INFO_BYTES);
	assert_int_equal(offsetof(struct xen_domctl, u), 16);
}

static void test_bad_pointer(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct xen_domctl op = request(XEN_DOMCTL_pausedomain, 1);
	const uint64_t bad[] = {0, GVA_HOLE, gva_crossing(sizeof(op)), GVA_BEYOND, GVA_NONCANON};

	(void)state;
	fake_domain_new(1, false, 1);
	/* A valid request in the part of the crossing struct that can be read. */
	guest_put(dom0, gva_crossing(sizeof(op)), &op, sizeof(op) / 2);
	for (size_t i = 0; i < N(bad); i++)
		assert_int_equal(hcall(do_domctl, &dom0->vcpus[0], bad[i], 0, 0), -EFAULT);
	assert_int_equal(fake.pauses, 0);
}

/* Read-only memory is fine for a request that writes nothing back, -EFAULT for getdomaininfo. */
static void test_read_only_buffer(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	struct xen_domctl op = request(XEN_DOMCTL_pausedomain, 1);

	(void)state;
	assert_int_equal(domctl_at(dom0, GVA_RO, &op), 0);
	assert_int_equal(domu->d.controller_pause_count, 1);
	op = request(XEN_DOMCTL_getdomaininfo, 1);
	guest_put(dom0, GVA_RO, &op, sizeof(op));
	assert_int_equal(hcall(do_domctl, &dom0->vcpus[0], GVA_RO, 0, 0), -EFAULT);
	assert_memory_equal(guest_ptr(dom0, GVA_RO), &op, sizeof(op));
}

static void test_interface_version(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	const uint32_t versions[] = {0, 0x14, 0x16, 0x115, ~0U};
	const uint32_t cmds[] = {XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain,
				 XEN_DOMCTL_unpausedomain, XEN_DOMCTL_getdomaininfo,
				 XEN_DOMCTL_createdomain,  NOT_A_DOMCTL};
	const domid_t targets[] = {0, 1, 9, DOMID_SELF};

	(void)state;
	/* Before the domain lookup and the privilege check, for every caller. */
	for (size_t v = 0; v < N(versions); v++) {
		for (size_t c = 0; c < N(cmds); c++) {
			for (size_t t = 0; t < N(targets); t++) {
				struct xen_domctl op = request(cmds[c], targets[t]);

				op.interface_version = versions[v];
				assert_refused(dom0, op, -EACCES);
				assert_refused(domu, op, -EACCES);
			}
		}
	}
}

static void test_unprivileged(void **state)
{
	struct fake_domain *domu = fake_domain_new(1, false, 1);
	const uint32_t cmds[] = {XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain,
				 XEN_DOMCTL_unpausedomain, XEN_DOMCTL_getdomaininfo,
				 XEN_DOMCTL_createdomain,  NOT_A_DOMCTL};
	const domid_t existing[] = {0, 1, 2, 5};

	(void)state;
	fake_domain_new(0, true, 1);
	fake_domain_new(2, false, 1);
	fake_domain_new(5, false, 1);
	domu->d.controller_pause_count = 1; /* an unpause would otherwise have something to undo */
	for (size_t c = 0; c < N(cmds); c++)
		for (size_t t = 0; t < N(existing); t++)
			assert_refused(domu, request(cmds[c], existing[t]), -EPERM);
	/* getdomaininfo finds domain 5 from id 3, and refuses that one. */
	assert_refused(domu, request(XEN_DOMCTL_getdomaininfo, 3), -EPERM);
	assert_int_equal(domu->d.controller_pause_count, 1);
	assert_int_equal(domu->d.pause_count, 0);
}

/* Xen looks the domain up before it asks XSM, so an absent id is -ESRCH even here. */
static void test_unprivileged_absent_domain(void **state)
{
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	for (size_t c = 0; c < N(provided); c++)
		assert_refused(domu, request(provided[c], 6), -ESRCH);
	assert_refused(domu, request(NOT_A_DOMCTL, 6), -ESRCH);
}

static void test_absent_domain(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	const domid_t absent[] = {2, 0x7fef, DOMID_SELF, DOMID_INVALID, 0xffff};
	const uint32_t exact[] = {XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain,
				  XEN_DOMCTL_unpausedomain, NOT_A_DOMCTL};

	(void)state;
	fake_domain_new(1, false, 1);
	for (size_t c = 0; c < N(exact); c++)
		for (size_t t = 0; t < N(absent); t++)
			assert_refused(dom0, request(exact[c], absent[t]), -ESRCH);
}

static void test_not_provided(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	const uint32_t cmds[] = {0, XEN_DOMCTL_createdomain, 6, NOT_A_DOMCTL, 0x80000005, ~0U};
	char line[80];

	(void)state;
	fake_domain_new(1, false, 1);
	for (size_t c = 0; c < N(cmds); c++) {
		fake.log_len = 0;
		fake.log[0] = 0;
		assert_refused(dom0, request(cmds[c], 1), -ENOSYS);
		snprintf(line, sizeof(line), "d0: domctl %u is not provided: -ENOSYS\n", cmds[c]);
		assert_string_equal(fake.log, line);
	}
}

static void test_not_on_itself(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);

	(void)state;
	assert_refused(dom0, request(XEN_DOMCTL_pausedomain, 0), -EINVAL);
	assert_refused(dom0, request(XEN_DOMCTL_destroydomain, 0), -EINVAL);
	/* Never paused by the toolstack, so there is nothing to unpause either. */
	assert_refused(dom0, request(XEN_DOMCTL_unpausedomain, 0), -EINVAL);
	assert_int_equal(dom0->d.controller_pause_count, 0);
}

static uint32_t info_flags(struct fake_domain *caller, domid_t domid)
{
	struct xen_domctl op;

	assert_int_equal(get_info(caller, domid, &op), 0);
	return op.u.getdomaininfo.flags;
}

static void test_pause_nesting(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	assert_false(info_flags(dom0, 1) & XEN_DOMINF_paused);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_pausedomain, 1), 0);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_pausedomain, 1), 0);
	assert_int_equal(domu->d.controller_pause_count, 2);
	assert_int_equal(domu->d.pause_count, 2);
	assert_true(info_flags(dom0, 1) & XEN_DOMINF_paused);

	assert_int_equal(domctl(dom0, XEN_DOMCTL_unpausedomain, 1), 0);
	assert_int_equal(domu->d.pause_count, 1);
	assert_true(info_flags(dom0, 1) & XEN_DOMINF_paused);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_unpausedomain, 1), 0);
	assert_int_equal(domu->d.pause_count, 0);
	assert_false(info_flags(dom0, 1) & XEN_DOMINF_paused);

	assert_int_equal(domctl(dom0, XEN_DOMCTL_unpausedomain, 1), -EINVAL);
	assert_int_equal(domu->d.controller_pause_count, 0);
	assert_int_equal(fake.pauses, 2);
	assert_int_equal(fake.unpauses, 2);
}

/* A pause the hypervisor holds is neither shown as paused nor undone by the toolstack. */
static void test_hypervisor_pause_kept(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	domu->d.pause_count = 1;
	assert_false(info_flags(dom0, 1) & XEN_DOMINF_paused);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_unpausedomain, 1), -EINVAL);
	assert_int_equal(domu->d.pause_count, 1);

	assert_int_equal(domctl(dom0, XEN_DOMCTL_pausedomain, 1), 0);
	assert_int_equal(domu->d.pause_count, 2);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_unpausedomain, 1), 0);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_unpausedomain, 1), -EINVAL);
	assert_int_equal(domu->d.pause_count, 1);
	assert_int_equal(fake.unpauses, 1);
}

static void test_pause_limit(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	domu->d.controller_pause_count = 254;
	domu->d.pause_count = 254;
	assert_int_equal(domctl(dom0, XEN_DOMCTL_pausedomain, 1), 0);
	assert_int_equal(domctl(dom0, XEN_DOMCTL_pausedomain, 1), -EOVERFLOW);
	assert_int_equal(domu->d.controller_pause_count, 255);
	assert_int_equal(domu->d.pause_count, 255);
	assert_int_equal(fake.pauses, 1);
}

static void test_destroy(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 1);

	(void)state;
	assert_int_equal(domctl(dom0, XEN_DOMCTL_destroydomain, 1), 0);
	assert_int_equal(fake.shutdowns, 1);
	assert_ptr_equal(fake.shutdown_domain, &domu->d);
	assert_int_equal(fake.shutdown_reason, SHUTDOWN_poweroff);
	assert_string_equal(fake.log, "d1: destroydomain from d0: stopping it\n");
}

/* Xen's hap_paddr_bits, from the same CPUID leaf the hypervisor reads. */
static uint8_t host_gpaddr_bits(void)
{
	uint32_t eax, ebx, ecx, edx, bits;

	asm volatile("cpuid"
		     : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(0x80000008), "c"(0));
	bits = (eax >> 16) & 0xff;
	if (!bits)
		bits = eax & 0xff;
	return (uint8_t)(bits > 52 ? 52 : bits);
}

static void test_getdomaininfo_contents(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 3);
	const uint8_t zero[16] = {0};
	struct xen_domctl op;
	const struct xen_domctl_getdomaininfo *info = &op.u.getdomaininfo;
	const uint8_t *tail = op.u.pad + INFO_BYTES;

	(void)state;
	domu->vcpus[0].state = VCPU_RUNNABLE;
	domu->vcpus[0].running = true;
	domu->vcpus[1].state = VCPU_BLOCKED;
	domu->vcpus[2].state = VCPU_DOWN;
	domu->vcpus[0].cpu_time_ns = 1000;
	domu->vcpus[1].cpu_time_ns = 20000;
	domu->vcpus[2].cpu_time_ns = 300000;
	domu->d.shared_info_gfn = 0x1234;

	assert_int_equal(get_info(dom0, 1, &op), 0);
	assert_int_equal(op.cmd, XEN_DOMCTL_getdomaininfo);
	assert_int_equal(op.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
	assert_int_equal(op.domain, 1);
	assert_int_equal(info->domain, 1);
	assert_int_equal(info->pad1, 0);
	assert_int_equal(info->flags, XEN_DOMINF_running | XEN_DOMINF_hvm_guest | XEN_DOMINF_hap |
					      RUNNING_FLAGS_HI);
	assert_int_equal(info->tot_pages, 8192);
	assert_int_equal(info->max_pages, 8200);
	assert_int_equal(info->outstanding_pages, 0);
	assert_int_equal(info->shr_pages, 0);
	assert_int_equal(info->paged_pages, 0);
	assert_int_equal(info->shared_info_frame, 0x1234);
	assert_int_equal(info->cpu_time, 321000);
	assert_int_equal(info->nr_online_vcpus, 2);
	assert_int_equal(info->max_vcpu_id, 2);
	assert_int_equal(info->ssidref, 0);
	assert_memory_equal(info->handle, zero, sizeof(info->handle));
	assert_int_equal(info->cpupool, 0);
	assert_int_equal(info->gpaddr_bits, host_gpaddr_bits());
	assert_memory_equal(info->pad2, zero, sizeof(info->pad2));
	assert_int_equal(info->arch_config.emulation_flags, 0);
	assert_int_equal(info->arch_config.misc_flags, 0);
	/* The union's bytes past the struct go back as they came; nothing after the struct moves.
	 */
	for (size_t i = 0; i < sizeof(op.u.pad) - INFO_BYTES; i++)
		assert_int_equal(tail[i], UNION_FILL);
	assert_true(guest_untouched(dom0, GVA_OK + sizeof(op), 256));
	assert_int_equal(fake.pauses + fake.unpauses + fake.shutdowns, 0);

	/* A domain never placing its shared_info reports ~0 for it, as Xen's M2P lookup does. */
	domu->d.shared_info_gfn = GFN_NONE;
	assert_int_equal(get_info(dom0, 1, &op), 0);
	assert_int_equal(info->shared_info_frame, ~0ULL);
}

struct flags_case {
	const char *what;
	enum vcpu_state states[2];
	bool running[2];
	enum domain_state domain_state;
	unsigned int shutdown_reason;
	unsigned int controller_pauses;
	uint32_t want; /* besides hvm_guest and hap */
	uint32_t online;
};

static const struct flags_case flags_cases[] = {
	{"every online vCPU blocked",
	 {VCPU_BLOCKED, VCPU_BLOCKED},
	 {false, false},
	 DOMAIN_RUNNING,
	 0,
	 0,
	 XEN_DOMINF_blocked | RUNNING_FLAGS_HI,
	 2},
	{"blocked beside a down vCPU",
	 {VCPU_BLOCKED, VCPU_DOWN},
	 {false, false},
	 DOMAIN_RUNNING,
	 0,
	 0,
	 XEN_DOMINF_blocked | RUNNING_FLAGS_HI,
	 1},
	{"runnable, waiting for its CPU",
	 {VCPU_RUNNABLE, VCPU_BLOCKED},
	 {false, false},
	 DOMAIN_RUNNING,
	 0,
	 0,
	 RUNNING_FLAGS_HI,
	 2},
	{"running and blocked",
	 {VCPU_BLOCKED, VCPU_RUNNABLE},
	 {false, true},
	 DOMAIN_RUNNING,
	 0,
	 0,
	 XEN_DOMINF_running | RUNNING_FLAGS_HI,
	 2},
	{"no vCPU online",
	 {VCPU_DOWN, VCPU_DOWN},
	 {false, false},
	 DOMAIN_RUNNING,
	 0,
	 0,
	 RUNNING_FLAGS_HI,
	 0},
	{"paused by the toolstack",
	 {VCPU_RUNNABLE, VCPU_DOWN},
	 {false, false},
	 DOMAIN_RUNNING,
	 0,
	 1,
	 XEN_DOMINF_paused | RUNNING_FLAGS_HI,
	 1},
	{"shut down: crash",
	 {VCPU_DOWN, VCPU_DOWN},
	 {false, false},
	 DOMAIN_SHUTDOWN,
	 SHUTDOWN_crash,
	 0,
	 XEN_DOMINF_shutdown | SHUTDOWN_crash << XEN_DOMINF_shutdownshift,
	 0},
	{"shut down: suspend, paused",
	 {VCPU_RUNNABLE, VCPU_DOWN},
	 {false, false},
	 DOMAIN_SHUTDOWN,
	 SHUTDOWN_suspend,
	 2,
	 XEN_DOMINF_shutdown | XEN_DOMINF_paused | SHUTDOWN_suspend << XEN_DOMINF_shutdownshift,
	 1},
	{"dead after a poweroff",
	 {VCPU_DOWN, VCPU_DOWN},
	 {false, false},
	 DOMAIN_DEAD,
	 SHUTDOWN_poweroff,
	 0,
	 XEN_DOMINF_dying | XEN_DOMINF_shutdown,
	 0},
};

static void test_getdomaininfo_flags(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	struct fake_domain *domu = fake_domain_new(1, false, 2);
	const uint32_t always = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;

	(void)state;
	for (size_t i = 0; i < N(flags_cases); i++) {
		const struct flags_case *c = &flags_cases[i];
		struct xen_domctl op;

		for (unsigned int v = 0; v < 2; v++) {
			domu->vcpus[v].state = c->states[v];
			domu->vcpus[v].running = c->running[v];
		}
		domu->d.state = c->domain_state;
		domu->d.shutdown_reason = c->shutdown_reason;
		domu->d.controller_pause_count = c->controller_pauses;
		assert_int_equal(get_info(dom0, 1, &op), 0);
		if (op.u.getdomaininfo.flags != (c->want | always) ||
		    op.u.getdomaininfo.nr_online_vcpus != c->online)
			fail_msg("%s: flags %#x, %u online; expected %#x, %u", c->what,
				 op.u.getdomaininfo.flags, op.u.getdomaininfo.nr_online_vcpus,
				 c->want | always, c->online);
	}
}

/* Like Xen's, getdomaininfo describes the first domain at or above the id asked. */
static void test_getdomaininfo_next(void **state)
{
	struct fake_domain *dom0 = fake_domain_new(0, true, 1);
	const struct {
		domid_t ask, found;
	} found[] = {{0, 0}, {1, 5}, {5, 5}, {6, 9}, {9, 9}};
	const domid_t beyond[] = {10, 0x7fef};
	const domid_t reserved[] = {DOMID_FIRST_RESERVED, DOMID_INVALID, DOMID_IDLE, 0xffff};
	struct xen_domctl op;

	(void)state;
	fake_domain_new(5, false, 1);
	fake_domain_new(9, false, 1);
	for (size_t i = 0; i < N(found); i++) {
		assert_int_equal(get_info(dom0, found[i].ask, &op), 0);
		assert_int_equal(op.domain, found[i].found);
		assert_int_equal(op.u.getdomaininfo.domain, found[i].found);
	}
	for (size_t i = 0; i < N(beyond); i++)
		assert_refused(dom0, request(XEN_DOMCTL_getdomaininfo, beyond[i]), -ESRCH);
	for (size_t i = 0; i < N(reserved); i++)
		assert_refused(dom0, request(XEN_DOMCTL_getdomaininfo, reserved[i]), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layout, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_bad_pointer, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_read_only_buffer, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_interface_version, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged_absent_domain, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_absent_domain, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_not_provided, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_not_on_itself, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_pause_nesting, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_hypervisor_pause_kept, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_pause_limit, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_destroy, fakes_setup, fakes_teardown),
		cmocka_unit_test_setup_teardown(test_getdomaininfo_contents, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_getdomaininfo_flags, fakes_setup,
						fakes_teardown),
		cmocka_unit_test_setup_teardown(test_getdomaininfo_next, fakes_setup,
						fakes_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
