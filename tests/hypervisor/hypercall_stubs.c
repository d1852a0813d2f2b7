// SPDX-License-Identifier: MIT
/*
 * What the hypercall handler files call beyond the sub-ops these tests cover: event channels,
 * vCPU timers, vCPU bring-up, grant table operations, and domctl (test_hypercall_domctl links
 * the real one without these files' other handlers). Reaching any of these from a test here is
 * a test bug, so each one fails the test that got there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lamina/event.h>
#include <lamina/hypercall.h>
#include <lamina/sched.h>
#include <lamina/vcpu_timer.h>
#include <asm/svm.h>

#define NOT_COVERED(name) fail_msg("%s is outside these tests", name)

long do_grant_table_op(struct vcpu *v, const uint64_t args[5])
{
	(void)v;
	(void)args;
	NOT_COVERED("grant_table_op");
	return 0;
}

long do_domctl(struct vcpu *v, const uint64_t args[5])
{
	(void)v;
	(void)args;
	NOT_COVERED("domctl");
	return 0;
}

long do_event_channel_op(struct vcpu *v, const uint64_t args[5])
{
	(void)v;
	(void)args;
	NOT_COVERED("event_channel_op");
	return 0;
}

int evtchn_poll_port(struct domain *d, uint32_t port)
{
	(void)d;
	(void)port;
	NOT_COVERED("evtchn_poll_port");
	return 0;
}

bool vcpu_upcall_pending(const struct vcpu *v)
{
	(void)v;
	NOT_COVERED("vcpu_upcall_pending");
	return false;
}

void vcpu_unblock_self(struct vcpu *v)
{
	(void)v;
	NOT_COVERED("vcpu_unblock_self");
}

long vcpu_set_timer_op(struct vcpu *v, uint64_t timeout_ns)
{
	(void)v;
	(void)timeout_ns;
	NOT_COVERED("vcpu_set_timer_op");
	return 0;
}

long vcpu_set_singleshot(struct vcpu *v, uint64_t timeout_ns, bool future)
{
	(void)v;
	(void)timeout_ns;
	(void)future;
	NOT_COVERED("vcpu_set_singleshot");
	return 0;
}

void vcpu_stop_singleshot(struct vcpu *v)
{
	(void)v;
	NOT_COVERED("vcpu_stop_singleshot");
}

long vcpu_set_periodic(struct vcpu *v, uint64_t period_ns)
{
	(void)v;
	(void)period_ns;
	NOT_COVERED("vcpu_set_periodic");
	return 0;
}

void vcpu_stop_periodic(struct vcpu *v)
{
	(void)v;
	NOT_COVERED("vcpu_stop_periodic");
}

void vcpu_set_poll_timeout(struct vcpu *v, uint64_t timeout_ns)
{
	(void)v;
	(void)timeout_ns;
	NOT_COVERED("vcpu_set_poll_timeout");
}

int svm_vcpu_set_hvm_context(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
	(void)v;
	(void)ctx;
	NOT_COVERED("svm_vcpu_set_hvm_context");
	return 0;
}

void vcpu_up(struct vcpu *v)
{
	(void)v;
	NOT_COVERED("vcpu_up");
}

void vcpu_down(struct vcpu *v)
{
	(void)v;
	NOT_COVERED("vcpu_down");
}
