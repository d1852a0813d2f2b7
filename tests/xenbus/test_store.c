/* SPDX-License-Identifier: MIT */
/*
 * The daemon's store through its request path: tree operations, permissions, quotas,
 * transactions, watches and what happens to bad messages. Each test gets a fresh daemon
 * core and talks to it over in-memory connections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "conn.h"
#include "domain.h"
#include "log.h"
#include "xsd.h"
#include "xsd_client.h"

struct fixture {
	struct xsd *xsd;
	struct memconn *dom0;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	xsd_log_enable(getenv("XSD_TEST_LOG") != NULL);
	f->xsd = xsd_new(NULL);
	f->dom0 = memconn_new(f->xsd, 0, true);
	assert_non_null(f->xsd);
	assert_non_null(f->dom0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	memconn_free(f->dom0);
	xsd_free(f->xsd);
	free(f);
	return 0;
}

/* A domain's home owned by it, and a connection for it (unprivileged). */
static struct memconn *guest(struct fixture *f, uint32_t domid)
{
	char home[64], owner[16];

	snprintf(home, sizeof(home), "/local/domain/%u", domid);
	snprintf(owner, sizeof(owner), "n%u", domid);
	assert_string_equal(xs_req(f->dom0, XS_MKDIR, 0, home, NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_SET_PERMS, 0, home, owner, NULL), "OK");
	return memconn_new(f->xsd, domid, false);
}

static void set_quota(struct fixture *f, const char *name, const char *value)
{
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "quota", name, value, NULL), "OK");
}

static void test_write_read_directory(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(do_write(f->dom0, 0, "/a/b", "hello"), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/a/b", NULL), "hello");
	assert_int_equal(xs_last.type, XS_READ);
	assert_int_equal(xs_last.len, 5);
	/* Parents are created empty. */
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/a", NULL), "");
	assert_int_equal(xs_last.type, XS_READ);
	do_write(f->dom0, 0, "/a/c", "x");
	xs_req(f->dom0, XS_DIRECTORY, 0, "/a", NULL);
	assert_int_equal(xs_last.len, 4);
	assert_memory_equal(xs_last.body, "b\0c\0", 4);
	/* Overwrite, binary values, the request id echoed. */
	assert_string_equal(outcome(call(f->dom0, XS_WRITE, 0, "/a/b\0x\0y", 8)), "OK");
	xs_req(f->dom0, XS_READ, 0, "/a/b", NULL);
	assert_int_equal(xs_last.len, 3);
	assert_memory_equal(xs_last.body, "x\0y", 3);
	assert_int_equal(xs_last.req_id, 77);
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/nope", NULL), "ENOENT");
	assert_int_equal(xs_last.type, XS_ERROR);
}

static void test_mkdir_rm(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(xs_req(f->dom0, XS_MKDIR, 0, "/x/y/z", NULL), "OK");
	do_write(f->dom0, 0, "/x/y", "keep");
	assert_string_equal(xs_req(f->dom0, XS_MKDIR, 0, "/x/y", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/x/y", NULL), "keep");
	assert_string_equal(xs_req(f->dom0, XS_RM, 0, "/x", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/x/y/z", NULL), "ENOENT");
	xs_req(f->dom0, XS_DIRECTORY, 0, "/", NULL);
	assert_int_equal(xs_last.len, 0);
	/* Missing node with an existing parent: fine; missing parent: ENOENT. */
	assert_string_equal(xs_req(f->dom0, XS_RM, 0, "/gone", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_RM, 0, "/gone/child", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_RM, 0, "/", NULL), "EINVAL");
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "check", NULL), "OK 1 nodes");
}

static void test_invalid_paths(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {"//a", "/a/", "/a b", "", "/a//b", "/é", "/a.b"};
	char *long_path = malloc(XENSTORE_ABS_PATH_MAX + 2);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_equal(do_write(f->dom0, 0, bad[i], "v"), "EINVAL");
	long_path[0] = '/';
	memset(long_path + 1, 'p', XENSTORE_ABS_PATH_MAX);
	long_path[XENSTORE_ABS_PATH_MAX + 1] = '\0';
	assert_string_equal(xs_req(f->dom0, XS_MKDIR, 0, long_path, NULL), "EINVAL");
	long_path[XENSTORE_ABS_PATH_MAX] = '\0';
	assert_string_equal(xs_req(f->dom0, XS_MKDIR, 0, long_path, NULL), "OK");
	free(long_path);
	/* A WRITE without the nul after its path is malformed. */
	assert_string_equal(outcome(call(f->dom0, XS_WRITE, 0, "/abc", 4)), "EINVAL");
	assert_string_equal(outcome(call(f->dom0, XS_READ, 0, "/abc", 4)), "EINVAL");
}

static void test_permissions(void **state)
{
	struct fixture *f = *state;
	struct memconn *d5 = guest(f, 5), *d6 = guest(f, 6);

	/* Relative paths land in the domain's home, which it owns. */
	assert_string_equal(do_write(d5, 0, "data", "five"), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/local/domain/5/data", NULL), "five");
	assert_string_equal(xs_req(d5, XS_GET_PERMS, 0, "data", NULL), "n5");
	/* Others: no access, and not even the knowledge that a node is missing. */
	assert_string_equal(xs_req(d6, XS_READ, 0, "/local/domain/5/data", NULL), "EACCES");
	assert_string_equal(xs_req(d6, XS_READ, 0, "/local/domain/5/none", NULL), "EACCES");
	assert_string_equal(do_write(d6, 0, "/local/domain/5/x", "v"), "EACCES");
	assert_string_equal(xs_req(d6, XS_READ, 0, "/local/domain/6/none", NULL), "ENOENT");
	/* Grant read to 6. */
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "data", "n5", "r6", NULL), "OK");
	assert_string_equal(xs_req(d6, XS_READ, 0, "/local/domain/5/data", NULL), "five");
	assert_string_equal(do_write(d6, 0, "/local/domain/5/data", "six"), "EACCES");
	xs_req(f->dom0, XS_GET_PERMS, 0, "/local/domain/5/data", NULL);
	assert_int_equal(xs_last.len, 6);
	assert_memory_equal(xs_last.body, "n5\0r6\0", 6);
	/* 'b' for 6: it may write, and what it creates below is its own but inherits the rest. */
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "data", "r5", "b6", NULL), "OK");
	assert_string_equal(do_write(d6, 0, "/local/domain/5/data/sub", "s"), "OK");
	xs_req(f->dom0, XS_GET_PERMS, 0, "/local/domain/5/data/sub", NULL);
	assert_memory_equal(xs_last.body, "r6\0b6\0", 6);
	/* dom0's nodes inherit the parent's owner. */
	assert_string_equal(do_write(f->dom0, 0, "/local/domain/5/by0", "z"), "OK");
	assert_string_equal(xs_req(f->dom0, XS_GET_PERMS, 0, "/local/domain/5/by0", NULL), "n5");
	/* Only the owner changes permissions; it cannot give the node away. */
	assert_string_equal(xs_req(d6, XS_SET_PERMS, 0, "/local/domain/5/data", "b6", NULL),
			    "EACCES");
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "data", "n6", NULL), "EPERM");
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "data", "x5", NULL), "EINVAL");
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "data", "r70000", NULL), "EINVAL");
	/* Privileged requests. */
	assert_string_equal(xs_req(d5, XS_INTRODUCE, 0, "9", "1", "1", NULL), "EACCES");
	assert_string_equal(xs_req(d5, XS_CONTROL, 0, "help", NULL), "EACCES");
	assert_string_equal(xs_req(d5, XS_GET_DOMAIN_PATH, 0, "5", NULL), "/local/domain/5");
	memconn_free(d5);
	memconn_free(d6);
}

static void test_quotas(void **state)
{
	struct fixture *f = *state;
	struct memconn *d5 = guest(f, 5);
	char big[3000], name[32];

	/* Nodes: the home counts as one of 5's nodes. */
	set_quota(f, "nodes", "4");
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_string_equal(do_write(d5, 0, name, "v"), "OK");
	}
	assert_string_equal(do_write(d5, 0, "n3", "v"), "ENOSPC");
	assert_string_equal(xs_req(d5, XS_MKDIR, 0, "a/b", NULL), "ENOSPC");
	assert_string_equal(xs_req(d5, XS_RM, 0, "n0", NULL), "OK");
	assert_string_equal(do_write(d5, 0, "n3", "v"), "OK");
	/* dom0 is not bound. */
	assert_string_equal(do_write(f->dom0, 0, "/local/domain/5/dom0a", "v"), "OK");
	set_quota(f, "nodes", "1000");

	/* Node size. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_string_equal(do_write(d5, 0, "big", big), "ENOSPC");
	assert_string_equal(do_write(d5, 0, "n1", big), "ENOSPC");
	assert_string_equal(do_write(f->dom0, 0, "/local/domain/5/big", big), "OK");

	/* Permissions per node. */
	set_quota(f, "permissions", "2");
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "n1", "n5", "r1", "r2", NULL), "ENOSPC");
	assert_string_equal(xs_req(d5, XS_SET_PERMS, 0, "n1", "n5", "r1", NULL), "OK");

	/* Watches. */
	set_quota(f, "watches", "2");
	assert_string_equal(xs_req(d5, XS_WATCH, 0, "n1", "t1", NULL), "OK");
	next_message(d5, &xs_last); /* the initial event */
	assert_string_equal(xs_req(d5, XS_WATCH, 0, "n1", "t2", NULL), "OK");
	next_message(d5, &xs_last);
	assert_string_equal(xs_req(d5, XS_WATCH, 0, "n1", "t3", NULL), "E2BIG");

	/* Transactions. */
	set_quota(f, "transactions", "1");
	xs_req(d5, XS_TRANSACTION_START, 0, "", NULL);
	assert_int_equal(xs_last.type, XS_TRANSACTION_START);
	assert_string_equal(xs_req(d5, XS_TRANSACTION_START, 0, "", NULL), "ENOSPC");

	/* Path length of relative paths. */
	set_quota(f, "path-max", "8");
	assert_string_equal(do_write(d5, 0, "abcdefghij", "v"), "EINVAL");
	assert_string_equal(do_write(d5, 0, "abcdefgh", "v"), "OK");

	/* Unknown quota names and bad values are refused. */
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "quota", "bogus", "1", NULL), "EINVAL");
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "quota", "nodes", "x", NULL), "EINVAL");
	memconn_free(d5);
}

/* A domain that does not read its replies is not read either, past the outstanding quota. */
static void test_outstanding_quota(void **state)
{
	struct fixture *f = *state;
	struct memconn *d5 = guest(f, 5);
	char buf[32];
	uint32_t len = wire_args(buf, "/local/domain/5", NULL);
	int taken = 0, replies = 0;
	struct reply r;

	set_quota(f, "outstanding", "3");
	for (int i = 0; i < 10; i++)
		if (send_raw(d5, XS_READ, 0, buf, len) == sizeof(struct xsd_sockmsg) + len)
			taken++;
	assert_int_equal(taken, 3);
	while (next_message(d5, &r) == 0)
		replies++;
	assert_int_equal(replies, 3);
	assert_true(conn_can_read(d5->conn));
	memconn_free(d5);
}

static void test_transactions(void **state)
{
	struct fixture *f = *state;
	struct memconn *other = memconn_new(f->xsd, 0, true);
	uint32_t t1, t2;

	do_write(f->dom0, 0, "/c", "0");
	t1 = (uint32_t)atoi(xs_req(f->dom0, XS_TRANSACTION_START, 0, "", NULL));
	assert_true(t1 != 0);
	/* Isolation both ways. */
	assert_string_equal(do_write(f->dom0, t1, "/t/new", "in"), "OK");
	assert_int_equal(xs_last.tx_id, t1);
	assert_string_equal(xs_req(other, XS_READ, 0, "/t/new", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_READ, t1, "/t/new", NULL), "in");
	assert_string_equal(xs_req(f->dom0, XS_READ, t1, "/c", NULL), "0");
	do_write(other, 0, "/c", "changed");
	assert_string_equal(xs_req(f->dom0, XS_READ, t1, "/c", NULL), "0");
	/* /c changed after we read it: conflict, nothing installed. */
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, t1, "T", NULL), "EAGAIN");
	assert_string_equal(xs_req(other, XS_READ, 0, "/t/new", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, t1, "T", NULL), "ENOENT");

	/* Disjoint transactions both commit. */
	do_write(f->dom0, 0, "/p", "");
	do_write(f->dom0, 0, "/q", "");
	t1 = (uint32_t)atoi(xs_req(f->dom0, XS_TRANSACTION_START, 0, "", NULL));
	t2 = (uint32_t)atoi(xs_req(other, XS_TRANSACTION_START, 0, "", NULL));
	assert_true(t1 != t2);
	do_write(f->dom0, t1, "/p/v", "1");
	do_write(other, t2, "/q/v", "2");
	assert_string_equal(xs_req(other, XS_TRANSACTION_END, t2, "T", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, t1, "T", NULL), "OK");
	assert_string_equal(xs_req(other, XS_READ, 0, "/p/v", NULL), "1");
	assert_string_equal(xs_req(other, XS_READ, 0, "/q/v", NULL), "2");

	/* Both add a child to the same directory: the second to commit retries. */
	t1 = (uint32_t)atoi(xs_req(f->dom0, XS_TRANSACTION_START, 0, "", NULL));
	t2 = (uint32_t)atoi(xs_req(other, XS_TRANSACTION_START, 0, "", NULL));
	do_write(f->dom0, t1, "/p/a", "1");
	do_write(other, t2, "/p/b", "2");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, t1, "T", NULL), "OK");
	assert_string_equal(xs_req(other, XS_TRANSACTION_END, t2, "T", NULL), "EAGAIN");

	/* Abort; remove inside a transaction; a transaction's own tx_id rules. */
	t1 = (uint32_t)atoi(xs_req(f->dom0, XS_TRANSACTION_START, 0, "", NULL));
	assert_string_equal(xs_req(f->dom0, XS_RM, t1, "/p", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, t1, "/p/a", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_START, t1, "", NULL), "EBUSY");
	assert_string_equal(xs_req(other, XS_READ, t1, "/p", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, t1, "X", NULL), "EINVAL");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, t1, "F", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/p/a", NULL), "1");
	assert_string_equal(xs_req(f->dom0, XS_TRANSACTION_END, 0, "T", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "check", NULL), "OK 7 nodes");
	memconn_free(other);
}

/* Reads the next message, which must be a watch event (path, token). */
static void expect_event(struct memconn *m, const char *path, const char *token)
{
	struct reply r;

	assert_int_equal(next_message(m, &r), 0);
	assert_int_equal(r.type, XS_WATCH_EVENT);
	assert_string_equal(r.body, path);
	assert_string_equal(r.body + strlen(path) + 1, token);
	assert_int_equal(r.len, strlen(path) + strlen(token) + 2);
}

static void expect_quiet(struct memconn *m)
{
	struct reply r;

	assert_int_equal(next_message(m, &r), -1);
}

static void test_watches(void **state)
{
	struct fixture *f = *state;
	struct memconn *w = memconn_new(f->xsd, 0, true);
	uint32_t t;

	do_write(f->dom0, 0, "/w/deep/er", "1");
	assert_string_equal(xs_req(w, XS_WATCH, 0, "/w", "tok", NULL), "OK");
	expect_event(w, "/w", "tok"); /* fires once at once */
	assert_string_equal(xs_req(w, XS_WATCH, 0, "/w/deep/er", "leaf", NULL), "OK");
	expect_event(w, "/w/deep/er", "leaf");
	assert_string_equal(xs_req(w, XS_WATCH, 0, "/w", "tok", NULL), "EEXIST");
	/* Changes in order; siblings of the watched path do not fire. */
	do_write(f->dom0, 0, "/w/x", "1");
	do_write(f->dom0, 0, "/w/y", "2");
	do_write(f->dom0, 0, "/wz", "no");
	expect_event(w, "/w/x", "tok");
	expect_event(w, "/w/y", "tok");
	expect_quiet(w);
	/* Removal: the removed node's own watch hears its path, watches above the top path. */
	xs_req(f->dom0, XS_RM, 0, "/w/deep", NULL);
	expect_event(w, "/w/deep/er", "leaf");
	expect_event(w, "/w/deep", "tok");
	expect_quiet(w);
	/* Permission changes fire; transactions fire at commit only, and not on abort. */
	xs_req(f->dom0, XS_SET_PERMS, 0, "/w/x", "r3", NULL);
	expect_event(w, "/w/x", "tok");
	t = (uint32_t)atoi(xs_req(f->dom0, XS_TRANSACTION_START, 0, "", NULL));
	do_write(f->dom0, t, "/w/in-txn", "1");
	expect_quiet(w);
	xs_req(f->dom0, XS_TRANSACTION_END, t, "T", NULL);
	expect_event(w, "/w/in-txn", "tok");
	t = (uint32_t)atoi(xs_req(f->dom0, XS_TRANSACTION_START, 0, "", NULL));
	do_write(f->dom0, t, "/w/aborted", "1");
	xs_req(f->dom0, XS_TRANSACTION_END, t, "F", NULL);
	expect_quiet(w);
	/* Unwatch. */
	assert_string_equal(xs_req(w, XS_UNWATCH, 0, "/w", "tok", NULL), "OK");
	assert_string_equal(xs_req(w, XS_UNWATCH, 0, "/w", "tok", NULL), "ENOENT");
	do_write(f->dom0, 0, "/w/x", "again");
	expect_quiet(w);
	/* Special watches. */
	assert_string_equal(xs_req(w, XS_WATCH, 0, "@releaseDomain", "rel", NULL), "OK");
	expect_event(w, "@releaseDomain", "rel");
	assert_string_equal(xs_req(f->dom0, XS_GET_PERMS, 0, "@releaseDomain", NULL), "n0");
	/* RESET_WATCHES drops them all. */
	assert_string_equal(xs_req(w, XS_RESET_WATCHES, 0, "", NULL), "OK");
	assert_string_equal(xs_req(w, XS_UNWATCH, 0, "@releaseDomain", "rel", NULL), "ENOENT");
	memconn_free(w);
}

static void test_watch_relative_and_perms(void **state)
{
	struct fixture *f = *state;
	struct memconn *d5 = guest(f, 5), *d6 = guest(f, 6);

	do_write(f->dom0, 0, "/local/domain/5/device/vif", "");
	assert_string_equal(xs_req(d5, XS_WATCH, 0, "device", "rel", NULL), "OK");
	expect_event(d5, "device", "rel");
	assert_string_equal(xs_req(d6, XS_WATCH, 0, "/local/domain/5", "peek", NULL), "OK");
	expect_event(d6, "/local/domain/5", "peek");
	do_write(f->dom0, 0, "/local/domain/5/device/vif/0", "x");
	expect_event(d5, "device/vif/0", "rel");
	/* 6 cannot read 5's nodes, so it is not told about them. */
	expect_quiet(d6);
	/* Unprivileged domains do not see @introduceDomain unless allowed. */
	assert_string_equal(xs_req(d6, XS_WATCH, 0, "@introduceDomain", "i", NULL), "OK");
	expect_event(d6, "@introduceDomain", "i");
	assert_string_equal(xs_req(d6, XS_SET_PERMS, 0, "@introduceDomain", "r6", NULL), "EACCES");
	memconn_free(d5);
	memconn_free(d6);
}

static void test_directory_part(void **state)
{
	struct fixture *f = *state;
	char path[64], arg[16], *seen = calloc(1, 800);
	unsigned int off = 0, found = 0;
	char gen[32] = "";

	for (int i = 0; i < 800; i++) {
		snprintf(path, sizeof(path), "/many/child-number-%04d", i);
		do_write(f->dom0, 0, path, "");
	}
	assert_string_equal(xs_req(f->dom0, XS_DIRECTORY, 0, "/many", NULL), "E2BIG");
	for (;;) {
		const char *p, *end;

		snprintf(arg, sizeof(arg), "%u", off);
		xs_req(f->dom0, XS_DIRECTORY_PART, 0, "/many", arg, NULL);
		assert_int_equal(xs_last.type, XS_DIRECTORY_PART);
		assert_true(xs_last.len <= XENSTORE_PAYLOAD_MAX);
		if (gen[0])
			assert_string_equal(gen, xs_last.body);
		strcpy(gen, xs_last.body);
		p = xs_last.body + strlen(gen) + 1;
		end = xs_last.body + xs_last.len;
		while (p < end && *p) {
			int n = atoi(p + strlen("child-number-"));

			assert_false(seen[n]);
			seen[n] = 1;
			found++;
			off += (unsigned int)strlen(p) + 1;
			p += strlen(p) + 1;
		}
		if (p < end && *p == '\0')
			break; /* the empty name ends the list */
	}
	assert_int_equal(found, 800);
	assert_string_equal(xs_req(f->dom0, XS_DIRECTORY_PART, 0, "/many", "3", NULL), "EINVAL");
	free(seen);
}

static void test_malformed_messages(void **state)
{
	struct fixture *f = *state;
	struct memconn *bad = memconn_new(f->xsd, 0, true);
	struct xsd_sockmsg h = {.type = XS_READ, .len = XENSTORE_PAYLOAD_MAX + 1};

	/* Unknown and removed types get EINVAL; the connection lives. */
	assert_string_equal(xs_req(bad, 20, 0, "", NULL), "EINVAL");
	assert_string_equal(xs_req(bad, 999, 0, "", NULL), "EINVAL");
	assert_string_equal(xs_req(bad, XS_INVALID, 0, "", NULL), "EINVAL");
	assert_string_equal(xs_req(bad, XS_WATCH, 0, "/a", NULL), "EINVAL");
	assert_string_equal(xs_req(bad, XS_READ, 0, "/a", "/b", NULL), "EINVAL");
	assert_false(bad->conn->dead);
	/* An oversized payload ends the connection at the header. */
	assert_int_equal(conn_feed(bad->conn, &h, sizeof(h)), sizeof(h));
	assert_true(bad->conn->dead);
	assert_non_null(strstr(bad->conn->dead_reason, "4097-byte payload"));
	xsd_reap(f->xsd);
	assert_null(bad->conn);
	memconn_free(bad);
	/* So does a client pretending to be the daemon. */
	bad = memconn_new(f->xsd, 0, true);
	send_raw(bad, XS_WATCH_EVENT, 0, "/a\0t\0", 5);
	assert_true(bad->conn->dead);
	xsd_reap(f->xsd);
	memconn_free(bad);
	/* Everyone else carries on. */
	assert_string_equal(do_write(f->dom0, 0, "/still", "here"), "OK");
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/still", NULL), "here");
}

/* A message split at every byte boundary is the same message. */
static void test_fragmented_input(void **state)
{
	struct fixture *f = *state;
	char buf[64];
	struct xsd_sockmsg h = {.type = XS_WRITE, .req_id = 5};
	uint32_t len = wire_args(buf + sizeof(h), "/frag", NULL) + 3;
	struct reply r;

	memcpy(buf + sizeof(h) + len - 3, "abc", 3);
	h.len = len;
	memcpy(buf, &h, sizeof(h));
	for (uint32_t i = 0; i < sizeof(h) + len; i++)
		assert_int_equal(conn_feed(f->dom0->conn, buf + i, 1), 1);
	assert_int_equal(next_message(f->dom0, &r), 0);
	assert_string_equal(r.body, "OK");
	assert_int_equal(r.req_id, 5);
	assert_string_equal(xs_req(f->dom0, XS_READ, 0, "/frag", NULL), "abc");
}

static void test_domains_and_control(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL), "T");
	assert_string_equal(xs_req(f->dom0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL), "F");
	assert_string_equal(xs_req(f->dom0, XS_GET_DOMAIN_PATH, 0, "12", NULL), "/local/domain/12");
	assert_string_equal(xs_req(f->dom0, XS_GET_DOMAIN_PATH, 0, "x", NULL), "EINVAL");
	/* No guest transport in this daemon: introducing is refused, not faked. */
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "3", "100", "5", NULL), "ENOSYS");
	assert_string_equal(xs_req(f->dom0, XS_INTRODUCE, 0, "0", "100", "5", NULL), "EINVAL");
	assert_string_equal(xs_req(f->dom0, XS_RELEASE, 0, "3", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_RESUME, 0, "3", NULL), "ENOENT");
	assert_string_equal(xs_req(f->dom0, XS_SET_TARGET, 0, "3", "4", NULL), "ENOENT");
	xs_req(f->dom0, XS_CONTROL, 0, "quota", NULL);
	assert_non_null(strstr(xs_last.body, "nodes 1000\n"));
	assert_non_null(strstr(xs_last.body, "outstanding 20\n"));
	xs_req(f->dom0, XS_CONTROL, 0, "help", NULL);
	assert_non_null(strstr(xs_last.body, "quota"));
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "print", "hello", NULL), "OK");
	assert_string_equal(xs_req(f->dom0, XS_CONTROL, 0, "nonsense", NULL), "EINVAL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quotas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outstanding_quota, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_relative_and_perms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_part, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fragmented_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domains_and_control, setup, teardown),
	};

	return cmocka_run_group_tests_name("xenstored store", tests, NULL, NULL);
}
