// SPDX-License-Identifier: MIT
/* The first sub-tests: the devices open, privcmd reaches the hypervisor, the peer is found. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <unistd.h>
#include <public/event_channel.h>
#include "dom0_test.h"
#include "privcmd.h"
#include "xen_devices.h"

#define XEN_4_17	      0x00040011
#define PEER_PORT_MAX	      63 /* the peer allocates among its first ports */
#define FIND_PEER_PATIENCE_MS 10000
#define FIND_PEER_RETRY_MS    100

static const struct {
	const char *name;
	size_t fd_offset;
} devices[] = {
	{XEN_DEV_PRIVCMD, offsetof(struct dom0_test, privcmd)},
	{XEN_DEV_EVTCHN, offsetof(struct dom0_test, evtchn)},
	{XEN_DEV_GNTDEV, offsetof(struct dom0_test, gntdev)},
};

bool check_devices(struct dom0_test *t, struct outcome *o)
{
	char path[PATH_MAX];
	int *fd;

	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		fd = (int *)((char *)t + devices[i].fd_offset);
		snprintf(path, sizeof(path), "%s/%s", t->opt->dev_dir, devices[i].name);
		*fd = open(path, O_RDWR | O_CLOEXEC);
		if (*fd == -1)
			outcome_fail_errno(o, errno, "open %s", path);
		else
			outcome_note(o, "%s open", path);
	}
	return !o->failed;
}

bool check_privcmd_version(struct dom0_test *t, struct outcome *o)
{
	long v = privcmd_xen_version(t->privcmd);

	if (v < 0)
		return outcome_fail_errno(
			o, (int)-v, "xen_version(XENVER_version) through IOCTL_PRIVCMD_HYPERCALL");
	if (v != XEN_4_17)
		return outcome_fail(
			o, "xen_version(XENVER_version) = %#lx (%ld.%ld), expected %#x (4.17)", v,
			v >> 16, v & 0xffff, XEN_4_17);
	t->xen_version = (uint32_t)v;
	outcome_note(o, "xen_version(XENVER_version) through IOCTL_PRIVCMD_HYPERCALL = %#lx (4.17)",
		     v);
	return true;
}

/*
 * Looks once through the peer's first ports for one unbound for dom0. Returns the port, 0 if
 * none is (yet), or -errno when a status call failed in a way waiting cannot mend.
 */
static long scan_peer_ports(struct dom0_test *t, uint32_t *port_seen)
{
	struct evtchn_status st;
	long rc;

	for (uint32_t port = 1; port <= PEER_PORT_MAX; port++) {
		*port_seen = port;
		rc = privcmd_evtchn_status(t->privcmd, (uint16_t)t->opt->peer_domid, port, &st);
		/* Ports past the ones the peer has allocated are invalid, not errors. */
		if (rc == -EINVAL)
			break;
		if (rc < 0)
			return rc;
		if (st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0)
			return port;
	}
	return 0;
}

bool check_find_peer(struct dom0_test *t, struct outcome *o)
{
	uint64_t give_up = now_ns() + FIND_PEER_PATIENCE_MS * 1000000ULL;
	unsigned int scans = 0;
	uint32_t port_seen = 0;
	long found;

	do {
		if (scans++)
			usleep(FIND_PEER_RETRY_MS * 1000);
		found = scan_peer_ports(t, &port_seen);
	} while (found == 0 && now_ns() < give_up);
	if (found < 0)
		return outcome_fail_errno(o, (int)-found,
					  "EVTCHNOP_status(dom %u, port %u) through privcmd (a "
					  "privileged call dom0 may make)",
					  t->opt->peer_domid, port_seen);
	if (found == 0)
		return outcome_fail(o,
				    "no port of d%u among 1..%u is unbound for d0 after %u scans "
				    "(%d ms): is the peer running?",
				    t->opt->peer_domid, PEER_PORT_MAX, scans,
				    FIND_PEER_PATIENCE_MS);
	t->peer_port = (uint32_t)found;
	outcome_note(o,
		     "EVTCHNOP_status (privileged) on d%u's ports: port %ld is unbound for d0 "
		     "(found in scan %u)",
		     t->opt->peer_domid, found, scans);
	return true;
}
