/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "transport_inproc.h"

#define INPROC_SLOTS 64

struct inproc_slot {
	int used;
	uint32_t domid;
	uint64_t mfn;
	struct xenstore_domain_interface *page;
	int mapped;
	int bound;
	unsigned int guest_signals;
};

struct inproc_transport {
	struct xs_transport base;
	int efd;
	struct inproc_slot slot[INPROC_SLOTS];
};

static struct inproc_transport *of(struct xs_transport *t)
{
	return (struct inproc_transport *)t;
}

static struct inproc_slot *find(struct inproc_transport *t, uint32_t domid)
{
	for (int i = 0; i < INPROC_SLOTS; i++)
		if (t->slot[i].used && t->slot[i].domid == domid)
			return &t->slot[i];
	return NULL;
}

static struct xenstore_domain_interface *inproc_map(struct xs_transport *bt, uint32_t domid,
						    uint64_t mfn)
{
	struct inproc_slot *s = find(of(bt), domid);

	if (!s || s->mfn != mfn) {
		errno = EFAULT;
		return NULL;
	}
	s->mapped = 1;
	return s->page;
}

static void inproc_unmap(struct xs_transport *bt, uint32_t domid,
			 struct xenstore_domain_interface *ring)
{
	struct inproc_slot *s = find(of(bt), domid);

	(void)ring;
	if (s)
		s->mapped = 0;
}

/* The local port is the slot index: unique while the slot lives. */
static int inproc_bind(struct xs_transport *bt, uint32_t domid, uint32_t remote_port)
{
	struct inproc_slot *s = find(of(bt), domid);

	(void)remote_port;
	if (!s)
		return -ESRCH;
	s->bound = 1;
	return (int)(s - of(bt)->slot);
}

static void inproc_unbind(struct xs_transport *bt, int port)
{
	if (port >= 0 && port < INPROC_SLOTS)
		of(bt)->slot[port].bound = 0;
}

static void inproc_notify(struct xs_transport *bt, int port)
{
	if (port >= 0 && port < INPROC_SLOTS && of(bt)->slot[port].bound)
		of(bt)->slot[port].guest_signals++;
}

static int inproc_event_fd(struct xs_transport *bt)
{
	return of(bt)->efd;
}

/* Guests of this transport live as long as the test keeps their pages: no deaths to report. */
static bool inproc_ack(struct xs_transport *bt)
{
	uint64_t v;
	/* The count does not matter (every ring is looked at); EAGAIN just means no signal. */
	ssize_t n = read(of(bt)->efd, &v, sizeof(v));

	(void)n;
	return false;
}

static int inproc_domain_state(struct xs_transport *bt, uint32_t domid)
{
	(void)bt;
	(void)domid;
	return XS_DOMAIN_RUNNING;
}

static void inproc_destroy(struct xs_transport *bt)
{
	close(of(bt)->efd);
	free(bt);
}

static const struct xs_transport_ops inproc_ops = {
	.map_ring = inproc_map,
	.unmap_ring = inproc_unmap,
	.bind = inproc_bind,
	.unbind = inproc_unbind,
	.notify = inproc_notify,
	.event_fd = inproc_event_fd,
	.ack = inproc_ack,
	.domain_state = inproc_domain_state,
	.destroy = inproc_destroy,
};

struct xs_transport *inproc_transport_new(void)
{
	struct inproc_transport *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (t->efd < 0) {
		free(t);
		return NULL;
	}
	t->base.ops = &inproc_ops;
	return &t->base;
}

int inproc_transport_add_page(struct xs_transport *bt, uint32_t domid, uint64_t mfn,
			      struct xenstore_domain_interface *page)
{
	struct inproc_transport *t = of(bt);
	struct inproc_slot *s = find(t, domid);

	for (int i = 0; !s && i < INPROC_SLOTS; i++)
		if (!t->slot[i].used)
			s = &t->slot[i];
	if (!s)
		return -ENOSPC;
	*s = (struct inproc_slot){.used = 1, .domid = domid, .mfn = mfn, .page = page};
	return 0;
}

void inproc_transport_guest_kick(struct xs_transport *bt, uint32_t domid)
{
	struct inproc_slot *s = find(of(bt), domid);
	uint64_t one = 1;

	if (s && s->bound && write(of(bt)->efd, &one, sizeof(one)) < 0)
		return;
}

unsigned int inproc_transport_guest_take(struct xs_transport *bt, uint32_t domid)
{
	struct inproc_slot *s = find(of(bt), domid);
	unsigned int n;

	if (!s)
		return 0;
	n = s->guest_signals;
	s->guest_signals = 0;
	return n;
}

int inproc_transport_bound(struct xs_transport *bt, uint32_t domid)
{
	struct inproc_slot *s = find(of(bt), domid);

	return s && s->bound;
}

int inproc_transport_mapped(struct xs_transport *bt, uint32_t domid)
{
	struct inproc_slot *s = find(of(bt), domid);

	return s && s->mapped;
}
