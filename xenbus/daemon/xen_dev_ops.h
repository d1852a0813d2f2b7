/* SPDX-License-Identifier: MIT */
/*
 * The system calls dom0's tools make on /dev/xen devices (gntdev, evtchn, privcmd), gathered
 * in one table so that host tests can stand in for devices that only exist in dom0;
 * xen_dev_linux is the real thing.
 */
#ifndef XSD_XEN_DEV_OPS_H
#define XSD_XEN_DEV_OPS_H

#include <stddef.h>
#include <sys/types.h>

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

#endif
