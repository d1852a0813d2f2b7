// SPDX-License-Identifier: MIT
/*
 * The dom0 transport (daemon/transport_xen.c) over stand-in devices: /dev/xen/gntdev,
 * /dev/xen/evtchn and /dev/xen/privcmd exist only in dom0, so the test answers the transport's
 * system calls itself, checking each ioctl's number and arguments, handing out guest pages for
 * mmap(), playing the evtchn device's read (signalled ports, VIRQ_DOM_EXC among them) and write
 * (unmask), and answering HVMOP_get_param as the hypervisor does (-ESRCH once a domain is
 * gone). The daemon core above it is the real one. The same transport runs against Linux's
 * devices in the dom0 end-to-end test.
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
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/xen.h>
#include "log.h"
#include "transport_xen.h"
#include "xen_devices.h"
#include "xsd.h"
#include "xsd_client.h"

#define NR_GUESTS    3
#define REFUSED_DOM  9 /* the fake gntdev refuses its grant */
#define LOCAL_PORT0  40
#define INDEX_STRIDE 0x1000
#define DOM_EXC_PORT 7 /* where the fake evtchn device binds VIRQ_DOM_EXC */
#define STORE_PFN    0x1ffe

struct fake_guest {
	uint32_t domid;
	struct xenstore_domain_interface *page;
	uint64_t index; /* gntdev offset handed out */
	bool granted;	/* gntdev map request live */
	bool mmapped;
	int local_port; /* -1: not bound */
	unsigned int notified;
	bool dead;		  /* HVMOP_get_param answers -ESRCH */
	int hypercall_errno;	  /* when not 0, HVMOP_get_param fails with it */
	unsigned int param_calls; /* HVMOP_get_param calls about this domain */
};

static struct {
	int evtchn_fd, gntdev_fd, privcmd_fd;
	bool no_privcmd;   /* open() of privcmd fails */
	bool virq_refused; /* BIND_VIRQ fails */
	bool virq_bound;   /* VIRQ_DOM_EXC bound on the evtchn device */
	unsigned int virq_binds;
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
	if (strcmp(path, "/fake/xen/privcmd") == 0 && !dev.no_privcmd)
		return dev.privcmd_fd;
	errno = ENOENT;
	return -1;
}

static int fake_close(int fd)
{
	assert_true(fd == dev.evtchn_fd || fd == dev.gntdev_fd || fd == dev.privcmd_fd);
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

	if (request == EVTCHN_DEV_IOCTL_BIND_VIRQ) {
		struct evtchn_dev_bind_virq *b = arg;

		assert_int_equal(b->virq, VIRQ_DOM_EXC);
		assert_false(dev.virq_bound);
		if (dev.virq_refused) {
			errno = EPERM;
			return -1;
		}
		dev.virq_bound = true;
		dev.virq_binds++;
		return DOM_EXC_PORT;
	}
	if (request == EVTCHN_DEV_IOCTL_UNBIND && p->port == DOM_EXC_PORT) {
		assert_true(dev.virq_bound);
		dev.virq_bound = false;
		return 0;
	}
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

/* The hypervisor behind privcmd: HVMOP_get_param of a guest's store frame, nothing else. */
static int privcmd_ioctl(unsigned long request, void *arg)
{
	struct privcmd_call *call = arg;
	struct xen_hvm_param *param;
	struct fake_guest *g;

	assert_int_equal(request, PRIVCMD_IOCTL_HYPERCALL);
	assert_int_equal(call->op, __HYPERVISOR_hvm_op);
	assert_int_equal(call->arg[0], HVMOP_get_param);
	param = (struct xen_hvm_param *)(uintptr_t)call->arg[1];
	assert_non_null(param);
	assert_int_equal(param->index, HVM_PARAM_STORE_PFN);
	g = guest_by_domid(param->domid);
	assert_non_null(g);
	g->param_calls++;
	if (g->hypercall_errno) {
		errno = g->hypercall_errno;
		return -1;
	}
	if (g->dead) {
		errno = ESRCH;
		return -1;
	}
	param->value = STORE_PFN;
	return 0;
}

static int fake_ioctl(int fd, unsigned long request, void *arg)
{
	if (fd == dev.gntdev_fd)
		return gntdev_ioctl(request, arg);
	if (fd == dev.privcmd_fd)
		return privcmd_ioctl(request, arg);
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

/* The hypervisor tells dom0 that some domain shut down or died. */
static void hypervisor_dom_exc(void)
{
	uint64_t one = 1;

	assert_true(dev.virq_bound);
	dev.pending[dev.nr_pending++] = DOM_EXC_PORT;
	assert_int_equal(write(dev.evtchn_fd, &one, sizeof(one)), sizeof(one));
}

static unsigned int param_calls(void)
{
	unsigned int n = 0;

	for (int i = 0; i < NR_GUESTS; i++)
		n += dev.guest[i].param_calls;
	return n;
}

struct fixture {
	struct xs_transport *t;
	struct xsd *xsd;
	struct memconn *dom0;
};

static void fake_devices_reset(void)
{
	memset(&dev, 0, sizeof(dev));
	dev.evtchn_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	dev.gntdev_fd = eventfd(0, EFD_CLOEXEC);
	dev.privcmd_fd = eventfd(0, EFD_CLOEXEC);
}

static int setup(void **state)
{
	static struct fixture f;
	const char *why = NULL;

	xsd_log_enable(getenv("XSD_TEST_LOG") != NULL);
	fake_devices_reset();
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
	assert_true(dev.virq_bound);
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
	assert_false(dev.virq_bound);
	close(dev.evtchn_fd);
	close(dev.gntdev_fd);
	close(dev.privcmd_fd);
	xsd_log_to(NULL);
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

/* What the daemon does (server_step) when poll says the evtchn descriptor is readable. */
static void daemon_round(struct fixture *f)
{
	if (f->t->ops->ack(f->t))
		xsd_check_domains(f->xsd);
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
	/* A guest's signal is not a domain exception: nobody asked the hypervisor anything. */
	assert_int_equal(param_calls(), 0);

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

/* Log lines go to memory while a test looks at them. */
static char *log_text;
static size_t log_size;
static FILE *log_stream;

static void capture_log(void)
{
	log_stream = open_memstream(&log_text, &log_size);
	assert_non_null(log_stream);
	xsd_log_to(log_stream);
	xsd_log_enable(true);
}

static void expect_logged(const char *what)
{
	fflush(log_stream);
	if (!strstr(log_text, what))
		fail_msg("the log lacks \"%s\"; it says:\n%s", what, log_text);
}

static void end_capture(void)
{
	xsd_log_to(NULL);
	xsd_log_enable(getenv("XSD_TEST_LOG") != NULL);
	fclose(log_stream);
	free(log_text);
	log_text = NULL;
}

static void watch_from_guest(struct fixture *f, struct fake_guest *g, const char *path)
{
	struct xsd_sockmsg h;
	char buf[64];
	uint32_t len = wire_args(buf, path, "tok", NULL);

	put_request(g, XS_WATCH, buf, len);
	guest_kick(g);
	daemon_round(f);
	assert_string_equal(get_reply(g, &h), "OK");
	assert_int_equal(h.type, XS_WATCH);
	get_reply(g, &h); /* the event of setting it */
	assert_int_equal(h.type, XS_WATCH_EVENT);
}

static void expect_release_events(struct memconn *watcher, int n)
{
	struct reply r;

	for (int i = 0; i < n; i++) {
		assert_int_equal(next_message(watcher, &r), 0);
		assert_int_equal(r.type, XS_WATCH_EVENT);
		assert_string_equal(r.body, "@releaseDomain");
	}
	assert_int_equal(next_message(watcher, &r), -1);
}

/*
 * A guest dies: VIRQ_DOM_EXC arrives, the daemon asks the hypervisor about every introduced
 * domain and lets the dead one go as RELEASE would (ring unmapped, grant and port let go, its
 * watches gone with its connection), with one @releaseDomain; the living one is still served.
 */
static void test_dead_domain_released(void **state)
{
	struct fixture *f = *state;
	struct fake_guest *dying = &dev.guest[0], *alive = &dev.guest[1];
	struct memconn *watcher = memconn_new(f->xsd, 0, true);
	struct xsd_sockmsg h;
	struct reply r;
	uint32_t rsp_prod;
	char buf[64];
	uint32_t len;

	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "5", "8190", "3", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "6", "8190", "3", NULL), "OK");
	assert_string_equal(xs_req(watcher, XS_WATCH, 0, "@releaseDomain", "r", NULL), "OK");
	assert_int_equal(next_message(watcher, &r), 0); /* the event of setting it */
	watch_from_guest(f, dying, "/local/domain/5/w");

	/* A domain exception while both still exist changes nothing. */
	hypervisor_dom_exc();
	daemon_round(f);
	assert_int_equal(dying->param_calls, 1);
	assert_int_equal(alive->param_calls, 1);
	expect_release_events(watcher, 0);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL), "T");

	capture_log();
	dying->dead = true;
	dev.nr_unmasked = 0;
	hypervisor_dom_exc();
	daemon_round(f);
	assert_int_equal(dying->param_calls, 2);
	assert_int_equal(alive->param_calls, 2);
	/* The VIRQ's port was unmasked like any other. */
	assert_int_equal(dev.nr_unmasked, 1);
	assert_int_equal(dev.unmasked[0], DOM_EXC_PORT);
	assert_false(dying->mmapped || dying->granted);
	assert_int_equal(dying->local_port, -1);
	expect_release_events(watcher, 1);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL), "F");
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL), "T");
	expect_logged("domain 5 is gone: releasing");
	end_capture();

	/* Its watch went with it: a change there reaches nobody's ring. */
	rsp_prod = dying->page->rsp_prod;
	dying->notified = 0;
	assert_string_equal(do_write(f->dom0, 0, "/local/domain/5/w", "after"), "OK");
	assert_int_equal(dying->page->rsp_prod, rsp_prod);
	assert_int_equal(dying->notified, 0);

	/* Another exception: the dead domain is not asked about again, nothing fires twice. */
	hypervisor_dom_exc();
	daemon_round(f);
	assert_int_equal(dying->param_calls, 2);
	assert_int_equal(alive->param_calls, 3);
	expect_release_events(watcher, 0);

	len = wire_args(buf, "/local/domain/6/still", NULL);
	memcpy(buf + len, "here", 4);
	put_request(alive, XS_WRITE, buf, len + 4);
	guest_kick(alive);
	daemon_round(f);
	assert_string_equal(get_reply(alive, &h), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/local/domain/6/still", NULL), "here");
	memconn_free(watcher);
}

/*
 * The hypervisor cannot say (any error but -ESRCH): that domain stays introduced and the
 * failure is logged with its errno; another domain found dead in the same check is let go.
 */
static void test_hypercall_failure_logged(void **state)
{
	struct fixture *f = *state;
	struct fake_guest *unsure = &dev.guest[0], *dead = &dev.guest[1];
	struct memconn *watcher = memconn_new(f->xsd, 0, true);
	struct reply r;

	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "5", "8190", "3", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "6", "8190", "3", NULL), "OK");
	assert_string_equal(xs_req(watcher, XS_WATCH, 0, "@releaseDomain", "r", NULL), "OK");
	assert_int_equal(next_message(watcher, &r), 0);

	capture_log();
	unsure->hypercall_errno = EIO;
	dead->dead = true;
	hypervisor_dom_exc();
	daemon_round(f);
	expect_logged("domain 5: HVMOP_get_param through privcmd failed: Input/output error");
	expect_logged("domain 6 is gone");
	end_capture();
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL), "T");
	assert_true(unsure->mmapped && unsure->local_port >= 0);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL), "F");
	expect_release_events(watcher, 1);

	/* Once the hypervisor answers again, the next exception finds it alive. */
	unsure->hypercall_errno = 0;
	hypervisor_dom_exc();
	daemon_round(f);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL), "T");
	expect_release_events(watcher, 0);
	memconn_free(watcher);
}

/* Without privcmd, or with the VIRQ refused, guests are still served; the log says what is lost. */
static void run_without_dom_exc(const char *why_logged)
{
	struct fake_guest *g = &dev.guest[0];
	struct xs_transport *t;
	struct xsd *xsd;
	struct memconn *dom0;
	struct xsd_sockmsg h;
	char buf[64];
	uint32_t len;

	for (int i = 0; i < NR_GUESTS; i++) {
		dev.guest[i].domid = (uint32_t)(5 + i);
		dev.guest[i].local_port = -1;
	}
	g->page = aligned_alloc(4096, 4096);
	memset(g->page, 0, 4096);
	capture_log();
	t = xen_transport_new(&fake_devices, "/fake/xen", NULL);
	assert_non_null(t);
	expect_logged(why_logged);
	expect_logged("dead domains will not be noticed");
	end_capture();
	assert_false(dev.virq_bound);
	xsd = xsd_new(t);
	dom0 = memconn_new(xsd, 0, true);
	assert_string_equal(xs_req(dom0, XS_MKDIR, 0, "/local/domain/5", NULL), "OK");
	assert_string_equal(xs_req(dom0, XS_SET_PERMS, 0, "/local/domain/5", "n5", NULL), "OK");
	assert_string_equal(xs_req(dom0, XS_INTRODUCE, 0, "5", "8190", "3", NULL), "OK");
	len = wire_args(buf, "/local/domain/5/x", NULL);
	memcpy(buf + len, "1", 1);
	put_request(g, XS_WRITE, buf, len + 1);
	guest_kick(g);
	assert_false(t->ops->ack(t));
	xsd_service_rings(xsd);
	assert_string_equal(get_reply(g, &h), "OK");
	assert_int_equal(param_calls(), 0);
	memconn_free(dom0);
	xsd_free(xsd);
	t->ops->destroy(t);
	assert_false(g->mmapped || g->granted);
	free(g->page);
	close(dev.evtchn_fd);
	close(dev.gntdev_fd);
	close(dev.privcmd_fd);
}

static void test_no_privcmd(void **state)
{
	(void)state;
	fake_devices_reset();
	dev.no_privcmd = true;
	run_without_dom_exc("cannot open /fake/xen/privcmd: No such file or directory");
	assert_int_equal(dev.virq_binds, 0);
}

static void test_virq_refused(void **state)
{
	(void)state;
	fake_devices_reset();
	dev.virq_refused = true;
	run_without_dom_exc("cannot bind VIRQ_DOM_EXC through /fake/xen/evtchn: Operation not "
			    "permitted");
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
		cmocka_unit_test_setup_teardown(test_dead_domain_released, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hypercall_failure_logged, setup, teardown),
		cmocka_unit_test(test_no_privcmd),
		cmocka_unit_test(test_virq_refused),
		cmocka_unit_test(test_missing_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
