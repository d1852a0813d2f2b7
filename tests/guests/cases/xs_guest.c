// SPDX-License-Identifier: MIT
/*
 * A guest's xenstore connection, as a Xen guest kernel finds it. Command line:
 *   domid=N mode=none|layout|full|dom0 [peer=P]
 * none:   no dom0 serves xenstore in this configuration: HVM_PARAM_STORE_PFN/STORE_EVTCHN are 0.
 * layout: what the domain builder prepared, before anyone connected: the ring page in the
 *         memory map's reserved area and zeroed, grant entry GNTTAB_RESERVED_XENSTORE granting
 *         exactly that frame to dom0, the store port unbound and reserved for dom0.
 * full:   the layout (the daemon may already have connected), then xenstored in dom0 over the
 *         ring: keys the toolstack wrote, GET_DOMAIN_PATH, write/read under data/, a directory,
 *         a watch firing on set and again when dom0 writes the key (the guest announces it
 *         waits with data/waiting = 1), and EACCES for dom0's private nodes. It ends writing
 *         data/done = ok, which dom0's side of the test waits for.
 * dom0:   run as a PVH initial domain beside domain P in layout mode: what the toolstack in
 *         dom0 sees of P (its store parameters, its ring mapped by grant ref
 *         GNTTAB_RESERVED_XENSTORE), then it stays up until P is gone, since the machine
 *         powers off with the initial domain.
 * The layout and dom0 modes take turns so that neither sees the other's traces: the domain
 * in layout mode opens HANDSHAKE_PORT for dom0 once its checks are done, and dom0 binds it and
 * signals once its own checks are done.
 */
#include <guest/boot.h>
#include <guest/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/layout.h>
#include <guest/pvclock.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/xenstore.h>
#include <lamina/errno.h>
#include <public/grant_table.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>

const char test_name[] = "xs_guest";

#define WAIT_NS		(180000 * NS_PER_MS) /* dom0 boots under TCG meanwhile */
#define GRANT_TABLE_GFN (UNBACKED_GPA / PAGE_SIZE_4K)
#define XENSTORE_DOMID	0
#define GTF_TYPE_MASK	3U
#define HANDSHAKE_PORT	2 /* the next free port after the store's */
#define HANDSHAKE_NS	(60000 * NS_PER_MS)

static uint64_t self;

static bool in_reserved_area(uint64_t addr)
{
	const struct hvm_memmap_table_entry *map = boot_memmap();

	for (uint32_t i = 0; map && i < boot_memmap_entries(); i++)
		if (addr >= map[i].addr && addr + PAGE_SIZE_4K <= map[i].addr + map[i].size)
			return map[i].type == XEN_HVM_MEMMAP_TYPE_RESERVED;
	return false;
}

static bool page_is_zero(const volatile uint8_t *p)
{
	for (unsigned int i = 0; i < PAGE_SIZE_4K; i++)
		if (p[i])
			return false;
	return true;
}

static void check_grant_entry(uint64_t pfn)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_grant_table,
		.idx = 0,
		.gpfn = GRANT_TABLE_GFN,
	};
	volatile struct grant_entry_v1 *table = (void *)UNBACKED_VA;

	EXPECT_RC(hc_memory_op(XENMEM_add_to_physmap, &xatp), 0);
	/* dom0 may hold it mapped already (GTF_reading/writing): only the type is ours. */
	EXPECT_HEX(table[GNTTAB_RESERVED_XENSTORE].flags & GTF_TYPE_MASK, GTF_permit_access);
	EXPECT_EQ(table[GNTTAB_RESERVED_XENSTORE].domid, XENSTORE_DOMID);
	EXPECT_HEX(table[GNTTAB_RESERVED_XENSTORE].frame, pfn);
	/* The console's reserved entry stays empty: nobody serves a console ring yet. */
	EXPECT_HEX(table[GNTTAB_RESERVED_CONSOLE].flags, 0);
}

static void check_port(uint32_t port, bool maybe_bound)
{
	struct evtchn_status st;

	EXPECT_RC(evtchn_status_of(DOMID_SELF, port, &st), 0);
	if (maybe_bound && st.status == EVTCHNSTAT_interdomain) {
		EXPECT_EQ(st.u.interdomain.dom, XENSTORE_DOMID);
		return;
	}
	EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
	EXPECT_EQ(st.u.unbound.dom, XENSTORE_DOMID);
}

static void check_layout(bool connected_maybe)
{
	uint64_t pfn = xs_ring_pfn();
	uint32_t port = xs_ring_port();

	printf("store pfn %#llx, port %u\n", (unsigned long long)pfn, port);
	EXPECT_TRUE(pfn != 0);
	EXPECT_TRUE(port != 0);
	if (!pfn || !port)
		return;
	EXPECT_TRUE(in_reserved_area(pfn << 12));
	EXPECT_TRUE(!memmap_is_ram(pfn << 12, PAGE_SIZE_4K));
	if (!connected_maybe)
		EXPECT_TRUE(page_is_zero((const volatile uint8_t *)xs_ring_page()));
	check_grant_entry(pfn);
	check_port(port, connected_maybe);
}

static void expect_value(const char *path, const char *want)
{
	char value[256];
	long rc = xs_ring_read(path, value, sizeof(value));

	EXPECT_RC(rc, 0);
	if (rc == 0)
		check_str(__FILE__, __LINE__, path, value, want);
}

static void check_store(void)
{
	char buf[512], home[64], path[256], token[64], id[16];
	uint32_t n = 0;
	struct xenstore_domain_interface *r = xs_ring_page();

	snprintf(id, sizeof(id), "%llu", (unsigned long long)self);
	snprintf(home, sizeof(home), "/local/domain/%llu", (unsigned long long)self);
	xs_ring_set_timeout(WAIT_NS);
	/* The first request waits until dom0 introduced us. */
	expect_value("domid", id);
	EXPECT_TRUE(r->server_features & XENSTORE_SERVER_FEATURE_ERROR);
	EXPECT_EQ(r->connection, XENSTORE_CONNECTED);
	if (xs_ring_read("name", buf, sizeof(buf)) == 0)
		printf("my name in xenstore: %s\n", buf);
	EXPECT_RC(xs_ring_call(XS_GET_DOMAIN_PATH, id, (uint32_t)strlen(id) + 1, buf, sizeof(buf),
			       NULL),
		  0);
	EXPECT_STR(buf, home);

	EXPECT_RC(xs_ring_write("data/greeting", "hello from xs_guest"), 0);
	expect_value("data/greeting", "hello from xs_guest");
	snprintf(path, sizeof(path), "%s/data/greeting", home);
	expect_value(path, "hello from xs_guest");

	EXPECT_RC(xs_ring_write("data/list/a", "1"), 0);
	EXPECT_RC(xs_ring_write("data/list/b", "2"), 0);
	EXPECT_RC(xs_ring_directory("data/list", buf, sizeof(buf), &n), 0);
	EXPECT_EQ(n, 2);
	if (n == 2) {
		EXPECT_STR(buf, "a");
		EXPECT_STR(buf + strlen(buf) + 1, "b");
	}

	/* Other domains' nodes: dom0's home is private. */
	EXPECT_RC(xs_ring_read("/local/domain/0/name", buf, sizeof(buf)), -EACCES);
	EXPECT_RC(xs_ring_write("/local/domain/0/intruder", "x"), -EACCES);
	EXPECT_RC(xs_ring_directory("/local/domain/0", buf, sizeof(buf), &n), -EACCES);
	/* Our home itself is dom0's: readable, not writable. */
	EXPECT_RC(xs_ring_write("scribble", "x"), -EACCES);

	/* A watch fires once when set, with the path as given (relative). */
	EXPECT_RC(xs_ring_watch("data/trigger", "trig"), 0);
	EXPECT_RC(xs_ring_next_event(path, sizeof(path), token, sizeof(token), WAIT_NS), 0);
	EXPECT_STR(path, "data/trigger");
	EXPECT_STR(token, "trig");
	printf("waiting for dom0 to write %s/data/trigger\n", home);
	EXPECT_RC(xs_ring_write("data/waiting", "1"), 0);
	EXPECT_RC(xs_ring_next_event(path, sizeof(path), token, sizeof(token), WAIT_NS), 0);
	EXPECT_STR(path, "data/trigger");
	EXPECT_STR(token, "trig");
	expect_value("data/trigger", "from-dom0");
	EXPECT_EQ(r->error, XENSTORE_ERROR_NONE);
	EXPECT_RC(xs_ring_write("data/done", "ok"), 0);
}

static long get_param_of(domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = domid, .index = index};
	long rc = hc_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return rc;
}

static long gnttab_op(unsigned int cmd, void *uop)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, (unsigned long)uop, 1, 0, 0);
}

/* What xenstored and the toolstack in dom0 rely on, checked from a PVH dom0. */
/* Layout mode, after the checks: tell dom0 and wait for its turn to end. */
static void handshake_with_dom0(void)
{
	evtchn_port_t port = 0;
	uint64_t deadline = pvclock_now() + HANDSHAKE_NS;

	EXPECT_RC(evtchn_alloc_unbound(DOMID_SELF, XENSTORE_DOMID, &port), 0);
	EXPECT_EQ(port, HANDSHAKE_PORT);
	while (!evtchn_is_pending(port) && pvclock_now() < deadline)
		sched_poll(&port, 1, deadline);
	EXPECT_TRUE(evtchn_is_pending(port));
}

/* dom0 mode: wait for the peer's checks to be done (its handshake port open for us). */
static void wait_for_peer_turn(domid_t peer)
{
	uint64_t deadline = pvclock_now() + HANDSHAKE_NS;
	struct evtchn_status st = {0};

	while (pvclock_now() < deadline) {
		if (evtchn_status_of(peer, HANDSHAKE_PORT, &st) == 0 &&
		    st.status == EVTCHNSTAT_unbound)
			break;
		sched_yield();
	}
	EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
}

static void check_as_dom0(domid_t peer)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = UNBACKED_GPA + PAGE_SIZE_4K,
		.flags = GNTMAP_host_map,
		.ref = GNTTAB_RESERVED_XENSTORE,
		.dom = peer,
	};
	struct gnttab_unmap_grant_ref unmap = {.host_addr = map.host_addr};
	uint64_t pfn = 0, port = 0, deadline;
	evtchn_port_t local = 0;
	long rc;

	wait_for_peer_turn(peer);
	EXPECT_HEX(xs_ring_pfn(), 0); /* dom0 serves xenstore: it has no ring of its own */
	EXPECT_RC(get_param_of(peer, HVM_PARAM_STORE_PFN, &pfn), 0);
	EXPECT_RC(get_param_of(peer, HVM_PARAM_STORE_EVTCHN, &port), 0);
	printf("d%u: store pfn %#llx, port %llu\n", peer, (unsigned long long)pfn,
	       (unsigned long long)port);
	EXPECT_TRUE(pfn != 0 && port != 0);
	EXPECT_RC(gnttab_op(GNTTABOP_map_grant_ref, &map), 0);
	EXPECT_EQ(map.status, GNTST_okay);
	if (map.status == GNTST_okay) {
		EXPECT_TRUE(page_is_zero((const volatile uint8_t *)(UNBACKED_VA + PAGE_SIZE_4K)));
		unmap.handle = map.handle;
		EXPECT_RC(gnttab_op(GNTTABOP_unmap_grant_ref, &unmap), 0);
		EXPECT_EQ(unmap.status, GNTST_okay);
	}
	/* The peer's turn again: it finishes and goes. */
	EXPECT_RC(evtchn_bind_interdomain(peer, HANDSHAKE_PORT, &local), 0);
	EXPECT_RC(evtchn_send(local), 0);
	deadline = pvclock_now() + HANDSHAKE_NS;
	do {
		rc = get_param_of(peer, HVM_PARAM_STORE_PFN, &pfn);
		if (rc == 0)
			sched_yield();
	} while (rc == 0 && pvclock_now() < deadline);
	EXPECT_RC(rc, -ESRCH);
}

void test_main(void)
{
	const char *cmdline = boot_cmdline();

	if (!boot_arg_number("domid", &self)) {
		FAIL("no domid= on the command line");
		return;
	}
	EXPECT_RC(shared_info_map(), 0);
	EXPECT_RC(xs_ring_init(), 0);
	if (strstr(cmdline, "mode=none")) {
		EXPECT_HEX(xs_ring_pfn(), 0);
		EXPECT_EQ(xs_ring_port(), 0);
	} else if (strstr(cmdline, "mode=layout")) {
		check_layout(false);
		handshake_with_dom0();
	} else if (strstr(cmdline, "mode=dom0")) {
		uint64_t peer = 0;

		if (!boot_arg_number("peer", &peer))
			FAIL("mode=dom0 needs peer=P");
		else
			check_as_dom0((domid_t)peer);
	} else if (strstr(cmdline, "mode=full")) {
		check_layout(true);
		if (xs_ring_page())
			check_store();
	} else {
		FAIL("no mode=none|layout|full on the command line '%s'", cmdline);
	}
}
