/* SPDX-License-Identifier: MIT */
/*
 * The transport xenstored uses in dom0: a guest's ring page is mapped through /dev/xen/gntdev
 * by the grant the toolstack seeded (GNTTAB_RESERVED_XENSTORE of that domain, as Xen 4.17's
 * xenstored tries first), its event channel is bound through /dev/xen/evtchn, and that
 * device's descriptor is what the daemon polls. VIRQ_DOM_EXC is bound on the same device; when
 * it fires, /dev/xen/privcmd asks the hypervisor which domains still exist.
 *
 * The system calls go through struct xen_dev_ops (xen_dev_ops.h) so that host tests can stand
 * in for the devices.
 */
#ifndef XSD_TRANSPORT_XEN_H
#define XSD_TRANSPORT_XEN_H

#include "transport.h"
#include "xen_dev_ops.h"

/*
 * Opens DIR/evtchn and DIR/gntdev (DIR is normally /dev/xen). NULL with errno set when either
 * cannot be opened; *why then names the device (may be NULL). DIR/privcmd and the VIRQ_DOM_EXC
 * binding are wanted too, but without them (logged) guests are still served: their deaths are
 * then not noticed.
 */
struct xs_transport *xen_transport_new(const struct xen_dev_ops *dev, const char *dir,
				       const char **why);

#endif
