/* SPDX-License-Identifier: MIT */
/*
 * The transport xenstored uses in dom0: a guest's ring page is mapped through /dev/xen/gntdev
 * by the grant the toolstack seeded (GNTTAB_RESERVED_XENSTORE of that domain, as Xen 4.17's
 * xenstored tries first), its event channel is bound through /dev/xen/evtchn, and that
 * device's descriptor is what the daemon polls.
 *
 * The system calls go through struct xen_dev_ops so that host tests can stand in for devices
 * that only exist in dom0; xen_dev_linux is the real thing.
 */
#ifndef XSD_TRANSPORT_XEN_H
#define XSD_TRANSPORT_XEN_H

#include <stddef.h>
#include <sys/types.h>
#include "transport.h"

struct xen_dev_ops {
	int (*open)(const char *path, int flags);
	int (*close)(int fd);
	int (*ioctl)(int fd, unsigned long request, void *arg);
	void *(*mmap)(size_t len, int prot, int fd, off_t offset); /* MAP_SHARED; MAP_FAILED */
	int (*munmap)(void *addr, size_t len);
	ssize_t (*read)(int fd, void *buf, size_t len);
	ssize_t (*write)(int fd, const void *buf, size_t len);
};

extern const struct xen_dev_ops xen_dev_linux;

/*
 * Opens DIR/evtchn and DIR/gntdev (DIR is normally /dev/xen). NULL with errno set when either
 * cannot be opened; *why then names the device (may be NULL).
 */
struct xs_transport *xen_transport_new(const struct xen_dev_ops *dev, const char *dir,
				       const char **why);

#endif
