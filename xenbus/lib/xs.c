/* SPDX-License-Identifier: MIT */
/*
 * The xs client library. One request is on the wire at a time per handle (request_lock).
 * Until the first watch, the requesting thread reads its own reply; from then on a reader
 * thread owns the socket and sorts what arrives: replies to the waiting requester, watch
 * events to their queue (signalled through a pipe for xs_fileno).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <xenstore.h>

struct xs_msg {
	struct xs_msg *next;
	struct xsd_sockmsg hdr;
	char *body; /* hdr.len bytes and a nul */
};

struct xs_handle {
	int fd;
	unsigned long flags;
	pthread_mutex_t request_lock; /* one request on the wire at a time */
	pthread_mutex_t lock;	      /* everything below */
	pthread_cond_t reply_ready, watch_ready;
	struct xs_msg *reply;
	struct xs_msg *events, **events_tail;
	int pipe[2]; /* made by xs_fileno; holds one byte while events are queued */
	bool reader_running;
	pthread_t reader;
	int broken; /* errno once the connection failed, 0 while fine */
};

#define DOMAIN_DEV "/dev/xen/xenbus"

static void msg_free(struct xs_msg *m)
{
	if (m) {
		free(m->body);
		free(m);
	}
}

static bool read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ECONNRESET;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static struct xs_msg *read_msg(int fd)
{
	struct xs_msg *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	if (!read_all(fd, &m->hdr, sizeof(m->hdr)))
		goto fail;
	if (m->hdr.len > XENSTORE_PAYLOAD_MAX) {
		errno = EBADMSG;
		goto fail;
	}
	m->body = malloc(m->hdr.len + 1);
	if (!m->body || !read_all(fd, m->body, m->hdr.len))
		goto fail;
	m->body[m->hdr.len] = '\0';
	return m;
fail:
	msg_free(m);
	return NULL;
}

static void pipe_signal(struct xs_handle *h)
{
	char c = 0;

	if (h->pipe[1] >= 0 && write(h->pipe[1], &c, 1) < 0)
		return;
}

static void pipe_drain(struct xs_handle *h)
{
	char c;

	if (h->pipe[0] >= 0 && read(h->pipe[0], &c, 1) < 0)
		return;
}

/* Called with h->lock held. */
static void queue_event(struct xs_handle *h, struct xs_msg *m)
{
	bool was_empty = !h->events;

	m->next = NULL;
	*h->events_tail = m;
	h->events_tail = &m->next;
	if (was_empty)
		pipe_signal(h);
	pthread_cond_broadcast(&h->watch_ready);
}

static void *reader_main(void *arg)
{
	struct xs_handle *h = arg;

	for (;;) {
		struct xs_msg *m = read_msg(h->fd);

		pthread_mutex_lock(&h->lock);
		if (!m) {
			h->broken = errno ? errno : EIO;
			if (!h->events)
				pipe_signal(h); /* let pollers see the failure */
			pthread_cond_broadcast(&h->reply_ready);
			pthread_cond_broadcast(&h->watch_ready);
			pthread_mutex_unlock(&h->lock);
			return NULL;
		}
		if (m->hdr.type == XS_WATCH_EVENT) {
			queue_event(h, m);
		} else {
			msg_free(h->reply); /* a reply nobody asked for */
			h->reply = m;
			pthread_cond_broadcast(&h->reply_ready);
		}
		pthread_mutex_unlock(&h->lock);
	}
}

/* Called with request_lock held, so no requester is reading the socket itself. */
static bool start_reader(struct xs_handle *h)
{
	int rc;

	if (h->reader_running)
		return true;
	rc = pthread_create(&h->reader, NULL, reader_main, h);
	if (rc) {
		errno = rc;
		return false;
	}
	h->reader_running = true;
	return true;
}

static struct xs_handle *handle_on(int fd, unsigned long flags)
{
	struct xs_handle *h = calloc(1, sizeof(*h));

	if (!h) {
		close(fd);
		return NULL;
	}
	h->fd = fd;
	h->flags = flags;
	h->pipe[0] = h->pipe[1] = -1;
	h->events_tail = &h->events;
	pthread_mutex_init(&h->request_lock, NULL);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->reply_ready, NULL);
	pthread_cond_init(&h->watch_ready, NULL);
	return h;
}

static int connect_socket(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = EINVAL;
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* A socket is connected to; anything else (the xenbus device in a guest) is opened. */
static int open_path(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return -1;
	if (S_ISSOCK(st.st_mode))
		return connect_socket(path);
	return open(path, O_RDWR | O_CLOEXEC);
}

static const char *domain_dev(void)
{
	const char *s = getenv("XENSTORED_PATH");

	return s && *s ? s : DOMAIN_DEV;
}

struct xs_handle *xs_open(unsigned long flags)
{
	int fd = open_path(xs_daemon_socket());

	if (fd < 0 && !(flags & XS_OPEN_SOCKETONLY))
		fd = open_path(domain_dev());
	if (fd < 0)
		return NULL;
	return handle_on(fd, flags);
}

struct xs_handle *xs_daemon_open(void)
{
	return xs_open(0);
}

struct xs_handle *xs_domain_open(void)
{
	return xs_open(0);
}

struct xs_handle *xs_daemon_open_readonly(void)
{
	return xs_open(XS_OPEN_READONLY);
}

static void free_handle(struct xs_handle *h)
{
	while (h->events) {
		struct xs_msg *m = h->events;

		h->events = m->next;
		msg_free(m);
	}
	msg_free(h->reply);
	if (h->pipe[0] >= 0) {
		close(h->pipe[0]);
		close(h->pipe[1]);
	}
	close(h->fd);
	pthread_mutex_destroy(&h->request_lock);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->reply_ready);
	pthread_cond_destroy(&h->watch_ready);
	free(h);
}

void xs_close(struct xs_handle *h)
{
	if (!h)
		return;
	if (h->reader_running) {
		/* A socket wakes the reader with EOF; a device needs cancelling. */
		if (shutdown(h->fd, SHUT_RDWR))
			pthread_cancel(h->reader);
		pthread_join(h->reader, NULL);
	}
	free_handle(h);
}

void xs_daemon_close(struct xs_handle *h)
{
	xs_close(h);
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
	/* The reader thread does not exist in the child; only our copies of the fds go. */
	h->reader_running = false;
	free_handle(h);
}

static int error_number(const char *name)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (strcmp(xsd_errors[i].errstring, name) == 0)
			return xsd_errors[i].errnum;
	return EINVAL;
}

/* Waits for the reply to the request just sent (request_lock held). */
static struct xs_msg *await_reply(struct xs_handle *h)
{
	struct xs_msg *m;

	if (!h->reader_running) {
		for (;;) {
			m = read_msg(h->fd);
			if (!m || m->hdr.type != XS_WATCH_EVENT)
				return m;
			pthread_mutex_lock(&h->lock);
			queue_event(h, m);
			pthread_mutex_unlock(&h->lock);
		}
	}
	pthread_mutex_lock(&h->lock);
	while (!h->reply && !h->broken)
		pthread_cond_wait(&h->reply_ready, &h->lock);
	m = h->reply;
	h->reply = NULL;
	if (!m)
		errno = h->broken;
	pthread_mutex_unlock(&h->lock);
	return m;
}

/*
 * Sends one request made of `n` pieces and returns the reply's payload (malloc'd, with a
 * nul after it) or NULL with errno set, from the daemon's error name when it sent one.
 */
static char *talk(struct xs_handle *h, xs_transaction_t t, uint32_t type, const void *const *data,
		  const unsigned int *len, unsigned int n, unsigned int *reply_len)
{
	struct xsd_sockmsg hdr = {.type = type, .tx_id = t};
	char buf[sizeof(hdr) + XENSTORE_PAYLOAD_MAX];
	struct xs_msg *m;
	char *body;

	for (unsigned int i = 0; i < n; i++) {
		if (len[i] > XENSTORE_PAYLOAD_MAX - hdr.len) {
			errno = E2BIG;
			return NULL;
		}
		memcpy(buf + sizeof(hdr) + hdr.len, data[i], len[i]);
		hdr.len += len[i];
	}
	memcpy(buf, &hdr, sizeof(hdr));
	pthread_mutex_lock(&h->request_lock);
	if (!xs_write_all(h->fd, buf, (unsigned int)sizeof(hdr) + hdr.len)) {
		pthread_mutex_unlock(&h->request_lock);
		return NULL;
	}
	m = await_reply(h);
	pthread_mutex_unlock(&h->request_lock);
	if (!m)
		return NULL;
	if (m->hdr.type == XS_ERROR) {
		int e = error_number(m->body);

		msg_free(m);
		errno = e;
		return NULL;
	}
	if (m->hdr.type != type) {
		msg_free(m);
		errno = EBADMSG;
		return NULL;
	}
	body = m->body;
	if (reply_len)
		*reply_len = m->hdr.len;
	free(m);
	return body;
}

static char *talk_string(struct xs_handle *h, xs_transaction_t t, uint32_t type, const char *s,
			 unsigned int *reply_len)
{
	const void *data[] = {s};
	unsigned int len[] = {(unsigned int)strlen(s) + 1};

	return talk(h, t, type, data, len, 1, reply_len);
}

static bool reply_ok(char *reply)
{
	free(reply);
	return reply != NULL;
}

/* nul-separated strings into one block: the pointers, then the strings. */
static char **string_array(const char *strings, unsigned int len, unsigned int *num)
{
	unsigned int count = 0, i = 0;
	char **out, *copy;

	for (unsigned int off = 0; off < len; off += (unsigned int)strlen(strings + off) + 1)
		count++;
	out = malloc(count * sizeof(char *) + len + 1);
	if (!out)
		return NULL;
	copy = (char *)(out + count);
	memcpy(copy, strings, len);
	copy[len] = '\0';
	for (unsigned int off = 0; off < len; off += (unsigned int)strlen(copy + off) + 1)
		out[i++] = copy + off;
	*num = count;
	return out;
}

/* Long child lists come in pieces; a changed generation means start over. */
static char **directory_in_parts(struct xs_handle *h, xs_transaction_t t, const char *path,
				 unsigned int *num)
{
	char *all = NULL, gen[32] = "", offs[16];
	unsigned int total = 0;
	char **out;

	for (;;) {
		const void *data[2] = {path, offs};
		unsigned int len[2], rlen, glen, chunk;
		char *r, *grown;

		snprintf(offs, sizeof(offs), "%u", total);
		len[0] = (unsigned int)strlen(path) + 1;
		len[1] = (unsigned int)strlen(offs) + 1;
		r = talk(h, t, XS_DIRECTORY_PART, data, len, 2, &rlen);
		if (!r) {
			free(all);
			return NULL;
		}
		glen = (unsigned int)strnlen(r, rlen);
		if (glen == rlen || glen >= sizeof(gen)) {
			free(r);
			free(all);
			errno = EBADMSG;
			return NULL;
		}
		if (total && strcmp(gen, r) != 0) {
			free(r);
			free(all);
			all = NULL;
			total = 0;
			gen[0] = '\0';
			continue;
		}
		strcpy(gen, r);
		chunk = rlen - glen - 1;
		/* The final piece ends with an empty name. */
		bool last = chunk == 0 || (chunk >= 1 && r[rlen - 1] == '\0' &&
					   (chunk == 1 || r[rlen - 2] == '\0'));
		if (last && chunk)
			chunk--;
		grown = realloc(all, total + chunk + 1);
		if (!grown) {
			free(r);
			free(all);
			errno = ENOMEM;
			return NULL;
		}
		all = grown;
		memcpy(all + total, r + glen + 1, chunk);
		total += chunk;
		free(r);
		if (last)
			break;
	}
	out = string_array(all ? all : "", total, num);
	free(all);
	return out;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
{
	unsigned int len;
	char *r = talk_string(h, t, XS_DIRECTORY, path, &len);
	char **out;

	if (!r)
		return errno == E2BIG ? directory_in_parts(h, t, path, num) : NULL;
	out = string_array(r, len, num);
	free(r);
	return out;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
{
	return talk_string(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
	      unsigned int len)
{
	const void *d[] = {path, data};
	unsigned int l[] = {(unsigned int)strlen(path) + 1, len};

	return reply_ok(talk(h, t, XS_WRITE, d, l, 2, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return reply_ok(talk_string(h, t, XS_MKDIR, path, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return reply_ok(talk_string(h, t, XS_RM, path, NULL));
}

bool xs_restrict(struct xs_handle *h, unsigned domid)
{
	(void)h;
	(void)domid;
	errno = ENOSYS;
	return false;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
					  unsigned int *num)
{
	unsigned int len, count = 0;
	char *r = talk_string(h, t, XS_GET_PERMS, path, &len);
	struct xs_permissions *p;

	if (!r)
		return NULL;
	for (unsigned int off = 0; off < len; off += (unsigned int)strlen(r + off) + 1)
		count++;
	p = count ? malloc(count * sizeof(*p)) : NULL;
	if (!p || !xs_strings_to_perms(p, count, r)) {
		free(p);
		free(r);
		errno = p ? EBADMSG : (count ? ENOMEM : EBADMSG);
		return NULL;
	}
	free(r);
	*num = count;
	return p;
}

static char perm_letter(unsigned int perms)
{
	switch (perms & (XS_PERM_READ | XS_PERM_WRITE)) {
	case XS_PERM_READ:
		return 'r';
	case XS_PERM_WRITE:
		return 'w';
	case XS_PERM_READ | XS_PERM_WRITE:
		return 'b';
	default:
		return 'n';
	}
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
			struct xs_permissions *perms, unsigned int num_perms)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	unsigned int used = 0;
	const void *d[2] = {path, buf};
	unsigned int l[2] = {(unsigned int)strlen(path) + 1, 0};

	for (unsigned int i = 0; i < num_perms; i++) {
		int n = snprintf(buf + used, sizeof(buf) - used, "%c%u",
				 perm_letter(perms[i].perms), perms[i].id);

		if (n < 0 || (unsigned int)n + 1 > sizeof(buf) - used) {
			errno = E2BIG;
			return false;
		}
		used += (unsigned int)n + 1;
	}
	l[1] = used;
	return reply_ok(talk(h, t, XS_SET_PERMS, d, l, 2, NULL));
}

static char *path_and_token(struct xs_handle *h, uint32_t type, const char *path, const char *token)
{
	const void *d[] = {path, token};
	unsigned int l[] = {(unsigned int)strlen(path) + 1, (unsigned int)strlen(token) + 1};

	return talk(h, XBT_NULL, type, d, l, 2, NULL);
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	bool started;

	pthread_mutex_lock(&h->request_lock);
	started = start_reader(h);
	pthread_mutex_unlock(&h->request_lock);
	return started && reply_ok(path_and_token(h, XS_WATCH, path, token));
}

int xs_fileno(struct xs_handle *h)
{
	int fd;

	pthread_mutex_lock(&h->lock);
	if (h->pipe[0] < 0) {
		if (pipe2(h->pipe, O_CLOEXEC) == 0) {
			if (h->events)
				pipe_signal(h);
		} else {
			h->pipe[0] = h->pipe[1] = -1;
		}
	}
	fd = h->pipe[0];
	pthread_mutex_unlock(&h->lock);
	return fd;
}

/* The first queued event as {path, token} (h->lock held, queue not empty). */
static char **take_event(struct xs_handle *h, unsigned int *num)
{
	struct xs_msg *m = h->events;
	unsigned int n;
	char **out;

	h->events = m->next;
	if (!h->events) {
		h->events_tail = &h->events;
		pipe_drain(h);
	}
	out = string_array(m->body, m->hdr.len, &n);
	msg_free(m);
	if (out && n < 2) {
		free(out);
		out = NULL;
		errno = EBADMSG;
	} else if (!out) {
		errno = ENOMEM;
	}
	if (num)
		*num = 2;
	return out;
}

char **xs_check_watch(struct xs_handle *h)
{
	char **out = NULL;

	pthread_mutex_lock(&h->lock);
	if (h->events)
		out = take_event(h, NULL);
	else
		errno = h->broken ? h->broken : EAGAIN;
	pthread_mutex_unlock(&h->lock);
	return out;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	char **out = NULL;
	bool started;

	pthread_mutex_lock(&h->request_lock);
	started = start_reader(h);
	pthread_mutex_unlock(&h->request_lock);
	if (!started)
		return NULL;
	pthread_mutex_lock(&h->lock);
	while (!h->events && !h->broken)
		pthread_cond_wait(&h->watch_ready, &h->lock);
	if (h->events)
		out = take_event(h, num);
	else
		errno = h->broken;
	pthread_mutex_unlock(&h->lock);
	return out;
}

/* With XS_UNWATCH_FILTER, queued events of the removed watch are discarded as well. */
static void filter_events(struct xs_handle *h, const char *path, const char *token)
{
	pthread_mutex_lock(&h->lock);
	for (struct xs_msg **p = &h->events; *p;) {
		struct xs_msg *m = *p;
		const char *epath = m->body;
		size_t plen = strnlen(epath, m->hdr.len);
		const char *etoken = plen < m->hdr.len ? epath + plen + 1 : "";

		if (strcmp(etoken, token) == 0 && xs_path_is_subpath(path, epath)) {
			*p = m->next;
			msg_free(m);
		} else {
			p = &m->next;
		}
	}
	h->events_tail = &h->events;
	while (*h->events_tail)
		h->events_tail = &(*h->events_tail)->next;
	if (!h->events)
		pipe_drain(h);
	pthread_mutex_unlock(&h->lock);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	if (!reply_ok(path_and_token(h, XS_UNWATCH, path, token)))
		return false;
	if (h->flags & XS_UNWATCH_FILTER)
		filter_events(h, path, token);
	return true;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	char *r = talk_string(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
	unsigned long id;
	char *end;

	if (!r)
		return XBT_NULL;
	errno = 0;
	id = strtoul(r, &end, 10);
	if (errno || *end || id == 0 || id > UINT32_MAX) {
		free(r);
		errno = EBADMSG;
		return XBT_NULL;
	}
	free(r);
	return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	return reply_ok(talk_string(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL));
}

/* Requests whose arguments are numbers, each sent as a nul-terminated decimal string. */
static char *talk_numbers(struct xs_handle *h, uint32_t type, const unsigned long *v,
			  unsigned int n, unsigned int *reply_len)
{
	char text[4][MAX_STRLEN(unsigned long)];
	const void *d[4];
	unsigned int l[4];

	for (unsigned int i = 0; i < n; i++) {
		snprintf(text[i], sizeof(text[i]), "%lu", v[i]);
		d[i] = text[i];
		l[i] = (unsigned int)strlen(text[i]) + 1;
	}
	return talk(h, XBT_NULL, type, d, l, n, reply_len);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid, unsigned long mfn,
			 unsigned int eventchn)
{
	unsigned long v[] = {domid, mfn, eventchn};

	return reply_ok(talk_numbers(h, XS_INTRODUCE, v, 3, NULL));
}

bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target)
{
	unsigned long v[] = {domid, target};

	return reply_ok(talk_numbers(h, XS_SET_TARGET, v, 2, NULL));
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
	unsigned long v[] = {domid};

	return reply_ok(talk_numbers(h, XS_RESUME, v, 1, NULL));
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
	unsigned long v[] = {domid};

	return reply_ok(talk_numbers(h, XS_RELEASE, v, 1, NULL));
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	unsigned long v[] = {domid};

	return talk_numbers(h, XS_GET_DOMAIN_PATH, v, 1, NULL);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
	unsigned long v[] = {domid};
	char *r = talk_numbers(h, XS_IS_DOMAIN_INTRODUCED, v, 1, NULL);
	bool yes = r && strcmp(r, "T") == 0;

	free(r);
	return yes;
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
	size_t n = strlen(parent);

	if (strncmp(child, parent, n) != 0)
		return false;
	return child[n] == '\0' || child[n] == '/' || (n > 0 && parent[n - 1] == '/');
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len)
{
	const void *d[] = {cmd, data};
	unsigned int l[] = {(unsigned int)strlen(cmd) + 1, len};

	return talk(h, XBT_NULL, XS_CONTROL, d, l, 2, NULL);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len)
{
	return xs_control_command(h, cmd, data, len);
}

int xs_suspend_evtchn_port(int domid)
{
	char path[64];
	struct xs_handle *h = xs_open(0);
	char *v;
	int port = -1;

	if (!h)
		return -1;
	snprintf(path, sizeof(path), "/local/domain/%d/device/suspend/event-channel", domid);
	v = xs_read(h, XBT_NULL, path, NULL);
	if (v)
		port = atoi(v);
	free(v);
	xs_close(h);
	return port;
}
