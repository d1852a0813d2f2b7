// SPDX-License-Identifier: MIT
/*
 * sched_op as Xen 4.17's do_sched_op: yield returns 0, shutdown reads its argument first
 * (-EFAULT when it cannot), unknown sub-ops give -ENOSYS. The final SCHEDOP_shutdown(poweroff)
 * that ends every test is checked by the harness, which expects the hypervisor's shutdown line.
 */
#include <guest/hypercall.h>
#include <guest/layout.h>
#include <guest/test.h>
#include <public/errno.h>
#include <public/sched.h>

const char test_name[] = "sched_op";

#define YIELDS 100

void test_main(void)
{
	unsigned int i, failed = 0;

	EXPECT_RC(hc_sched_op(SCHEDOP_yield, NULL), 0);
	for (i = 0; i < YIELDS; i++) {
		if (hc_sched_op(SCHEDOP_yield, NULL) != 0)
			failed++;
	}
	EXPECT_EQ(failed, 0);

	EXPECT_RC(hc_sched_op(SCHEDOP_shutdown, (void *)0x10), -XEN_EFAULT);
	EXPECT_RC(hc_sched_op(SCHEDOP_shutdown, (void *)UNBACKED_VA), -XEN_EFAULT);
	EXPECT_RC(hc_sched_op(SCHEDOP_shutdown, (void *)0x0000800000000000), -XEN_EFAULT);

	EXPECT_RC(hc_sched_op(SCHEDOP_pin_override + 1, NULL), -XEN_ENOSYS);
	EXPECT_RC(hc_sched_op(0x7fffffff, NULL), -XEN_ENOSYS);
	EXPECT_RC(hc_sched_op(-1, NULL), -XEN_ENOSYS);
}
