// SPDX-License-Identifier: MIT
/* xen_version: who we claim to be (Xen 4.17) and which features a guest may rely on. */
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>
#include <lamina/lib.h>
#include <lamina/setup.h>
#include <public/features.h>
#include <public/version.h>

#define XEN_MAJOR	      4
#define XEN_MINOR	      17
#define HYPERVISOR_VIRT_START 0xffff800000000000ULL

static const char extraversion[] = ".0-lamina";
static const char capabilities[] = "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";
static const char changeset[] = "lamina";
static const char denied[] = "<denied>";

/* A fixed-size string field: copied whole, zero-padded, as Xen copies its arrays. */
static long copy_string(struct vcpu *v, uint64_t arg, const char *s, size_t field)
{
	char buf[1024];

	memset(buf, 0, field);
	memcpy(buf, s, MIN(strlen(s), field - 1));
	return copy_to_guest(v, arg, buf, field) < 0 ? -EFAULT : 0;
}

static uint32_t features_submap0(const struct domain *d)
{
	uint32_t f = (1U << XENFEAT_writable_page_tables) |
		     (1U << XENFEAT_auto_translated_physmap) | (1U << XENFEAT_hvm_callback_vector) |
		     (1U << XENFEAT_hvm_safe_pvclock) | (1U << XENFEAT_memory_op_vnode_supported) |
		     (1U << XENFEAT_not_direct_mapped);

	/*
	 * The hardware domain keeps its native clocks, timers and interrupt controllers, takes
	 * events only through its per-vCPU upcall vector (the callback vector would never be
	 * acknowledged on a real local APIC), and is mapped 1:1.
	 */
	if (d->is_hardware) {
		f &= ~((1U << XENFEAT_hvm_safe_pvclock) | (1U << XENFEAT_hvm_callback_vector) |
		       (1U << XENFEAT_not_direct_mapped));
		f |= 1U << XENFEAT_direct_mapped;
	}
	if (d->is_initial)
		f |= 1U << XENFEAT_dom0;
	return f;
}

static long get_features(struct vcpu *v, uint64_t arg)
{
	struct xen_feature_info fi;

	if (copy_from_guest(v, &fi, arg, sizeof(fi)) < 0)
		return -EFAULT;
	if (fi.submap_idx != 0)
		return -EINVAL;
	fi.submap = features_submap0(v->domain);
	return copy_to_guest(v, arg, &fi, sizeof(fi)) < 0 ? -EFAULT : 0;
}

static long compile_info(struct vcpu *v, uint64_t arg)
{
	struct xen_compile_info ci;

	memset(&ci, 0, sizeof(ci));
	snprintf(ci.compiler, sizeof(ci.compiler), "gcc %s", __VERSION__);
	snprintf(ci.compile_by, sizeof(ci.compile_by), "lamina");
	snprintf(ci.compile_domain, sizeof(ci.compile_domain), "local");
	snprintf(ci.compile_date, sizeof(ci.compile_date), "%s", __DATE__);
	return copy_to_guest(v, arg, &ci, sizeof(ci)) < 0 ? -EFAULT : 0;
}

static long platform_parameters(struct vcpu *v, uint64_t arg)
{
	struct xen_platform_parameters p = {.virt_start = HYPERVISOR_VIRT_START};

	return copy_to_guest(v, arg, &p, sizeof(p)) < 0 ? -EFAULT : 0;
}

static long guest_handle(struct vcpu *v, uint64_t arg)
{
	static const uint8_t handle[16]; /* no toolstack has given boot domains a UUID */

	return copy_to_guest(v, arg, handle, sizeof(handle)) < 0 ? -EFAULT : 0;
}

/*
 * Privileged. Xen checks the header of a given buffer before it looks for the id; this image
 * carries none, which Xen reports as ENODATA.
 */
static long build_id(struct vcpu *v, uint64_t arg)
{
	struct xen_build_id id;

	if (!v->domain->is_privileged)
		return -EPERM;
	if (arg) {
		if (copy_from_guest(v, &id, arg, sizeof(id)) < 0)
			return -EFAULT;
		if (id.len == 0)
			return -EINVAL;
	}
	return -ENODATA;
}

long do_xen_version(struct vcpu *v, const uint64_t args[5])
{
	uint64_t arg = args[1];

	switch ((unsigned int)args[0]) {
	case XENVER_version:
		return (XEN_MAJOR << 16) | XEN_MINOR;
	case XENVER_extraversion:
		return copy_string(v, arg, extraversion, sizeof(xen_extraversion_t));
	case XENVER_compile_info:
		return compile_info(v, arg);
	case XENVER_capabilities:
		return copy_string(v, arg, capabilities, sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return copy_string(v, arg, changeset, sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters:
		return platform_parameters(v, arg);
	case XENVER_get_features:
		return get_features(v, arg);
	case XENVER_pagesize:
		return arg ? -EINVAL : 4096;
	case XENVER_guest_handle:
		return guest_handle(v, arg);
	case XENVER_commandline:
		/* Xen denies it to ordinary domains with a placeholder string, not an error. */
		if (!v->domain->is_privileged)
			return copy_string(v, arg, denied, sizeof(denied));
		return copy_string(v, arg, hypervisor_cmdline, sizeof(xen_commandline_t));
	case XENVER_build_id:
		return build_id(v, arg);
	default:
		return -ENOSYS;
	}
}
