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
#include "log.h"
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
 * are serviced is safe: a guest that signals again meanwhile just causes one more pass.
 */
static void xen_ack(struct xs_transport *bt)
{
	struct xen_transport *t = of(bt);
	uint32_t ports[PORTS_PER_READ];

	for (;;) {
		ssize_t n = t->dev->read(t->evtchn_fd, ports, sizeof(ports));

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				xsd_log("reading /dev/xen/evtchn: %s", strerror(errno));
			return;
		}
		if (n == 0)
			return;
		if (n % sizeof(ports[0]) != 0) {
			xsd_log("/dev/xen/evtchn returned %zd bytes, not a whole number of ports",
				n);
			n -= n % sizeof(ports[0]);
		}
		if (n > 0 && t->dev->write(t->evtchn_fd, ports, (size_t)n) != n)
			xsd_log("unmasking %zd ports through /dev/xen/evtchn: %s",
				n / (ssize_t)sizeof(ports[0]), strerror(errno));
		if ((size_t)n < sizeof(ports))
			return;
	}
}

static void xen_destroy(struct xs_transport *bt)
{
	struct xen_transport *t = of(bt);

	while (t->nr_maps)
		xen_unmap(bt, t->maps[0].domid, t->maps[0].page);
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
	.destroy = xen_destroy,
};

static int open_device(const struct xen_dev_ops *dev, const char *dir, const char *name, int flags)
{
	char path[256];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return dev->open(path, flags | O_RDWR | O_CLOEXEC);
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
	return &t->base;
fail:
	err = errno;
	if (t->evtchn_fd >= 0)
		dev->close(t->evtchn_fd);
	free(t);
	errno = err;
	return NULL;
}

/* --- the real devices ------------------------------------------------------------------------ */

static int linux_open(const char *path, int flags)
{
	return open(path, flags);
}

static int linux_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

static void *linux_mmap(size_t len, int prot, int fd, off_t offset)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, offset);
}

const struct xen_dev_ops xen_dev_linux = {
	.open = linux_open,
	.close = close,
	.ioctl = linux_ioctl,
	.mmap = linux_mmap,
	.munmap = munmap,
	.read = read,
	.write = write,
};
