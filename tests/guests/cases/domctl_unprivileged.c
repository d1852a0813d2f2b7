// SPDX-License-Identifier: MIT
/*
 * domctl from an ordinary domain (domid 1, no control domain): every sub-op on an existing domain
 * is -EPERM, provided or not, and nothing happens. As in Xen 4.17's do_domctl the version is
 * checked first (-EACCES) and the domain looked up before the privilege (-ESRCH for an id that
 * names nothing).
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <public/errno.h>
#include "domctl_call.h"

const char test_name[] = "domctl_unprivileged";

#define SELF_DOMID 1

static const uint32_t cmds[] = {XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain,
				XEN_DOMCTL_unpausedomain, XEN_DOMCTL_getdomaininfo,
				XEN_DOMCTL_createdomain,  NOT_A_DOMCTL};

void test_main(void)
{
	struct xen_domctl op;

	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		printf("domctl %u\n", cmds[i]);
		op = domctl_request(cmds[i], SELF_DOMID);
		EXPECT_RC(domctl(&op), -XEN_EPERM);
		/* Nothing was written back. */
		EXPECT_EQ(op.u.getdomaininfo.domain, 0);
		EXPECT_EQ(op.u.getdomaininfo.flags, 0);
		op = domctl_request(cmds[i], 9);
		EXPECT_RC(domctl(&op), -XEN_ESRCH);
		op = domctl_request(cmds[i], SELF_DOMID);
		op.interface_version = 0x14;
		EXPECT_RC(domctl(&op), -XEN_EACCES);
	}
	/* getdomaininfo from id 0 finds us, and still answers -EPERM. */
	op = domctl_request(XEN_DOMCTL_getdomaininfo, 0);
	EXPECT_RC(domctl(&op), -XEN_EPERM);
	EXPECT_EQ(op.domain, 0);
	/* Still running, not paused and not destroyed: we get to print the verdict. */
}
