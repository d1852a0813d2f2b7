/* SPDX-License-Identifier: MIT */
/*
 * Guests over the shared ring: the test plays a guest through the in-process transport,
 * writing requests into its page and reading replies back, and then misbehaves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "domain.h"
#include "log.h"
#include "transport_inproc.h"
#include "xsd.h"
#include "xsd_client.h"

#define GUEST 7
#define FRAME 0x1234

struct fixture {
	struct xsd *xsd;
	struct xs_transport *t;
	struct memconn *dom0;
	struct xenstore_domain_interface *page;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	xsd_log_enable(getenv("XSD_TEST_LOG") != NULL);
	f->t = inproc_transport_new();
	f->xsd = xsd_new(f->t);
	f->dom0 = memconn_new(f->xsd, 0, true);
	f->page = aligned_alloc(4096, 4096);
	memset(f->page, 0, 4096);
	assert_int_equal(inproc_transport_add_page(f->t, GUEST, FRAME, f->page), 0);
	assert_string_equal(xs_req(f->dom0, XS_MKDIR, 0, "/local/domain/7", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_SET_PERMS, 0, "/local/domain/7", "n7", NULL), "OK");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	memconn_free(f->dom0);
	xsd_free(f->xsd);
	f->t->ops->destroy(f->t);
	free(f->page);
	free(f);
	return 0;
}

static void introduce(struct fixture *f)
{
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "7", "4660", "3", NULL), "OK");
	assert_true(inproc_transport_bound(f->t, GUEST));
	assert_true(inproc_transport_mapped(f->t, GUEST));
}

/* The guest's side: as much of data as fits, then the index (as a guest kernel does). */
static uint32_t guest_put(struct xenstore_domain_interface *r, const void *data, uint32_t len)
{
	uint32_t prod = r->req_prod, space = XENSTORE_RING_SIZE - (prod - r->req_cons), i;

	for (i = 0; i < len && i < space; i++)
		r->req[MASK_XENSTORE_IDX(prod + i)] = ((const char *)data)[i];
	__atomic_store_n(&r->req_prod, prod + i, __ATOMIC_RELEASE);
	return i;
}

static uint32_t guest_get(struct xenstore_domain_interface *r, void *data, uint32_t len)
{
	uint32_t cons = r->rsp_cons, avail = r->rsp_prod - cons, i;

	for (i = 0; i < len && i < avail; i++)
		((char *)data)[i] = r->rsp[MASK_XENSTORE_IDX(cons + i)];
	__atomic_store_n(&r->rsp_cons, cons + i, __ATOMIC_RELEASE);
	return i;
}

/* Sends a request through the ring, letting the daemon run until all of it went in. */
static void guest_send(struct fixture *f, uint32_t type, const char *payload, uint32_t len)
{
	char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = {.type = type, .req_id = 9, .len = len};
	uint32_t total = (uint32_t)sizeof(h) + len, done = 0;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), payload, len);
	for (int rounds = 0; done < total && rounds < 100; rounds++) {
		done += guest_put(f->page, buf + done, total - done);
		inproc_transport_guest_kick(f->t, GUEST);
		xsd_service_rings(f->xsd);
	}
	assert_int_equal(done, total);
}

static void guest_recv(struct fixture *f, struct reply *r)
{
	struct xsd_sockmsg h;

	xsd_service_rings(f->xsd);
	assert_int_equal(guest_get(f->page, &h, sizeof(h)), sizeof(h));
	assert_true(h.len <= XENSTORE_PAYLOAD_MAX);
	assert_int_equal(guest_get(f->page, r->body, h.len), h.len);
	r->body[h.len] = '\0';
	r->type = h.type;
	r->len = h.len;
	r->req_id = h.req_id;
}

static void test_requests_over_ring(void **state)
{
	struct fixture *f = *state;
	struct memconn *watcher = memconn_new(f->xsd, 0, true);
	char buf[XENSTORE_PAYLOAD_MAX];
	struct reply r;
	uint32_t len;

	assert_string_equal(xs_req(watcher, XS_WATCH, 0, "@introduceDomain", "i", NULL), "OK");
	next_message(watcher, &r);
	introduce(f);
	assert_int_equal(next_message(watcher, &r), 0);
	assert_string_equal(r.body, "@introduceDomain");
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL), "T");
	assert_int_equal(f->page->server_features & XENSTORE_SERVER_FEATURE_ERROR,
			 XENSTORE_SERVER_FEATURE_ERROR);

	len = wire_args(buf, "name", NULL);
	memcpy(buf + len, "guest7", 6);
	guest_send(f, XS_WRITE, buf, len + 6);
	guest_recv(f, &r);
	assert_int_equal(r.type, XS_WRITE);
	assert_string_equal(r.body, "OK");
	assert_int_equal(r.req_id, 9);
	assert_true(inproc_transport_guest_take(f->t, GUEST) > 0);
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/local/domain/7/name", NULL), "guest7");

	/* Many requests: the indices wrap around the ring many times. */
	for (int i = 0; i < 300; i++) {
		len = wire_args(buf, "name", NULL);
		guest_send(f, XS_READ, buf, len);
		guest_recv(f, &r);
		assert_string_equal(r.body, "guest7");
	}
	assert_true(f->page->req_prod > 4 * XENSTORE_RING_SIZE);

	/* A request larger than the ring goes in pieces. */
	len = wire_args(buf, "big", NULL);
	memset(buf + len, 'b', 1500);
	guest_send(f, XS_WRITE, buf, len + 1500);
	guest_recv(f, &r);
	assert_string_equal(r.body, "OK");
	xs_req(f->dom0, XS_READ, 0, "/local/domain/7/big", NULL);
	assert_int_equal(xs_last.len, 1500);

	/* Relative watch over the ring: the events come back relative. */
	len = wire_args(buf, "name", "tk", NULL);
	guest_send(f, XS_WATCH, buf, len);
	guest_recv(f, &r);
	assert_string_equal(r.body, "OK");
	guest_recv(f, &r);
	assert_int_equal(r.type, XS_WATCH_EVENT);
	assert_string_equal(r.body, "name");
	do_write(f->dom0, 0, "/local/domain/7/name", "renamed");
	guest_recv(f, &r);
	assert_int_equal(r.type, XS_WATCH_EVENT);
	assert_string_equal(r.body, "name");
	assert_string_equal(r.body + 5, "tk");

	/* Release: the ring is let go, @releaseDomain fires. */
	assert_string_equal(xs_req(watcher, XS_WATCH, 0, "@releaseDomain", "r", NULL), "OK");
	next_message(watcher, &r);
	assert_string_equal(xs_req(f->dom0, XS_RELEASE, 0, "7", NULL), "OK");
	assert_int_equal(next_message(watcher, &r), 0);
	assert_string_equal(r.body, "@releaseDomain");
	assert_false(inproc_transport_bound(f->t, GUEST));
	assert_false(inproc_transport_mapped(f->t, GUEST));
	xsd_reap(f->xsd);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL), "F");
	memconn_free(watcher);
}

/*
 * The daemon must survive a guest that scribbles over its indices or sends garbage, and
 * drop only that guest. A valid request is queued first so that replies are attempted too.
 */
static void hostile(struct fixture *f, void (*vandalise)(struct xenstore_domain_interface *r))
{
	char buf[64];
	uint32_t len = wire_args(buf + sizeof(struct xsd_sockmsg), "name", NULL);
	struct xsd_sockmsg h = {.type = XS_READ, .len = len};

	memset(f->page, 0, 4096);
	introduce(f);
	memcpy(buf, &h, sizeof(h));
	guest_put(f->page, buf, (uint32_t)sizeof(h) + len);
	vandalise(f->page);
	inproc_transport_guest_kick(f->t, GUEST);
	xsd_service_rings(f->xsd);
	xsd_reap(f->xsd);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL), "F");
	assert_false(inproc_transport_bound(f->t, GUEST));
	assert_string_equal(do_write(f->dom0, 0, "/alive", "yes"), "OK");
}

static void bad_req_prod(struct xenstore_domain_interface *r)
{
	r->req_prod = r->req_cons + XENSTORE_RING_SIZE + 1;
}

static void bad_req_cons(struct xenstore_domain_interface *r)
{
	r->req_cons = 0xfffff000u;
	r->req_prod = 0x10u;
}

static void bad_rsp_cons(struct xenstore_domain_interface *r)
{
	r->rsp_cons = r->rsp_prod + 4096;
}

static void huge_header(struct xenstore_domain_interface *r)
{
	struct xsd_sockmsg h = {.type = XS_READ, .len = 0x7fffffff};

	memcpy(r->req, &h, sizeof(h));
}

static void test_hostile_indices(void **state)
{
	struct fixture *f = *state;

	hostile(f, bad_req_prod);
	assert_int_equal(f->page->error, XENSTORE_ERROR_RINGIDX);
	hostile(f, bad_req_cons);
	assert_int_equal(f->page->error, XENSTORE_ERROR_RINGIDX);
	hostile(f, bad_rsp_cons);
	assert_int_equal(f->page->error, XENSTORE_ERROR_RINGIDX);
	hostile(f, huge_header);
}

static void test_unknown_frame(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "7", "1", "3", NULL), "EINVAL");
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "8", "4660", "3", NULL), "EINVAL");
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "65520", "4660", "3", NULL), "EINVAL");
	introduce(f);
	/* Introducing again rebinds the event channel (Xen's behaviour). */
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "7", "4660", "4", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_SET_TARGET, 0, "7", "9", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_RESUME, 0, "7", NULL), "OK");
	xsd_domain_gone(f->xsd, GUEST);
	xsd_reap(f->xsd);
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL), "F");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_requests_over_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_indices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_frame, setup, teardown),
	};

	return cmocka_run_group_tests_name("xenstored guest rings", tests, NULL, NULL);
}
