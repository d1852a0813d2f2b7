// SPDX-License-Identifier: MIT
/*
 * The facts of Linux's Xen device ABI as Debian's libxen-dev states them (xen/sys/privcmd.h,
 * evtchn.h and gntdev.h), for unit_devices_abi to compare with xen_devices.h. Compiled without our
 * headers.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <xen/xen.h>
#include <xen/sys/privcmd.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>
#include "xen_sys_facts.h"

const struct device_fact xen_sys_facts[] = {
	{"IOCTL_PRIVCMD_HYPERCALL", IOCTL_PRIVCMD_HYPERCALL},
	{"IOCTL_PRIVCMD_MMAPBATCH_V2", IOCTL_PRIVCMD_MMAPBATCH_V2},
	{"IOCTL_EVTCHN_BIND_INTERDOMAIN", IOCTL_EVTCHN_BIND_INTERDOMAIN},
	{"IOCTL_EVTCHN_UNBIND", IOCTL_EVTCHN_UNBIND},
	{"IOCTL_EVTCHN_NOTIFY", IOCTL_EVTCHN_NOTIFY},
	{"IOCTL_GNTDEV_MAP_GRANT_REF", IOCTL_GNTDEV_MAP_GRANT_REF},
	{"IOCTL_GNTDEV_UNMAP_GRANT_REF", IOCTL_GNTDEV_UNMAP_GRANT_REF},
	{"sizeof privcmd_hypercall", sizeof(privcmd_hypercall_t)},
	{"offsetof privcmd_hypercall.arg", offsetof(privcmd_hypercall_t, arg)},
	{"sizeof privcmd_mmapbatch_v2", sizeof(privcmd_mmapbatch_v2_t)},
	{"offsetof privcmd_mmapbatch_v2.dom", offsetof(privcmd_mmapbatch_v2_t, dom)},
	{"offsetof privcmd_mmapbatch_v2.addr", offsetof(privcmd_mmapbatch_v2_t, addr)},
	{"offsetof privcmd_mmapbatch_v2.arr", offsetof(privcmd_mmapbatch_v2_t, arr)},
	{"offsetof privcmd_mmapbatch_v2.err", offsetof(privcmd_mmapbatch_v2_t, err)},
	{"sizeof ioctl_evtchn_bind_interdomain", sizeof(struct ioctl_evtchn_bind_interdomain)},
	{"offsetof ioctl_evtchn_bind_interdomain.remote_port",
	 offsetof(struct ioctl_evtchn_bind_interdomain, remote_port)},
	{"sizeof ioctl_evtchn_notify", sizeof(struct ioctl_evtchn_notify)},
	{"sizeof ioctl_gntdev_map_grant_ref", sizeof(struct ioctl_gntdev_map_grant_ref)},
	{"offsetof ioctl_gntdev_map_grant_ref.index",
	 offsetof(struct ioctl_gntdev_map_grant_ref, index)},
	{"offsetof ioctl_gntdev_map_grant_ref.refs",
	 offsetof(struct ioctl_gntdev_map_grant_ref, refs)},
	{"sizeof ioctl_gntdev_grant_ref", sizeof(struct ioctl_gntdev_grant_ref)},
	{"offsetof ioctl_gntdev_grant_ref.ref", offsetof(struct ioctl_gntdev_grant_ref, ref)},
	{"sizeof ioctl_gntdev_unmap_grant_ref", sizeof(struct ioctl_gntdev_unmap_grant_ref)},
	{"offsetof ioctl_gntdev_unmap_grant_ref.count",
	 offsetof(struct ioctl_gntdev_unmap_grant_ref, count)},
	{NULL, 0},
};
