// SPDX-License-Identifier: MIT
/*
 * Hypercalls from user mode: Xen 4.17's hvm_hypercall refuses any made at CPL > 0 with -EPERM
 * before looking at the number, by VMMCALL or through the hypercall page alike.
 */
#include <guest/cpu.h>
#include <guest/faults.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/usermode.h>
#include <public/errno.h>
#include <public/version.h>

const char test_name[] = "cpl3";

static long user_hypercall(long nr)
{
	return hypercall((unsigned long)nr, XENVER_version, 0, 0, 0, 0);
}

static long user_console_write(long unused)
{
	static const char text[] = "written at CPL3\n";

	(void)unused;
	return hc_console_io(CONSOLEIO_write, sizeof(text) - 1, text);
}

void test_main(void)
{
	EXPECT_RC(run_at_cpl3(user_hypercall, __HYPERVISOR_xen_version), -XEN_EPERM);
	EXPECT_RC(run_at_cpl3(user_console_write, 0), -XEN_EPERM);
	EXPECT_RC(run_at_cpl3(user_hypercall, 1000), -XEN_EPERM);

	EXPECT_EQ(hypercall_page_install(MSR_XEN_HYPERCALL_PAGE, hypercall_page), NO_FAULT);
	hypercall_use(HYPERCALL_PAGE);
	EXPECT_RC(run_at_cpl3(user_hypercall, __HYPERVISOR_xen_version), -XEN_EPERM);
	hypercall_use(HYPERCALL_VMMCALL);

	/* Back at CPL0 the same call works. */
	EXPECT_HEX(hc_xen_version(XENVER_version, NULL), 0x00040011);
}
