// SPDX-License-Identifier: MIT
/* The first sub-tests: the devices open, privcmd reaches the hypervisor, the peer is found. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <unistd.h>
#include <inttypes.h>
#include <public/event_channel.h>
#include <public/hvm/params.h>
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
 * The ports the domain builder opened for the toolstack (xenstore, console) are also unbound for
 * dom0; the peer's is the other one. Reads both into @ports; false when a read failed.
 */
static bool toolstack_ports(struct dom0_test *t, uint64_t ports[2], struct outcome *o)
{
	static const struct {
		uint32_t param;
		const char *name;
	} params[] = {
		{HVM_PARAM_STORE_EVTCHN, "HVM_PARAM_STORE_EVTCHN"},
		{HVM_PARAM_CONSOLE_EVTCHN, "HVM_PARAM_CONSOLE_EVTCHN"},
	};
	long rc;

	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		rc = privcmd_hvm_get_param(t->privcmd, (uint16_t)t->opt->peer_domid,
					   params[i].param, &ports[i]);
		if (rc < 0)
			return outcome_fail_errno(o, (int)-rc,
						  "HVMOP_get_param(d%u, %s) through privcmd (a "
						  "privileged call dom0 may make)",
						  t->opt->peer_domid, params[i].name);
	}
	return true;
}

static bool is_toolstack_port(const uint64_t ports[2], uint32_t port)
{
	return port == ports[0] || port == ports[1];
}

/*
 * Looks once through the peer's first ports for one unbound for dom0 that is not a toolstack
 * port. Returns the port, 0 if none is (yet), or -errno when a status call failed in a way
 * waiting cannot mend.
 */
static long scan_peer_ports(struct dom0_test *t, const uint64_t skip[2], uint32_t *port_seen)
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
		if (st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0 &&
		    !is_toolstack_port(skip, port))
			return port;
	}
	return 0;
}

bool check_find_peer(struct dom0_test *t, struct outcome *o)
{
	uint64_t give_up = now_ns() + FIND_PEER_PATIENCE_MS * 1000000ULL, skip[2] = {0, 0};
	unsigned int scans = 0;
	uint32_t port_seen = 0;
	long found;

	if (!toolstack_ports(t, skip, o))
		return false;
	do {
		if (scans++)
			usleep(FIND_PEER_RETRY_MS * 1000);
		found = scan_peer_ports(t, skip, &port_seen);
	} while (found == 0 && now_ns() < give_up);
	if (found < 0)
		return outcome_fail_errno(o, (int)-found,
					  "EVTCHNOP_status(dom %u, port %u) through privcmd (a "
					  "privileged call dom0 may make)",
					  t->opt->peer_domid, port_seen);
	if (found == 0)
		return outcome_fail(o,
				    "no port of d%u among 1..%u is unbound for d0 after %u scans "
				    "(%d ms), apart from its xenstore and console ports %" PRIu64
				    " and %" PRIu64 ": is the peer running?",
				    t->opt->peer_domid, PEER_PORT_MAX, scans, FIND_PEER_PATIENCE_MS,
				    skip[0], skip[1]);
	t->peer_port = (uint32_t)found;
	outcome_note(o,
		     "HVMOP_get_param (privileged): d%u's xenstore port %" PRIu64
		     ", console port %" PRIu64 "; EVTCHNOP_status (privileged) on its ports: port "
		     "%ld is unbound for d0 (found in scan %u)",
		     t->opt->peer_domid, skip[0], skip[1], found, scans);
	return true;
}
