/* SPDX-License-Identifier: MIT */
/* The daemon's event loop: a listening UNIX socket, its clients and the guest transport. */
#ifndef XSD_SERVER_H
#define XSD_SERVER_H

#include "xsd.h"

struct server;

/* Listens on `socket_path` (its directory is created if missing). NULL with errno. */
struct server *server_new(struct xsd *xsd, const char *socket_path);
/* Runs until *stop becomes nonzero (checked after each wake-up). */
void server_run(struct server *s, volatile int *stop);
/* One round: wait at most timeout_ms for activity and service it. */
void server_step(struct server *s, int timeout_ms);
void server_free(struct server *s);

#endif
