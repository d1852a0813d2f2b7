/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <public/grant_table.h>
#include <public/hvm/params.h>
#include <public/xen.h>
#include "log.h"
#include "privcmd.h"
#include "transport_xen.h"
#include "xen_devices.h"

#define RING_PAGE 4096
/* Ports taken from the evtchn device per read(); more wait for the next one. */
#define PORTS_PER_READ 64

/* One mapped ring: the page and the gntdev offset that unmaps it. */
struct xen_ring_map {
	uint32_t domid;
	void *page;
	uint64_t index;
};

struct xen_transport {
	struct xs_transport base;
	const struct xen_dev_ops *dev;
	int evtchn_fd, gntdev_fd;
	struct privcmd *privcmd; /* NULL: domain deaths cannot be checked */
	int dom_exc_port;	 /* VIRQ_DOM_EXC's local port, or -1 */
	struct xen_ring_map *maps;
	size_t nr_maps, cap_maps;
};

static struct xen_transport *of(struct xs_transport *t)
{
	return (struct xen_transport *)t;
}

static struct xen_ring_map *new_map_slot(struct xen_transport *t)
{
	if (t->nr_maps == t->cap_maps) {
		size_t cap = t->cap_maps ? t->cap_maps * 2 : 16;
		struct xen_ring_map *m = realloc(t->maps, cap * sizeof(*m));

		if (!m)
			return NULL;
		t->maps = m;
		t->cap_maps = cap;
	}
	return &t->maps[t->nr_maps++];
}

/*
 * The frame INTRODUCE names is not needed: the toolstack granted that very page to dom0 under
 * the reserved reference, and mapping by grant works for any kind of guest.
 */
static struct xenstore_domain_interface *xen_map(struct xs_transport *bt, uint32_t domid,
						 uint64_t mfn)
{
	struct xen_transport *t = of(bt);
	struct gntdev_map_one req = {.count = 1,
				     .grant = {.domid = domid, .ref = GNTTAB_RESERVED_XENSTORE}};
	struct gntdev_unmap undo = {.count = 1};
	struct xen_ring_map *slot;
	void *page;
	int err;

	(void)mfn;
	if (t->dev->ioctl(t->gntdev_fd, GNTDEV_IOCTL_MAP, &req) < 0) {
		err = errno;
		xsd_log("domain %u: gntdev cannot map grant %u: %s", domid,
			GNTTAB_RESERVED_XENSTORE, strerror(err));
		errno = err;
		return NULL;
	}
	page = t->dev->mmap(RING_PAGE, PROT_READ | PROT_WRITE, t->gntdev_fd, (off_t)req.index);
	if (page == MAP_FAILED) {
		err = errno;
		xsd_log("domain %u: mmap of its ring (gntdev offset %#llx) failed: %s", domid,
			(unsigned long long)req.index, strerror(err));
		goto unmap_grant;
	}
	slot = new_map_slot(t);
	if (!slot) {
		err = ENOMEM;
		t->dev->munmap(page, RING_PAGE);
		goto unmap_grant;
	}
	*slot = (struct xen_ring_map){.domid = domid, .page = page, .index = req.index};
	return page;
unmap_grant:
	undo.index = req.index;
	t->dev->ioctl(t->gntdev_fd, GNTDEV_IOCTL_UNMAP, &undo);
	errno = err;
	return NULL;
}

static void xen_unmap(struct xs_transport *bt, uint32_t domid,
		      struct xenstore_domain_interface *ring)
{
	struct xen_transport *t = of(bt);

	for (size_t i = 0; i < t->nr_maps; i++) {
		struct xen_ring_map *m = &t->maps[i];
		struct gntdev_unmap req = {.index = m->index, .count = 1};

		if (m->domid != domid || m->page != (void *)ring)
			continue;
		if (t->dev->munmap(m->page, RING_PAGE) < 0)
			xsd_log("domain %u: munmap of its ring failed: %s", domid, strerror(errno));
		/* gntdev keeps the grant mapped until both the mmap and the request are gone. */
		if (t->dev->ioctl(t->gntdev_fd, GNTDEV_IOCTL_UNMAP, &req) < 0)
			xsd_log("domain %u: gntdev unmap of offset %#llx failed: %s", domid,
				(unsigned long long)m->index, strerror(errno));
		*m = t->maps[--t->nr_maps];
		return;
	}
	xsd_log("domain %u: asked to unmap a ring that is not mapped", domid);
}

static int xen_bind(struct xs_transport *bt, uint32_t domid, uint32_t remote_port)
{
	struct xen_transport *t = of(bt);
	struct evtchn_dev_bind_interdomain req = {.remote_domain = domid,
						  .remote_port = remote_port};
	int port = t->dev->ioctl(t->evtchn_fd, EVTCHN_DEV_IOCTL_BIND_INTERDOMAIN, &req);

	if (port < 0) {
		int err = errno;

		xsd_log("domain %u: cannot bind its port %u: %s", domid, remote_port,
			strerror(err));
		return -err;
	}
	return port;
}

static void xen_unbind(struct xs_transport *bt, int local_port)
{
	struct xen_transport *t = of(bt);
	struct evtchn_dev_port req = {.port = (uint32_t)local_port};

	if (t->dev->ioctl(t->evtchn_fd, EVTCHN_DEV_IOCTL_UNBIND, &req) < 0)
		xsd_log("cannot unbind local port %d: %s", local_port, strerror(errno));
}

static void xen_notify(struct xs_transport *bt, int local_port)
{
	struct xen_transport *t = of(bt);
	struct evtchn_dev_port req = {.port = (uint32_t)local_port};

	if (t->dev->ioctl(t->evtchn_fd, EVTCHN_DEV_IOCTL_NOTIFY, &req) < 0)
		xsd_log("cannot notify local port %d: %s", local_port, strerror(errno));
}

static int xen_event_fd(struct xs_transport *bt)
{
	return of(bt)->evtchn_fd;
}

/*
 * The device masks each port it reports until it is written back. Unmasking before the rings
 * are serviced is safe: a guest that signals again meanwhile just causes one more pass, and a
 * domain exception that arrives meanwhile causes one more check of every domain.
 */
static bool xen_ack(struct xs_transport *bt)
{
	struct xen_transport *t = of(bt);
	uint32_t ports[PORTS_PER_READ];
	bool dom_exc = false;

	for (;;) {
		ssize_t n = t->dev->read(t->evtchn_fd, ports, sizeof(ports));

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				xsd_log("reading /dev/xen/evtchn: %s", strerror(errno));
			return dom_exc;
		}
		if (n == 0)
			return dom_exc;
		if (n % sizeof(ports[0]) != 0) {
			xsd_log("/dev/xen/evtchn returned %zd bytes, not a whole number of ports",
				n);
			n -= n % sizeof(ports[0]);
		}
		for (size_t i = 0; i < (size_t)n / sizeof(ports[0]); i++)
			if (t->dom_exc_port >= 0 && ports[i] == (uint32_t)t->dom_exc_port)
				dom_exc = true;
		if (n > 0 && t->dev->write(t->evtchn_fd, ports, (size_t)n) != n)
			xsd_log("unmasking %zd ports through /dev/xen/evtchn: %s",
				n / (ssize_t)sizeof(ports[0]), strerror(errno));
		if ((size_t)n < sizeof(ports))
			return dom_exc;
	}
}

/*
 * Any HVM parameter of a domain that no longer exists answers -ESRCH; the hypervisor takes a
 * dying domain out of its list before it sends the last VIRQ_DOM_EXC for it. A shut-down
 * domain cannot be told from a running one this way, so this never says XS_DOMAIN_SHUTDOWN.
 */
static int xen_domain_state(struct xs_transport *bt, uint32_t domid)
{
	struct xen_transport *t = of(bt);
	uint64_t pfn;
	int rc;

	if (!t->privcmd)
		return -ENODEV;
	rc = privcmd_hvm_get_param(t->privcmd, domid, HVM_PARAM_STORE_PFN, &pfn);
	if (rc == 0)
		return XS_DOMAIN_RUNNING;
	if (rc == -ESRCH)
		return XS_DOMAIN_GONE;
	xsd_log("domain %u: HVMOP_get_param through privcmd failed: %s; taken as alive", domid,
		strerror(-rc));
	return rc;
}

static void xen_destroy(struct xs_transport *bt)
{
	struct xen_transport *t = of(bt);

	while (t->nr_maps)
		xen_unmap(bt, t->maps[0].domid, t->maps[0].page);
	if (t->dom_exc_port >= 0)
		xen_unbind(bt, t->dom_exc_port);
	privcmd_close(t->privcmd);
	t->dev->close(t->evtchn_fd);
	t->dev->close(t->gntdev_fd);
	free(t->maps);
	free(t);
}

static const struct xs_transport_ops xen_ops = {
	.map_ring = xen_map,
	.unmap_ring = xen_unmap,
	.bind = xen_bind,
	.unbind = xen_unbind,
	.notify = xen_notify,
	.event_fd = xen_event_fd,
	.ack = xen_ack,
	.domain_state = xen_domain_state,
	.destroy = xen_destroy,
};

static int device_path(char *path, size_t size, const char *dir, const char *name)
{
	if (snprintf(path, size, "%s/%s", dir, name) >= (int)size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int open_device(const struct xen_dev_ops *dev, const char *dir, const char *name, int flags)
{
	char path[256];

	if (device_path(path, sizeof(path), dir, name) < 0)
		return -1;
	return dev->open(path, flags | O_RDWR | O_CLOEXEC);
}

/*
 * What Xen's xenstored does at start: VIRQ_DOM_EXC on the evtchn device, so that the
 * hypervisor's word that a domain shut down or died wakes the daemon. Without privcmd or the
 * VIRQ the guests are still served, but a dead guest stays introduced until RELEASE.
 */
static void watch_domain_exceptions(struct xen_transport *t, const char *dir)
{
	struct evtchn_dev_bind_virq req = {.virq = VIRQ_DOM_EXC};
	char path[256];

	if (device_path(path, sizeof(path), dir, "privcmd") == 0)
		t->privcmd = privcmd_open(t->dev, path);
	if (!t->privcmd) {
		xsd_log("cannot open %s/privcmd: %s; dead domains will not be noticed", dir,
			strerror(errno));
		return;
	}
	t->dom_exc_port = t->dev->ioctl(t->evtchn_fd, EVTCHN_DEV_IOCTL_BIND_VIRQ, &req);
	if (t->dom_exc_port < 0) {
		xsd_log("cannot bind VIRQ_DOM_EXC through %s/evtchn: %s; dead domains will not be "
			"noticed",
			dir, strerror(errno));
		t->dom_exc_port = -1;
		return;
	}
	xsd_log("VIRQ_DOM_EXC bound to local port %d", t->dom_exc_port);
}

struct xs_transport *xen_transport_new(const struct xen_dev_ops *dev, const char *dir,
				       const char **why)
{
	struct xen_transport *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return NULL;
	t->dev = dev;
	t->gntdev_fd = -1;
	t->dom_exc_port = -1;
	t->evtchn_fd = open_device(dev, dir, "evtchn", O_NONBLOCK);
	if (t->evtchn_fd < 0) {
		if (why)
			*why = "evtchn";
		goto fail;
	}
	t->gntdev_fd = open_device(dev, dir, "gntdev", 0);
	if (t->gntdev_fd < 0) {
		if (why)
			*why = "gntdev";
		goto fail;
	}
	t->base.ops = &xen_ops;
	watch_domain_exceptions(t, dir);
	return &t->base;
fail:
	err = errno;
	if (t->evtchn_fd >= 0)
		dev->close(t->evtchn_fd);
	free(t);
	errno = err;
	return NULL;
}
