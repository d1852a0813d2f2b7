// SPDX-License-Identifier: MIT
/*
 * HVMOP_set_param / HVMOP_get_param as Xen 4.17's hvmop_{set,get}_param and
 * hvm_allow_{set,get}_param: the argument is read first (-EFAULT), then the index checked
 * against HVM_NR_PARAMS (-EINVAL), then the domain looked up (-ESRCH); a guest may set only a
 * few parameters on itself and read a few more (-EPERM otherwise), and deprecated ones are
 * -EINVAL. Unknown HVMOPs give -ENOSYS.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/cpu.h>
#include <guest/hypercall.h>
#include <guest/layout.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>
#include <public/errno.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

const char test_name[] = "hvm_param";

/* No domain has this id in any harness configuration. */
#define ABSENT_DOMID 0x1234

static long get_param(domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = domid, .index = index, .value = 0xdeadbeef};
	long rc = hc_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return rc;
}

static long set_param(domid_t domid, uint32_t index, uint64_t value)
{
	struct xen_hvm_param p = {.domid = domid, .index = index, .value = value};

	return hc_hvm_op(HVMOP_set_param, &p);
}

static void check_callback_irq(void)
{
	const uint64_t via_vector =
		(uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << HVM_PARAM_CALLBACK_TYPE_SHIFT | 0xf3;
	uint64_t v;

	EXPECT_RC(set_param(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, via_vector), 0);
	EXPECT_RC(get_param(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), 0);
	EXPECT_HEX(v, via_vector);
	EXPECT_RC(set_param(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, 0), 0);
	EXPECT_RC(get_param(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), 0);
	EXPECT_HEX(v, 0);
}

/* The xenstore and console rings: readable; the initial domain has no toolstack to set them. */
static void check_ring_params(void)
{
	static const struct {
		uint32_t index;
		const char *name;
	} rings[] = {
		{HVM_PARAM_STORE_PFN, "STORE_PFN"},
		{HVM_PARAM_STORE_EVTCHN, "STORE_EVTCHN"},
		{HVM_PARAM_CONSOLE_PFN, "CONSOLE_PFN"},
		{HVM_PARAM_CONSOLE_EVTCHN, "CONSOLE_EVTCHN"},
	};
	unsigned int i;
	uint64_t v;

	for (i = 0; i < sizeof(rings) / sizeof(rings[0]); i++) {
		EXPECT_RC(get_param(DOMID_SELF, rings[i].index, &v), 0);
		printf("HVM_PARAM_%s = %#lx\n", rings[i].name, v);
		if (is_initial_domain())
			EXPECT_HEX(v, 0);
	}
}

static domid_t own_domid(void)
{
	struct cpuid_regs r = cpuid(XEN_CPUID_LEAF(XEN_CPUID_LEAF_HVM));

	return (r.eax & XEN_HVM_CPUID_DOMID_PRESENT) ? (domid_t)r.ecx : DOMID_SELF;
}

void test_main(void)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF};
	uint64_t v;

	check_callback_irq();
	check_ring_params();

	/* Naming itself by number is the same as DOMID_SELF. */
	EXPECT_RC(get_param(own_domid(), HVM_PARAM_CALLBACK_IRQ, &v), 0);

	/* A guest may not set these on itself, nor read IDENT_PT. */
	EXPECT_RC(set_param(DOMID_SELF, HVM_PARAM_STORE_PFN, 0x1000), -XEN_EPERM);
	EXPECT_RC(set_param(DOMID_SELF, HVM_PARAM_CONSOLE_PFN, 0x1000), -XEN_EPERM);
	EXPECT_RC(set_param(DOMID_SELF, HVM_PARAM_IDENT_PT, 0), -XEN_EPERM);
	EXPECT_RC(get_param(DOMID_SELF, HVM_PARAM_IDENT_PT, &v), -XEN_EPERM);

	/* Deprecated parameters. */
	EXPECT_RC(get_param(DOMID_SELF, HVM_PARAM_PAE_ENABLED, &v), -XEN_EINVAL);
	EXPECT_RC(set_param(DOMID_SELF, HVM_PARAM_PAE_ENABLED, 1), -XEN_EINVAL);
	EXPECT_RC(get_param(DOMID_SELF, HVM_PARAM_NESTEDHVM, &v), -XEN_EINVAL);

	/* Out of range, before the domain is even looked up. */
	EXPECT_RC(get_param(DOMID_SELF, HVM_NR_PARAMS, &v), -XEN_EINVAL);
	EXPECT_RC(set_param(DOMID_SELF, HVM_NR_PARAMS, 0), -XEN_EINVAL);
	EXPECT_RC(get_param(DOMID_SELF, 0xffffffff, &v), -XEN_EINVAL);
	EXPECT_RC(get_param(ABSENT_DOMID, HVM_NR_PARAMS, &v), -XEN_EINVAL);

	/* No such domain. */
	EXPECT_RC(get_param(ABSENT_DOMID, HVM_PARAM_CALLBACK_IRQ, &v), -XEN_ESRCH);
	EXPECT_RC(set_param(ABSENT_DOMID, HVM_PARAM_CALLBACK_IRQ, 0), -XEN_ESRCH);

	/* Unreadable argument. */
	EXPECT_RC(hc_hvm_op(HVMOP_get_param, (void *)0x10), -XEN_EFAULT);
	EXPECT_RC(hc_hvm_op(HVMOP_set_param, (void *)UNBACKED_VA), -XEN_EFAULT);

	/* Unknown operations (2 and 3 were removed from Xen long ago). */
	EXPECT_RC(hc_hvm_op(2, &p), -XEN_ENOSYS);
	EXPECT_RC(hc_hvm_op(99, &p), -XEN_ENOSYS);
	EXPECT_RC(hc_hvm_op(0x10000, &p), -XEN_ENOSYS);
}
