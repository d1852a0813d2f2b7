// SPDX-License-Identifier: MIT
#include <lamina/errno.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/pvclock.h>
#include <guest/string.h>
#include <guest/xenstore.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

/* Each SCHEDOP_poll sleeps at most this long, so a lost signal only costs a re-check. */
#define POLL_STEP_NS (10 * NS_PER_MS)
#define EVENT_QUEUE  8

struct queued_event {
	char path[256];
	char token[64];
};

static volatile struct xenstore_domain_interface *ring;
static uint64_t ring_pfn;
static uint32_t ring_port;
static uint32_t next_req_id = 1;
static uint64_t call_timeout_ns = 120000 * NS_PER_MS;
static struct queued_event events[EVENT_QUEUE];
static unsigned int events_head, events_count;
static char message[XENSTORE_PAYLOAD_MAX + 1];

static long get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
	long rc = hc_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return rc;
}

long xs_ring_init(void)
{
	uint64_t port = 0;
	long rc = get_param(HVM_PARAM_STORE_PFN, &ring_pfn);

	if (rc == 0)
		rc = get_param(HVM_PARAM_STORE_EVTCHN, &port);
	if (rc < 0)
		return rc;
	ring_port = (uint32_t)port;
	/* The test guests map guest-physical memory 1:1 below 4 GiB. */
	ring = ring_pfn && ring_pfn < (1ULL << 20) ? (void *)(uintptr_t)(ring_pfn << 12) : NULL;
	return 0;
}

uint64_t xs_ring_pfn(void)
{
	return ring_pfn;
}

uint32_t xs_ring_port(void)
{
	return ring_port;
}

struct xenstore_domain_interface *xs_ring_page(void)
{
	return (struct xenstore_domain_interface *)ring;
}

void xs_ring_set_timeout(uint64_t ns)
{
	call_timeout_ns = ns;
}

static void notify(void)
{
	evtchn_send(ring_port);
}

/* Sleeps until the daemon signals (or a short step passes); false once past the deadline. */
static bool wait_signal(uint64_t deadline)
{
	uint64_t now = pvclock_now();

	if (now >= deadline)
		return false;
	if (!evtchn_test_and_clear_pending(ring_port)) {
		sched_poll(&ring_port, 1,
			   now + POLL_STEP_NS < deadline ? now + POLL_STEP_NS : deadline);
		evtchn_test_and_clear_pending(ring_port);
	}
	return true;
}

static long send_bytes(const char *data, uint32_t len, uint64_t deadline)
{
	while (len) {
		uint32_t cons = __atomic_load_n(&ring->req_cons, __ATOMIC_ACQUIRE);
		uint32_t prod = ring->req_prod;
		uint32_t space = XENSTORE_RING_SIZE - (prod - cons), n = 0;

		if (prod - cons > XENSTORE_RING_SIZE)
			return -EIO; /* the daemon's index is impossible */
		for (; n < space && n < len; n++)
			ring->req[MASK_XENSTORE_IDX(prod + n)] = data[n];
		if (n) {
			__atomic_store_n(&ring->req_prod, prod + n, __ATOMIC_RELEASE);
			notify();
			data += n;
			len -= n;
		} else if (!wait_signal(deadline)) {
			return -ETIMEDOUT;
		}
	}
	return 0;
}

static long recv_bytes(char *data, uint32_t len, uint64_t deadline)
{
	while (len) {
		uint32_t prod = __atomic_load_n(&ring->rsp_prod, __ATOMIC_ACQUIRE);
		uint32_t cons = ring->rsp_cons, n = 0;

		if (prod - cons > XENSTORE_RING_SIZE)
			return -EIO;
		for (; n < prod - cons && n < len; n++)
			data[n] = ring->rsp[MASK_XENSTORE_IDX(cons + n)];
		if (n) {
			__atomic_store_n(&ring->rsp_cons, cons + n, __ATOMIC_RELEASE);
			notify();
			data += n;
			len -= n;
		} else if (!wait_signal(deadline)) {
			return -ETIMEDOUT;
		}
	}
	return 0;
}

/* The next message from the daemon into `message`; its header in *hdr. */
static long recv_message(struct xsd_sockmsg *hdr, uint64_t deadline)
{
	long rc = recv_bytes((char *)hdr, sizeof(*hdr), deadline);

	if (rc < 0)
		return rc;
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -EIO;
	rc = recv_bytes(message, hdr->len, deadline);
	message[rc < 0 ? 0 : hdr->len] = '\0';
	return rc;
}

/* A watch event's payload is "path\0token\0". */
static void queue_event(uint32_t len)
{
	struct queued_event *e;
	uint32_t path_len = (uint32_t)strnlen(message, len);

	if (events_count == EVENT_QUEUE || path_len + 1 >= len)
		return;
	e = &events[(events_head + events_count++) % EVENT_QUEUE];
	snprintf(e->path, sizeof(e->path), "%s", message);
	snprintf(e->token, sizeof(e->token), "%s", message + path_len + 1);
}

static long error_value(const char *name)
{
	for (unsigned int i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (strcmp(xsd_errors[i].errstring, name) == 0)
			return -xsd_errors[i].errnum;
	return -EIO;
}

long xs_ring_call(uint32_t type, const char *payload, uint32_t len, char *reply, uint32_t size,
		  uint32_t *reply_len)
{
	struct xsd_sockmsg hdr = {.type = type, .req_id = next_req_id++, .len = len};
	uint64_t deadline = pvclock_now() + call_timeout_ns;
	long rc;

	if (!ring)
		return -ENODEV;
	rc = send_bytes((const char *)&hdr, sizeof(hdr), deadline);
	if (rc == 0)
		rc = send_bytes(payload, len, deadline);
	while (rc == 0) {
		struct xsd_sockmsg in;

		rc = recv_message(&in, deadline);
		if (rc < 0)
			break;
		if (in.type == XS_WATCH_EVENT) {
			queue_event(in.len);
			continue;
		}
		if (in.req_id != hdr.req_id)
			return -EIO;
		if (in.type == XS_ERROR)
			return error_value(message);
		if (in.type != type)
			return -EIO;
		if (reply && size)
			snprintf(reply, size, "%.*s", (int)in.len, message);
		if (reply_len)
			*reply_len = in.len;
		return 0;
	}
	return rc;
}

/* Joins up to two strings with their terminating nuls. */
static uint32_t join(char *buf, uint32_t size, const char *a, const char *b, bool b_nul)
{
	uint32_t la = (uint32_t)strlen(a) + 1, lb = b ? (uint32_t)strlen(b) + b_nul : 0;

	if (la + lb > size)
		return 0;
	memcpy(buf, a, la);
	if (b)
		memcpy(buf + la, b, lb);
	return la + lb;
}

static char request[XENSTORE_PAYLOAD_MAX];

long xs_ring_read(const char *path, char *value, uint32_t size)
{
	uint32_t len = join(request, sizeof(request), path, NULL, false);

	return len ? xs_ring_call(XS_READ, request, len, value, size, NULL) : -E2BIG;
}

/* WRITE's value is the rest of the payload, without a terminating nul. */
long xs_ring_write(const char *path, const char *value)
{
	uint32_t len = join(request, sizeof(request), path, value, false);

	return len ? xs_ring_call(XS_WRITE, request, len, NULL, 0, NULL) : -E2BIG;
}

long xs_ring_directory(const char *path, char *list, uint32_t size, uint32_t *count)
{
	uint32_t len = join(request, sizeof(request), path, NULL, false), got = 0;
	long rc = len ? xs_ring_call(XS_DIRECTORY, request, len, NULL, 0, &got) : -E2BIG;

	if (rc < 0)
		return rc;
	if (got > size)
		return -E2BIG;
	/* The reply is still in `message`, with the nuls that separate the names. */
	memcpy(list, message, got);
	*count = 0;
	for (uint32_t i = 0; i < got; i++)
		*count += message[i] == '\0';
	return 0;
}

long xs_ring_watch(const char *path, const char *token)
{
	uint32_t len = join(request, sizeof(request), path, token, true);

	return len ? xs_ring_call(XS_WATCH, request, len, NULL, 0, NULL) : -E2BIG;
}

long xs_ring_next_event(char *path, uint32_t path_size, char *token, uint32_t token_size,
			uint64_t timeout_ns)
{
	uint64_t deadline = pvclock_now() + timeout_ns;

	while (!events_count) {
		struct xsd_sockmsg in;
		long rc = recv_message(&in, deadline);

		if (rc < 0)
			return rc;
		if (in.type != XS_WATCH_EVENT)
			return -EIO; /* no request is outstanding */
		queue_event(in.len);
	}
	snprintf(path, path_size, "%s", events[events_head].path);
	snprintf(token, token_size, "%s", events[events_head].token);
	events_head = (events_head + 1) % EVENT_QUEUE;
	events_count--;
	return 0;
}
