// SPDX-License-Identifier: MIT
/* Event channel round trips between dom0 userspace (/dev/xen/evtchn) and the peer guest. */
#include <errno.h>
#include <inttypes.h>
#include "dom0_test.h"
#include "evtchn_dev.h"
#include "privcmd.h"

/* Xen marks a newly bound port pending; the event shows up at once, or not at all. */
#define BIND_EVENT_WAIT_MS 2000
#define BASELINE_CALLS	   2000

bool peer_round_trip(struct dom0_test *t, struct outcome *o, const char *what)
{
	uint32_t port = 0;
	long rc = evtchn_dev_notify(t->evtchn, t->local_port);

	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "IOCTL_EVTCHN_NOTIFY on port %u (%s)",
					  t->local_port, what);
	t->notified++;
	rc = evtchn_dev_wait(t->evtchn, (int)t->opt->timeout_ms, &port);
	if (rc == -ETIMEDOUT)
		return outcome_fail(o,
				    "no answer from d%u within %u ms (%s; %" PRIu64 " events sent)",
				    t->opt->peer_domid, t->opt->timeout_ms, what, t->notified);
	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "waiting for d%u's answer (%s)",
					  t->opt->peer_domid, what);
	if (port != t->local_port)
		return outcome_fail(o, "read port %u from the evtchn device, expected %u (%s)",
				    port, t->local_port, what);
	rc = evtchn_dev_unmask(t->evtchn, port);
	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "unmasking port %u by write() (%s)", port,
					  what);
	return true;
}

/* Consumes the event that binding leaves pending, as Xen does and its clients expect. */
static bool take_bind_event(struct dom0_test *t, struct outcome *o)
{
	uint32_t port = 0;
	long rc = evtchn_dev_wait(t->evtchn, BIND_EVENT_WAIT_MS, &port);

	if (rc == -ETIMEDOUT)
		return outcome_fail(o,
				    "no event on port %u within %d ms of binding it (Xen marks a "
				    "port pending when bind_interdomain binds it)",
				    t->local_port, BIND_EVENT_WAIT_MS);
	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "waiting for the event of the bind");
	if (port != t->local_port)
		return outcome_fail(o, "the first event came on port %u, not on the new port %u",
				    port, t->local_port);
	rc = evtchn_dev_unmask(t->evtchn, port);
	if (rc < 0)
		return outcome_fail_errno(o, (int)-rc, "unmasking port %u by write()", port);
	return true;
}

static uint64_t per_second(uint64_t count, uint64_t ns)
{
	return ns ? count * 1000000000ULL / ns : 0;
}

/* privcmd xen_version calls per second: what one trip into the hypervisor and back costs. */
static uint64_t hypercall_rate(struct dom0_test *t)
{
	uint64_t t0 = now_ns();

	for (unsigned int i = 0; i < BASELINE_CALLS; i++)
		if (privcmd_xen_version(t->privcmd) != (long)t->xen_version)
			return 0;
	return per_second(BASELINE_CALLS, now_ns() - t0);
}

static void print_bench(struct dom0_test *t, uint64_t rounds, uint64_t ns)
{
	uint64_t rate = per_second(rounds, ns), base = hypercall_rate(t);

	printf("dom0-test: bench: dom0 userspace <-> d%u event round trips: %" PRIu64 "/s (%" PRIu64
	       " us each, %" PRIu64 " rounds)\n",
	       t->opt->peer_domid, rate, rounds ? ns / rounds / 1000 : 0, rounds);
	printf("dom0-test: bench: privcmd xen_version from dom0 userspace (baseline): %" PRIu64
	       " calls/s; one round trip costs %.1f of them\n",
	       base, rate ? (double)base / (double)rate : 0.0);
	fflush(stdout);
}

bool check_pingpong(struct dom0_test *t, struct outcome *o)
{
	uint64_t rounds = t->opt->rounds, done = 0, t0, ns;
	long local = evtchn_dev_bind_interdomain(t->evtchn, t->opt->peer_domid, t->peer_port);

	if (local < 0)
		return outcome_fail_errno(o, (int)-local,
					  "IOCTL_EVTCHN_BIND_INTERDOMAIN to d%u port %u",
					  t->opt->peer_domid, t->peer_port);
	t->local_port = (uint32_t)local;
	outcome_note(o, "bound local port %ld to d%u port %u", local, t->opt->peer_domid,
		     t->peer_port);
	/* A missing bind event is a failure, but the round trips still tell something. */
	take_bind_event(t, o);

	t0 = now_ns();
	while (done < rounds && peer_round_trip(t, o, "ping-pong"))
		done++;
	ns = now_ns() - t0;
	if (done != rounds)
		return outcome_fail(o, "%" PRIu64 " of %" PRIu64 " round trips", done, rounds);
	outcome_note(o, "%" PRIu64 " round trips, %" PRIu64 " per second, %" PRIu64 " us each",
		     done, per_second(done, ns), ns / done / 1000);
	if (t->opt->bench && t->xen_version)
		print_bench(t, done, ns);
	return !o->failed;
}
