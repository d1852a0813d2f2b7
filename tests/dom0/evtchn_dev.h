/* SPDX-License-Identifier: MIT */
/*
 * Event channels from dom0 userspace through /dev/xen/evtchn. Every call returns 0 (or the port
 * it made) on success and -errno on failure; a wait that runs out of time is -ETIMEDOUT.
 */
#ifndef DOM0_EVTCHN_DEV_H
#define DOM0_EVTCHN_DEV_H

#include <stdint.h>

/* Binds a new local port to @remote_port of @remote_dom; returns the local port. */
long evtchn_dev_bind_interdomain(int fd, uint32_t remote_dom, uint32_t remote_port);
long evtchn_dev_unbind(int fd, uint32_t port);
long evtchn_dev_notify(int fd, uint32_t port);
/*
 * Waits up to @timeout_ms for one pending port and stores it in @port. The driver keeps that
 * port masked until evtchn_dev_unmask() writes it back.
 */
long evtchn_dev_wait(int fd, int timeout_ms, uint32_t *port);
long evtchn_dev_unmask(int fd, uint32_t port);

#endif
