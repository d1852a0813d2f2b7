/* SPDX-License-Identifier: MIT */
/*
 * The xenbus handshake helpers between a frontend and a backend, each with its own xs
 * handle, against a real xenstored (the daemon's loop in a thread, on a private socket).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <xenbus_state.h>
#include "log.h"
#include "server.h"

#define FE_DIR "/local/domain/1/device/vif/0"
#define BE_DIR "/local/domain/0/backend/vif/1/0"

struct fixture {
	char dir[64], socket[96];
	struct xsd *xsd;
	struct server *srv;
	pthread_t loop;
	volatile int stop;
	struct xs_handle *tool, *fe_xs, *be_xs;
	struct xenbus_dev fe, be;
};

static void *run_daemon(void *arg)
{
	struct fixture *f = arg;

	while (!f->stop)
		server_step(f->srv, 20);
	return NULL;
}

static void write_key(struct xs_handle *xs, const char *path, const char *value)
{
	assert_true(xs_write(xs, XBT_NULL, path, value, (unsigned int)strlen(value)));
}

/* What a toolstack writes before starting the two ends. */
static void create_device(struct xs_handle *xs)
{
	write_key(xs, FE_DIR "/backend", BE_DIR);
	write_key(xs, FE_DIR "/backend-id", "0");
	write_key(xs, FE_DIR "/state", "1");
	write_key(xs, BE_DIR "/frontend", FE_DIR);
	write_key(xs, BE_DIR "/frontend-id", "1");
	write_key(xs, BE_DIR "/state", "1");
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	xsd_log_enable(getenv("XSD_TEST_LOG") != NULL);
	strcpy(f->dir, "/tmp/xenbus-state-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->socket, sizeof(f->socket), "%s/socket", f->dir);
	f->xsd = xsd_new(NULL);
	f->srv = server_new(f->xsd, f->socket);
	assert_non_null(f->srv);
	assert_int_equal(pthread_create(&f->loop, NULL, run_daemon, f), 0);
	setenv("XENSTORED_PATH", f->socket, 1);
	f->tool = xs_open(0);
	f->fe_xs = xs_open(0);
	f->be_xs = xs_open(0);
	assert_non_null(f->tool);
	assert_non_null(f->fe_xs);
	assert_non_null(f->be_xs);
	create_device(f->tool);
	assert_int_equal(xenbus_dev_open(&f->fe, f->fe_xs, FE_DIR, XENBUS_FRONTEND), 0);
	assert_int_equal(xenbus_dev_open(&f->be, f->be_xs, BE_DIR, XENBUS_BACKEND), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	xenbus_dev_close(&f->fe);
	xenbus_dev_close(&f->be);
	xs_close(f->tool);
	xs_close(f->fe_xs);
	xs_close(f->be_xs);
	f->stop = 1;
	pthread_join(f->loop, NULL);
	server_free(f->srv);
	xsd_free(f->xsd);
	rmdir(f->dir);
	free(f);
	return 0;
}

struct frontend_run {
	struct fixture *f;
	int rc;
	unsigned long ring_ref_seen;
	int feature_sg, feature_absent;
};

/* The frontend's side of the handshake, in its own thread as a real driver would be. */
static void *frontend(void *arg)
{
	struct frontend_run *r = arg;
	struct xenbus_dev *d = &r->f->fe;
	enum xenbus_state s;

	r->rc = xenbus_wait_other_state(d, XENBUS_STATE_BIT(XenbusStateInitWait), 2000, &s);
	if (r->rc)
		return NULL;
	r->feature_sg = xenbus_read_feature(d, "feature-sg");
	r->feature_absent = xenbus_read_feature(d, "feature-nothing");
	if ((r->rc = xenbus_printf(d, "tx-ring-ref", "%u", 77)) ||
	    (r->rc = xenbus_switch_state(d, XenbusStateInitialised)))
		return NULL;
	r->rc = xenbus_wait_other_state(d, XENBUS_STATE_BIT(XenbusStateConnected), 2000, &s);
	if (!r->rc)
		r->rc = xenbus_switch_state(d, XenbusStateConnected);
	return NULL;
}

static void test_handshake(void **state)
{
	struct fixture *f = *state;
	struct frontend_run run = {.f = f};
	enum xenbus_state s;
	unsigned long ref;
	pthread_t t;

	assert_int_equal(f->fe.other_id, 0);
	assert_int_equal(f->be.other_id, 1);
	assert_string_equal(f->fe.other_dir, BE_DIR);
	pthread_create(&t, NULL, frontend, &run);
	assert_int_equal(xenbus_printf(&f->be, "feature-sg", "%d", 1), 0);
	assert_int_equal(xenbus_switch_state(&f->be, XenbusStateInitWait), 0);
	assert_int_equal(xenbus_wait_other_state(&f->be,
						 XENBUS_STATE_BIT(XenbusStateInitialised) |
							 XENBUS_STATE_BIT(XenbusStateConnected),
						 2000, &s),
			 0);
	assert_int_equal(xenbus_read_uint(&f->be, false, "tx-ring-ref", &ref), 0);
	assert_int_equal(ref, 77);
	assert_int_equal(xenbus_switch_state(&f->be, XenbusStateConnected), 0);
	pthread_join(t, NULL);
	assert_int_equal(run.rc, 0);
	assert_int_equal(run.feature_sg, 1);
	assert_int_equal(run.feature_absent, 0);
	assert_int_equal(xenbus_read_state(f->tool, FE_DIR), XenbusStateConnected);
	assert_int_equal(xenbus_read_state(f->tool, BE_DIR), XenbusStateConnected);
	assert_string_equal(xenbus_state_name(XenbusStateInitWait), "InitWait");
	assert_string_equal(xenbus_state_name(42), "Invalid");
}

static void test_timeout_and_close(void **state)
{
	struct fixture *f = *state;
	enum xenbus_state s;

	assert_int_equal(
		xenbus_wait_other_state(&f->fe, XENBUS_STATE_BIT(XenbusStateConnected), 100, &s),
		-ETIMEDOUT);
	assert_int_equal(s, XenbusStateInitialising);
	assert_non_null(strstr(f->fe.error, "still Initialising after 100 ms"));
	assert_int_equal(xenbus_switch_state(&f->be, XenbusStateClosing), 0);
	assert_int_equal(
		xenbus_wait_other_state(&f->fe, XENBUS_STATE_BIT(XenbusStateConnected), 1000, &s),
		-ECONNRESET);
	assert_int_equal(s, XenbusStateClosing);
	/* Once the toolstack removed the device, a late state change does not recreate it. */
	assert_true(xs_rm(f->tool, XBT_NULL, FE_DIR));
	assert_int_equal(xenbus_switch_state(&f->fe, XenbusStateClosed), -ENOENT);
	assert_null(xs_read(f->tool, XBT_NULL, FE_DIR "/state", NULL));
}

static void test_errors_and_bad_keys(void **state)
{
	struct fixture *f = *state;
	struct xenbus_dev broken;
	unsigned long v;
	char *e;

	write_key(f->tool, BE_DIR "/not-a-number", "12abc");
	assert_int_equal(xenbus_read_uint(&f->fe, false, "not-a-number", &v), -EINVAL);
	assert_non_null(strstr(f->fe.error, BE_DIR "/not-a-number"));
	assert_int_equal(xenbus_read_uint(&f->fe, false, "absent", &v), -ENOENT);
	assert_int_equal(xenbus_dev_error(&f->fe, ENOMEM, "allocating %d rings", 2), 0);
	e = xs_read(f->tool, XBT_NULL, FE_DIR "/error", NULL);
	assert_non_null(e);
	assert_string_equal(e, "12 allocating 2 rings");
	free(e);
	assert_int_equal(xenbus_clear_error(&f->fe), 0);
	assert_null(xs_read(f->tool, XBT_NULL, FE_DIR "/error", NULL));
	/* A device without its other end named. */
	write_key(f->tool, "/local/domain/2/device/vbd/1/state", "1");
	assert_int_equal(
		xenbus_dev_open(&broken, f->tool, "/local/domain/2/device/vbd/1", XENBUS_FRONTEND),
		-ENOENT);
	assert_non_null(strstr(broken.error, "vbd/1/backend"));
	xenbus_dev_close(&broken);
	write_key(f->tool, "/local/domain/2/device/vbd/1/backend", "relative/path");
	assert_int_equal(
		xenbus_dev_open(&broken, f->tool, "/local/domain/2/device/vbd/1", XENBUS_FRONTEND),
		-EINVAL);
	xenbus_dev_close(&broken);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_and_bad_keys, setup, teardown),
	};

	return cmocka_run_group_tests_name("xenbus state helpers", tests, NULL, NULL);
}
