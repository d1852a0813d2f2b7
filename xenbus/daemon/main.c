/* SPDX-License-Identifier: MIT */
/*
 * xenstored: the store daemon. Listens where libxenstore looks for it (XENSTORED_PATH, else
 * $XENSTORED_RUNDIR/socket, else /var/run/xenstored/socket) unless --socket says otherwise.
 * In dom0 (where /dev/xen/evtchn exists) guests are served over their rings through the
 * gntdev and evtchn devices; elsewhere INTRODUCE is refused with ENOSYS.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "server.h"
#include "transport_xen.h"

static volatile int stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: xenstored [--socket PATH] [--log FILE] [--pid-file FILE] [--quiet]\n"
		   "                 [--xen-devices DIR | --no-guests]\n");
}

static char *default_socket(void)
{
	const char *p = getenv("XENSTORED_PATH");
	const char *rundir = getenv("XENSTORED_RUNDIR");
	char *s;

	if (p && *p)
		return strdup(p);
	if (asprintf(&s, "%s/socket", rundir && *rundir ? rundir : "/var/run/xenstored") < 0)
		return NULL;
	return s;
}

/* The guest transport when DIR/evtchn exists (we are dom0), else NULL: sockets only. */
static struct xs_transport *guest_transport(const char *dir)
{
	char path[256];
	const char *which = "";
	struct xs_transport *t;

	snprintf(path, sizeof(path), "%s/evtchn", dir);
	if (access(path, F_OK) != 0) {
		xsd_log("no %s: not dom0, guests cannot be introduced (sockets only)", path);
		return NULL;
	}
	t = xen_transport_new(&xen_dev_linux, dir, &which);
	if (!t)
		xsd_log("cannot open %s/%s: %s; guests cannot be introduced", dir, which,
			strerror(errno));
	else
		xsd_log("serving guest rings through %s/gntdev and %s/evtchn", dir, dir);
	return t;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"socket", required_argument, NULL, 's'},
		{"log", required_argument, NULL, 'l'},
		{"pid-file", required_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"xen-devices", required_argument, NULL, 'x'},
		{"no-guests", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	const char *xen_dir = "/dev/xen";
	struct xs_transport *transport = NULL;
	char *socket_path = NULL, *pid_file = NULL;
	struct sigaction sa = {.sa_handler = on_signal};
	struct server *srv;
	struct xsd *xsd;
	int opt;

	while ((opt = getopt_long(argc, argv, "s:l:p:qhx:n", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			socket_path = strdup(optarg);
			break;
		case 'l': {
			FILE *f = fopen(optarg, "a");

			if (!f) {
				fprintf(stderr, "xenstored: cannot open log %s: %s\n", optarg,
					strerror(errno));
				return 1;
			}
			xsd_log_to(f);
			break;
		}
		case 'p':
			pid_file = optarg;
			break;
		case 'q':
			xsd_log_enable(false);
			break;
		case 'x':
			xen_dir = optarg;
			break;
		case 'n':
			xen_dir = NULL;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!socket_path)
		socket_path = default_socket();
	if (xen_dir)
		transport = guest_transport(xen_dir);
	xsd = socket_path ? xsd_new(transport) : NULL;
	if (!xsd) {
		fprintf(stderr, "xenstored: out of memory\n");
		return 1;
	}
	srv = server_new(xsd, socket_path);
	if (!srv) {
		fprintf(stderr, "xenstored: cannot listen on %s: %s\n", socket_path,
			strerror(errno));
		return 1;
	}
	if (pid_file) {
		FILE *f = fopen(pid_file, "w");

		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f)) {
			fprintf(stderr, "xenstored: cannot write %s\n", pid_file);
			return 1;
		}
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	xsd_log("listening on %s", socket_path);
	server_run(srv, &stop);
	xsd_log("stopping");
	server_free(srv);
	xsd_free(xsd);
	if (transport)
		transport->ops->destroy(transport);
	free(socket_path);
	return 0;
}
