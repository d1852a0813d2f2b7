/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "conn.h"
#include "log.h"
#include "server.h"

struct server {
	struct xsd *xsd;
	int listen_fd;
	char *path;
	struct pollfd *fds;
	struct conn **fd_conn;
	size_t cap;
	unsigned int clients;
};

static int sock_write(struct conn *c, const void *data, uint32_t len)
{
	ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
	return (int)n;
}

static void sock_close(struct conn *c)
{
	close(c->fd);
	c->fd = -1;
}

static const struct conn_io socket_io = {
	.write = sock_write,
	.close = sock_close,
};

static int make_dirs(const char *file)
{
	char *dir = strdup(file);

	if (!dir)
		return -1;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

struct server *server_new(struct xsd *xsd, const char *socket_path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct server *s;

	if (strlen(socket_path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->xsd = xsd;
	s->path = strdup(socket_path);
	if (!s->path || make_dirs(socket_path))
		goto fail;
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->listen_fd < 0)
		goto fail;
	/*
	 * Bound under a temporary name and renamed once listening, so that whoever sees the
	 * socket can connect to it.
	 */
	if (snprintf(addr.sun_path, sizeof(addr.sun_path), "%s.new", socket_path) >=
	    (int)sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		goto fail_sock;
	}
	unlink(addr.sun_path);
	if (bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(s->listen_fd, 128) || rename(addr.sun_path, socket_path))
		goto fail_sock;
	return s;
fail_sock:
	close(s->listen_fd);
fail:
	free(s->path);
	free(s);
	return NULL;
}

static void accept_clients(struct server *s)
{
	for (;;) {
		int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		struct conn *c;

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				xsd_log("accept: %s", strerror(errno));
			return;
		}
		/* Local socket clients are dom0's tools: privileged, as with Xen. */
		c = conn_new(s->xsd, &socket_io, s, 0, true);
		if (!c) {
			xsd_log("out of memory accepting a client");
			close(fd);
			continue;
		}
		c->fd = fd;
		snprintf(c->name, sizeof(c->name), "client %u (fd %d)", ++s->clients, fd);
	}
}

static void read_client(struct conn *c)
{
	char buf[XENSTORE_PAYLOAD_MAX + sizeof(struct xsd_sockmsg)];

	while (conn_can_read(c)) {
		uint32_t want = c->hdr_got < sizeof(c->hdr) ? sizeof(c->hdr) - c->hdr_got
							    : c->hdr.len - c->payload_got;
		ssize_t n = recv(c->fd, buf, want, MSG_DONTWAIT);

		if (n == 0) {
			if (c->hdr_got)
				conn_kill(c, "closed in the middle of a message");
			else
				conn_hangup(c);
			return;
		}
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				conn_kill(c, "read failed: %s", strerror(errno));
			return;
		}
		conn_feed(c, buf, (uint32_t)n);
	}
}

static int grow(struct server *s, size_t n)
{
	struct pollfd *f;
	struct conn **fc;

	if (n <= s->cap)
		return 0;
	f = realloc(s->fds, n * 2 * sizeof(*f));
	if (!f)
		return -1;
	s->fds = f;
	fc = realloc(s->fd_conn, n * 2 * sizeof(*fc));
	if (!fc)
		return -1;
	s->fd_conn = fc;
	s->cap = n * 2;
	return 0;
}

void server_step(struct server *s, int timeout_ms)
{
	struct xs_transport *t = s->xsd->transport;
	size_t n = 0, nconns = 0;
	int tfd = t ? t->ops->event_fd(t) : -1;

	for (struct conn *c = s->xsd->conns; c; c = c->next)
		nconns++;
	if (grow(s, nconns + 2)) {
		xsd_log("out of memory building the poll set");
		return;
	}
	s->fds[n] = (struct pollfd){.fd = s->listen_fd, .events = POLLIN};
	s->fd_conn[n++] = NULL;
	if (tfd >= 0) {
		s->fds[n] = (struct pollfd){.fd = tfd, .events = POLLIN};
		s->fd_conn[n++] = NULL;
	}
	for (struct conn *c = s->xsd->conns; c; c = c->next) {
		if (c->fd < 0 || c->dead)
			continue;
		s->fds[n].fd = c->fd;
		s->fds[n].events =
			(short)((conn_can_read(c) ? POLLIN : 0) | (c->out_head ? POLLOUT : 0));
		s->fds[n].revents = 0;
		s->fd_conn[n++] = c;
	}
	if (poll(s->fds, n, timeout_ms) < 0 && errno != EINTR) {
		xsd_log("poll: %s", strerror(errno));
		return;
	}
	if (s->fds[0].revents & POLLIN)
		accept_clients(s);
	/* Dead domains are let go before their rings would be looked at. */
	if (tfd >= 0 && (s->fds[1].revents & POLLIN) && t->ops->ack(t))
		xsd_check_domains(s->xsd);
	for (size_t i = 0; i < n; i++) {
		struct conn *c = s->fd_conn[i];

		if (!c || c->dead)
			continue;
		if (s->fds[i].revents & (POLLIN | POLLHUP | POLLERR))
			read_client(c);
	}
	/* Replies may be due anywhere: a write by one client fires another's watches. */
	for (struct conn *c = s->xsd->conns; c; c = c->next)
		if (c->fd >= 0 && !c->dead)
			conn_flush(c);
	if (t)
		xsd_service_rings(s->xsd);
	xsd_reap(s->xsd);
}

void server_run(struct server *s, volatile int *stop)
{
	while (!*stop)
		server_step(s, 1000);
}

void server_free(struct server *s)
{
	if (!s)
		return;
	close(s->listen_fd);
	unlink(s->path);
	free(s->path);
	free(s->fds);
	free(s->fd_conn);
	free(s);
}
