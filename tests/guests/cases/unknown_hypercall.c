// SPDX-License-Identifier: MIT
/*
 * Hypercall numbers that Xen 4.17 has no 64-bit HVM handler for (xen/include/hypercall-defs.c:
 * the PV-only calls, the unused slots, numbers past the table) return -ENOSYS, and nothing else
 * happens: the guest carries on.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <public/errno.h>

const char test_name[] = "unknown_hypercall";

static const unsigned long no_hvm64_handler[] = {
	__HYPERVISOR_set_trap_table,
	__HYPERVISOR_mmu_update,
	__HYPERVISOR_set_gdt,
	__HYPERVISOR_stack_switch,
	__HYPERVISOR_set_callbacks,
	__HYPERVISOR_fpu_taskswitch,
	__HYPERVISOR_sched_op_compat,
	__HYPERVISOR_set_debugreg,
	__HYPERVISOR_get_debugreg,
	__HYPERVISOR_update_descriptor,
	11, /* never assigned */
	__HYPERVISOR_update_va_mapping,
	__HYPERVISOR_event_channel_op_compat,
	__HYPERVISOR_physdev_op_compat,
	__HYPERVISOR_update_va_mapping_otherdomain,
	__HYPERVISOR_iret,
	__HYPERVISOR_set_segment_base,
	__HYPERVISOR_nmi_op,
	__HYPERVISOR_callback_op,
	__HYPERVISOR_xenoprof_op,
	__HYPERVISOR_kexec_op,
	__HYPERVISOR_tmem_op,
	43,
	44,
	45,
	46,
	47,
	48, /* arch_0: machine-check, PV only */
	50,
	55,
	56,
	63,
	NR_HYPERCALLS,
	100,
	1000,
	0x7fffffffUL,
	0x80000000UL,
	0xffffffffUL,
	0x100000011UL,
	~0UL,
};

void test_main(void)
{
	unsigned int i, wrong = 0;
	long rc;

	for (i = 0; i < sizeof(no_hvm64_handler) / sizeof(no_hvm64_handler[0]); i++) {
		/* Xen's page has ud2 for iret, not a stub (the msr guest checks the bytes). */
		if (no_hvm64_handler[i] == __HYPERVISOR_iret &&
		    hypercall_path_in_use() == HYPERCALL_PAGE)
			continue;
		rc = hypercall(no_hvm64_handler[i], 1, 2, 3, 4, 5);
		if (rc != -XEN_ENOSYS) {
			FAIL("hypercall %#lx: expected -ENOSYS, got %ld (%s)", no_hvm64_handler[i],
			     rc, errno_name(rc));
			wrong++;
		}
	}
	EXPECT_EQ(wrong, 0);
	printf("%u unknown hypercall numbers tried\n", i);
	/* A known one still works afterwards. */
	EXPECT_HEX(hc_xen_version(0, NULL), 0x00040011);
}
