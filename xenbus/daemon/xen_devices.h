/* SPDX-License-Identifier: MIT */
/*
 * The Linux character devices through which dom0 userspace reaches the hypervisor:
 * /dev/xen/gntdev (map another domain's grants), /dev/xen/evtchn (interdomain event channels)
 * and /dev/xen/privcmd (hypercalls). Their ioctl numbers and argument layouts are Linux's
 * stable uAPI (include/uapi/xen/{gntdev,evtchn,privcmd}.h in Linux 6.1), declared here in our
 * own names with only the requests we use. tests/xenbus/test_xen_devices.c checks every number,
 * size and offset against linux-libc-dev's copies.
 */
#ifndef XSD_XEN_DEVICES_H
#define XSD_XEN_DEVICES_H

#include <stdint.h>
#include <linux/ioctl.h>

/* --- gntdev: a grant of another domain mapped into this process ------------------------- */

struct gntdev_grant {
	uint32_t domid;
	uint32_t ref;
};

/* One grant per request: the device answers with the mmap() offset of its page. */
struct gntdev_map_one {
	uint32_t count; /* in: 1 */
	uint32_t pad;
	uint64_t index; /* out: the offset to mmap() */
	struct gntdev_grant grant;
};

struct gntdev_unmap {
	uint64_t index; /* as the map request returned it */
	uint32_t count;
	uint32_t pad;
};

#define GNTDEV_IOCTL_MAP   _IOC(_IOC_NONE, 'G', 0, sizeof(struct gntdev_map_one))
#define GNTDEV_IOCTL_UNMAP _IOC(_IOC_NONE, 'G', 1, sizeof(struct gntdev_unmap))

/* --- evtchn: ports bound by this process; read() yields signalled ports, write() unmasks - */

struct evtchn_dev_bind_interdomain {
	uint32_t remote_domain;
	uint32_t remote_port;
};

struct evtchn_dev_port {
	uint32_t port;
};

/* A virtual interrupt of the hypervisor's (VIRQ_*), bound on vCPU 0 as global ones must be. */
struct evtchn_dev_bind_virq {
	uint32_t virq;
};

/* The local port is the bind ioctls' (non-negative) return value. */
#define EVTCHN_DEV_IOCTL_BIND_VIRQ _IOC(_IOC_NONE, 'E', 0, sizeof(struct evtchn_dev_bind_virq))
#define EVTCHN_DEV_IOCTL_BIND_INTERDOMAIN                                                          \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct evtchn_dev_bind_interdomain))
#define EVTCHN_DEV_IOCTL_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct evtchn_dev_port))
#define EVTCHN_DEV_IOCTL_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct evtchn_dev_port))

/* --- privcmd: one hypercall with up to five arguments; its result is the ioctl's ----------- */

struct privcmd_call {
	uint64_t op;
	uint64_t arg[5];
};

#define PRIVCMD_IOCTL_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_call))

#endif
