// SPDX-License-Identifier: MIT
/*
 * The dom0 transport (daemon/transport_xen.c) over stand-in devices: /dev/xen/gntdev and
 * /dev/xen/evtchn exist only in dom0, so the test answers the transport's system calls itself,
 * checking each ioctl's number and arguments, handing out guest pages for mmap() and playing
 * the evtchn device's read (signalled ports) and write (unmask). The daemon core above it is
 * the real one. The same transport runs against Linux's devices in the dom0 end-to-end test.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <public/grant_table.h>
#include "log.h"
#include "transport_xen.h"
#include "xen_devices.h"
#include "xsd.h"
#include "xsd_client.h"

#define NR_GUESTS    3
#define REFUSED_DOM  9 /* the fake gntdev refuses its grant */
#define LOCAL_PORT0  40
#define INDEX_STRIDE 0x1000

struct fake_guest {
	uint32_t domid;
	struct xenstore_domain_interface *page;
	uint64_t index; /* gntdev offset handed out */
	bool granted;	/* gntdev map request live */
	bool mmapped;
	int local_port; /* -1: not bound */
	unsigned int notified;
};

static struct {
	int evtchn_fd, gntdev_fd;
	struct fake_guest guest[NR_GUESTS];
	uint32_t pending[16];
	unsigned int nr_pending;
	uint32_t unmasked[64];
	unsigned int nr_unmasked;
	unsigned int next_index, next_port;
} dev;

static struct fake_guest *guest_by_domid(uint32_t domid)
{
	for (int i = 0; i < NR_GUESTS; i++)
		if (dev.guest[i].domid == domid)
			return &dev.guest[i];
	return NULL;
}

static struct fake_guest *guest_by_port(uint32_t port)
{
	for (int i = 0; i < NR_GUESTS; i++)
		if (dev.guest[i].local_port == (int)port)
			return &dev.guest[i];
	return NULL;
}

static struct fake_guest *guest_by_index(uint64_t index)
{
	for (int i = 0; i < NR_GUESTS; i++)
		if (dev.guest[i].granted && dev.guest[i].index == index)
			return &dev.guest[i];
	return NULL;
}

static int fake_open(const char *path, int flags)
{
	(void)flags;
	if (strcmp(path, "/fake/xen/evtchn") == 0)
		return dev.evtchn_fd;
	if (strcmp(path, "/fake/xen/gntdev") == 0)
		return dev.gntdev_fd;
	errno = ENOENT;
	return -1;
}

static int fake_close(int fd)
{
	assert_true(fd == dev.evtchn_fd || fd == dev.gntdev_fd);
	return 0;
}

static int gntdev_ioctl(unsigned long request, void *arg)
{
	if (request == GNTDEV_IOCTL_MAP) {
		struct gntdev_map_one *m = arg;
		struct fake_guest *g = guest_by_domid(m->grant.domid);

		assert_int_equal(m->count, 1);
		assert_int_equal(m->grant.ref, GNTTAB_RESERVED_XENSTORE);
		if (!g || m->grant.domid == REFUSED_DOM) {
			errno = EINVAL;
			return -1;
		}
		assert_false(g->granted);
		g->granted = true;
		g->index = m->index = (uint64_t)++dev.next_index * INDEX_STRIDE;
		return 0;
	}
	if (request == GNTDEV_IOCTL_UNMAP) {
		struct gntdev_unmap *u = arg;
		struct fake_guest *g = guest_by_index(u->index);

		assert_non_null(g);
		assert_int_equal(u->count, 1);
		assert_false(g->mmapped); /* munmap first, as gntdev wants */
		g->granted = false;
		return 0;
	}
	fail_msg("unexpected gntdev ioctl %#lx", request);
	return -1;
}

static int evtchn_ioctl(unsigned long request, void *arg)
{
	struct evtchn_dev_port *p = arg;
	struct fake_guest *g;

	if (request == EVTCHN_DEV_IOCTL_BIND_INTERDOMAIN) {
		struct evtchn_dev_bind_interdomain *b = arg;

		g = guest_by_domid(b->remote_domain);
		assert_non_null(g);
		assert_int_equal(b->remote_port, 3);
		g->local_port = LOCAL_PORT0 + (int)dev.next_port++;
		return g->local_port;
	}
	g = guest_by_port(p->port);
	assert_non_null(g);
	if (request == EVTCHN_DEV_IOCTL_NOTIFY) {
		g->notified++;
		return 0;
	}
	if (request == EVTCHN_DEV_IOCTL_UNBIND) {
		g->local_port = -1;
		return 0;
	}
	fail_msg("unexpected evtchn ioctl %#lx", request);
	return -1;
}

static int fake_ioctl(int fd, unsigned long request, void *arg)
{
	if (fd == dev.gntdev_fd)
		return gntdev_ioctl(request, arg);
	assert_int_equal(fd, dev.evtchn_fd);
	return evtchn_ioctl(request, arg);
}

static void *fake_mmap(size_t len, int prot, int fd, off_t offset)
{
	struct fake_guest *g = guest_by_index((uint64_t)offset);

	assert_int_equal(len, 4096);
	assert_int_equal(prot, PROT_READ | PROT_WRITE);
	assert_int_equal(fd, dev.gntdev_fd);
	assert_non_null(g);
	g->mmapped = true;
	return g->page;
}

static int fake_munmap(void *addr, size_t len)
{
	for (int i = 0; i < NR_GUESTS; i++)
		if (dev.guest[i].page == addr && dev.guest[i].mmapped) {
			assert_int_equal(len, 4096);
			dev.guest[i].mmapped = false;
			return 0;
		}
	fail_msg("munmap of %p, which is not a mapped ring", addr);
	return -1;
}

/* The evtchn device: whole ports only, EAGAIN when none is pending. */
static ssize_t fake_read(int fd, void *buf, size_t len)
{
	size_t n = dev.nr_pending * sizeof(uint32_t);
	uint64_t v;

	assert_int_equal(fd, dev.evtchn_fd);
	if (!n) {
		errno = EAGAIN;
		return -1;
	}
	assert_true(len >= n);
	memcpy(buf, dev.pending, n);
	dev.nr_pending = 0;
	assert_int_equal(read(dev.evtchn_fd, &v, sizeof(v)), sizeof(v));
	return (ssize_t)n;
}

static ssize_t fake_write(int fd, const void *buf, size_t len)
{
	assert_int_equal(fd, dev.evtchn_fd);
	assert_int_equal(len % sizeof(uint32_t), 0);
	memcpy(dev.unmasked + dev.nr_unmasked, buf, len);
	dev.nr_unmasked += (unsigned int)(len / sizeof(uint32_t));
	return (ssize_t)len;
}

static const struct xen_dev_ops fake_devices = {
	.open = fake_open,
	.close = fake_close,
	.ioctl = fake_ioctl,
	.mmap = fake_mmap,
	.munmap = fake_munmap,
	.read = fake_read,
	.write = fake_write,
};

/* The guest signals its port: the device reports the local port and the fd polls readable. */
static void guest_kick(struct fake_guest *g)
{
	uint64_t one = 1;

	assert_true(g->local_port >= 0);
	dev.pending[dev.nr_pending++] = (uint32_t)g->local_port;
	assert_int_equal(write(dev.evtchn_fd, &one, sizeof(one)), sizeof(one));
}

struct fixture {
	struct xs_transport *t;
	struct xsd *xsd;
	struct memconn *dom0;
};

static int setup(void **state)
{
	static struct fixture f;
	const char *why = NULL;

	xsd_log_enable(getenv("XSD_TEST_LOG") != NULL);
	memset(&dev, 0, sizeof(dev));
	dev.evtchn_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	dev.gntdev_fd = eventfd(0, EFD_CLOEXEC);
	for (int i = 0; i < NR_GUESTS; i++) {
		dev.guest[i].domid = (uint32_t)(5 + i);
		dev.guest[i].local_port = -1;
		dev.guest[i].page = aligned_alloc(4096, 4096);
		memset(dev.guest[i].page, 0, 4096);
	}
	dev.guest[2].domid = REFUSED_DOM;
	f.t = xen_transport_new(&fake_devices, "/fake/xen", &why);
	assert_non_null(f.t);
	assert_int_equal(f.t->ops->event_fd(f.t), dev.evtchn_fd);
	f.xsd = xsd_new(f.t);
	f.dom0 = memconn_new(f.xsd, 0, true);
	/* Homes owned by their guests, as the toolstack makes them. */
	assert_string_equal(xs_req(f.dom0, XS_MKDIR, 0, "/local/domain/5", NULL), "OK");
	assert_string_equal(xs_req(f.dom0, XS_SET_PERMS, 0, "/local/domain/5", "n5", NULL), "OK");
	assert_string_equal(xs_req(f.dom0, XS_MKDIR, 0, "/local/domain/6", NULL), "OK");
	assert_string_equal(xs_req(f.dom0, XS_SET_PERMS, 0, "/local/domain/6", "n6", NULL), "OK");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	memconn_free(f->dom0);
	xsd_free(f->xsd);
	f->t->ops->destroy(f->t);
	for (int i = 0; i < NR_GUESTS; i++) {
		/* Nothing may stay mapped or bound once the transport is gone. */
		assert_false(dev.guest[i].mmapped);
		assert_false(dev.guest[i].granted);
		free(dev.guest[i].page);
	}
	close(dev.evtchn_fd);
	close(dev.gntdev_fd);
	return 0;
}

static void put_request(struct fake_guest *g, uint32_t type, const char *payload, uint32_t len)
{
	struct xenstore_domain_interface *r = g->page;
	struct xsd_sockmsg h = {.type = type, .req_id = 77, .len = len};
	char buf[256];
	uint32_t total = (uint32_t)sizeof(h) + len;

	assert_true(total <= sizeof(buf));
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), payload, len);
	for (uint32_t i = 0; i < total; i++)
		r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = buf[i];
	r->req_prod += total;
}

/* What the daemon does when poll says the evtchn descriptor is readable. */
static void daemon_round(struct fixture *f)
{
	f->t->ops->ack(f->t);
	xsd_service_rings(f->xsd);
	xsd_reap(f->xsd);
}

static const char *get_reply(struct fake_guest *g, struct xsd_sockmsg *h)
{
	struct xenstore_domain_interface *r = g->page;
	static char body[XENSTORE_PAYLOAD_MAX + 1];

	assert_true(r->rsp_prod - r->rsp_cons >= sizeof(*h));
	for (uint32_t i = 0; i < sizeof(*h); i++)
		((char *)h)[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
	r->rsp_cons += (uint32_t)sizeof(*h);
	assert_true(h->len < sizeof(body));
	for (uint32_t i = 0; i < h->len; i++)
		body[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
	body[h->len] = '\0';
	r->rsp_cons += h->len;
	return body;
}

static void test_introduce_serve_release(void **state)
{
	struct fixture *f = *state;
	struct fake_guest *g = &dev.guest[0];
	struct xsd_sockmsg h;
	char buf[64];
	uint32_t len;

	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "5", "8190", "3", NULL), "OK");
	assert_true(g->granted && g->mmapped);
	assert_int_equal(g->local_port, LOCAL_PORT0);
	/* Requests queued before the introduction are looked for at once. */
	assert_true(g->notified > 0);
	assert_int_equal(g->page->server_features & XENSTORE_SERVER_FEATURE_ERROR,
			 XENSTORE_SERVER_FEATURE_ERROR);

	len = wire_args(buf, "/local/domain/5/x", NULL);
	memcpy(buf + len, "42", 2);
	put_request(g, XS_WRITE, buf, len + 2);
	g->notified = 0;
	guest_kick(g);
	daemon_round(f);
	assert_string_equal(get_reply(g, &h), "OK");
	assert_int_equal(h.type, XS_WRITE);
	assert_int_equal(h.req_id, 77);
	assert_true(g->notified > 0);
	/* The signalled port was handed back to the device (unmasked). */
	assert_int_equal(dev.nr_unmasked, 1);
	assert_int_equal(dev.unmasked[0], LOCAL_PORT0);
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/local/domain/5/x", NULL), "42");

	assert_string_equal(xs_req(f->dom0, XS_RELEASE, 0, "5", NULL), "OK");
	xsd_reap(f->xsd);
	assert_false(g->mmapped);
	assert_false(g->granted);
	assert_int_equal(g->local_port, -1);
}

static void test_refused_grant(void **state)
{
	struct fixture *f = *state;

	/* gntdev refuses the grant: INTRODUCE fails cleanly, nothing is left bound. */
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "9", "8190", "3", NULL), "EINVAL");
	assert_int_equal(dev.guest[2].local_port, -1);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "9", NULL), "F");
}

/* One guest wrecks its indices: it is dropped and let go; the other keeps being served. */
static void test_hostile_guest_alone_dropped(void **state)
{
	struct fixture *f = *state;
	struct fake_guest *bad = &dev.guest[0], *good = &dev.guest[1];
	struct memconn *watcher = memconn_new(f->xsd, 0, true);
	struct xsd_sockmsg h;
	struct reply r;
	char buf[64];
	uint32_t len;

	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "5", "8190", "3", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "6", "8190", "3", NULL), "OK");
	assert_string_equal(xs_req(watcher, XS_WATCH, 0, "@releaseDomain", "r", NULL), "OK");
	assert_int_equal(next_message(watcher, &r), 0); /* the event of setting it */

	bad->page->req_prod = bad->page->req_cons + XENSTORE_RING_SIZE + 7;
	len = wire_args(buf, "/local/domain/6/y", NULL);
	memcpy(buf + len, "ok", 2);
	put_request(good, XS_WRITE, buf, len + 2);
	guest_kick(bad);
	guest_kick(good);
	daemon_round(f);

	assert_int_equal(bad->page->error, XENSTORE_ERROR_RINGIDX);
	assert_false(bad->mmapped || bad->granted);
	assert_int_equal(bad->local_port, -1);
	assert_int_equal(next_message(watcher, &r), 0);
	assert_string_equal(r.body, "@releaseDomain");
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL), "F");

	assert_string_equal(get_reply(good, &h), "OK");
	assert_int_equal(good->page->error, XENSTORE_ERROR_NONE);
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/local/domain/6/y", NULL), "ok");
	memconn_free(watcher);
}

static void test_missing_device(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_null(xen_transport_new(&fake_devices, "/nowhere", &why));
	assert_int_equal(errno, ENOENT);
	assert_string_equal(why, "evtchn");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_introduce_serve_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_grant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_guest_alone_dropped, setup, teardown),
		cmocka_unit_test(test_missing_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
