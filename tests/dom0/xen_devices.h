/* SPDX-License-Identifier: MIT */
/*
 * The Linux character-device ABI of /dev/xen/privcmd, /dev/xen/evtchn and /dev/xen/gntdev as
 * Linux 6.1 defines it (include/uapi/xen/{privcmd,evtchn,gntdev}.h): ioctl numbers and argument
 * layouts, for the parts dom0-test uses. test_devices_abi.c checks every number and size here
 * against Debian's libxen-dev copy of those headers.
 */
#ifndef DOM0_XEN_DEVICES_H
#define DOM0_XEN_DEVICES_H

#include <stdint.h>
#include <sys/ioctl.h>

#define XEN_DEV_DIR	"/dev/xen"
#define XEN_DEV_PRIVCMD "privcmd"
#define XEN_DEV_EVTCHN	"evtchn"
#define XEN_DEV_GNTDEV	"gntdev"

/*
 * privcmd: one hypercall with up to five arguments, made by the kernel on the caller's behalf.
 * The ioctl returns the hypercall's result; Linux turns a negative one into -1 with errno set.
 */
struct privcmd_hypercall_args {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall_args))

/*
 * Maps num frames of domain dom, by their guest frame numbers in arr, at addr: a range of an
 * mmap() of the privcmd device. Per-frame results go to err; the ioctl itself fails (ENOENT)
 * only when some frame's error was ENOENT.
 */
struct privcmd_mmapbatch_v2_args {
	uint32_t num;
	uint16_t dom;
	uint64_t addr;
	const uint64_t *arr;
	int32_t *err;
};
#define IOCTL_PRIVCMD_MMAPBATCH_V2 _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2_args))

/*
 * evtchn: ports bound through a file descriptor. read() returns pending ports as 32-bit values
 * (each port is masked until written back); write() of ports unmasks them.
 */
struct evtchn_bind_interdomain_args {
	uint32_t remote_domain;
	uint32_t remote_port;
};
struct evtchn_port_args {
	uint32_t port;
};
#define IOCTL_EVTCHN_BIND_INTERDOMAIN                                                              \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct evtchn_bind_interdomain_args))
#define IOCTL_EVTCHN_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct evtchn_port_args))
#define IOCTL_EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct evtchn_port_args))

/*
 * gntdev: MAP_GRANT_REF reserves an mmap() offset (index) for foreign grants; mmap() of that
 * offset maps them; UNMAP_GRANT_REF releases the offset once nothing maps it any more.
 */
struct gntdev_grant_ref {
	uint32_t domid;
	uint32_t ref;
};
struct gntdev_map_grant_ref_args {
	uint32_t count;
	uint32_t pad;
	uint64_t index; /* out */
	struct gntdev_grant_ref refs[1];
};
struct gntdev_unmap_grant_ref_args {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};
#define IOCTL_GNTDEV_MAP_GRANT_REF _IOC(_IOC_NONE, 'G', 0, sizeof(struct gntdev_map_grant_ref_args))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF                                                               \
	_IOC(_IOC_NONE, 'G', 1, sizeof(struct gntdev_unmap_grant_ref_args))

_Static_assert(sizeof(struct privcmd_hypercall_args) == 48, "privcmd_hypercall layout");
_Static_assert(sizeof(struct privcmd_mmapbatch_v2_args) == 32, "privcmd_mmapbatch_v2 layout");
_Static_assert(sizeof(struct evtchn_bind_interdomain_args) == 8, "bind_interdomain layout");
_Static_assert(sizeof(struct gntdev_map_grant_ref_args) == 24, "map_grant_ref layout");
_Static_assert(sizeof(struct gntdev_unmap_grant_ref_args) == 16, "unmap_grant_ref layout");

#endif
