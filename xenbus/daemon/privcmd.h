/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls from dom0 userspace through /dev/xen/privcmd. Arguments that point to memory
 * point into one locked page the handle owns, so that the hypervisor can always reach them.
 * The device is reached through struct xen_dev_ops, so that host tests can stand in for it.
 */
#ifndef XSD_PRIVCMD_H
#define XSD_PRIVCMD_H

#include <stddef.h>
#include <stdint.h>
#include "xen_dev_ops.h"

struct privcmd;

/* Opens the device (normally /dev/xen/privcmd). NULL with errno set. */
struct privcmd *privcmd_open(const struct xen_dev_ops *dev, const char *path);
void privcmd_close(struct privcmd *p);

/* HVMOP_get_param of another domain: 0, or -errno (-ESRCH: no such domain). */
int privcmd_hvm_get_param(struct privcmd *p, uint32_t domid, uint32_t index, uint64_t *value);
/* XENVER_commandline into buf (always terminated): 0 or -errno. */
int privcmd_hypervisor_cmdline(struct privcmd *p, char *buf, size_t size);

#endif
