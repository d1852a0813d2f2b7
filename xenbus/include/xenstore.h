/* SPDX-License-Identifier: MIT */
/*
 * Lamina's xs library: the client API of Xen 4.17's xenstore.h with the same names, types and
 * behaviour, so that programs written for libxenstore build against this header and run
 * against either library. Unless noted, calls return NULL / false on failure with errno set
 * (the daemon's error names are turned back into errno values).
 *
 * A handle may be shared by threads: one request is on the wire at a time, and watch events
 * wait in their own queue, which xs_fileno's descriptor signals.
 */
#ifndef LAMINA_XENSTORE_H
#define LAMINA_XENSTORE_H

#include <xenstore_lib.h>

#define XBT_NULL 0

/* Accepted for compatibility; they change nothing (as in Xen 4.17). */
#define XS_OPEN_READONLY   (1UL << 0)
#define XS_OPEN_SOCKETONLY (1UL << 1)
/* After xs_unwatch returns, queued events of that watch are discarded too. */
#define XS_UNWATCH_FILTER (1UL << 2)

struct xs_handle;
typedef uint32_t xs_transaction_t;

/* Connects to the daemon's socket, else (without XS_OPEN_SOCKETONLY) to /dev/xen/xenbus. */
struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *xsh);

/* Older names of xs_open(0) and xs_close. */
struct xs_handle *xs_daemon_open(void);
struct xs_handle *xs_domain_open(void);
struct xs_handle *xs_daemon_open_readonly(void);
void xs_daemon_close(struct xs_handle *xsh);
/* In a forked child: drops the parent's handle without touching the shared connection. */
void xs_daemon_destroy_postfork(struct xs_handle *xsh);

/* Children of path: one malloc'd block (free it once), *num entries. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num);
/* Value of path, malloc'd and nul-terminated; *len (may be NULL) excludes the nul. */
void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
	      unsigned int len);
/* Succeeds when path already exists. */
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
/* Removes path and everything below it. */
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
/* Always fails: the request no longer exists in Xen. */
bool xs_restrict(struct xs_handle *h, unsigned domid);

/* Permissions of path (entry 0: owner and default), malloc'd, *num entries. */
struct xs_permissions *xs_get_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
					  unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
			struct xs_permissions *perms, unsigned int num_perms);

/* Registers a watch; it fires once at once, then on every change at or below path. */
bool xs_watch(struct xs_handle *h, const char *path, const char *token);
/* Readable while watch events are queued. */
int xs_fileno(struct xs_handle *h);
/* A queued event ({path, token}, one malloc'd block) or NULL with errno EAGAIN; never blocks. */
char **xs_check_watch(struct xs_handle *h);
/* The next event, waiting for one; *num is set to 2. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);

/* 0 (XBT_NULL) on failure. */
xs_transaction_t xs_transaction_start(struct xs_handle *h);
/* abort: discard. On commit, errno EAGAIN means another change conflicted: start again. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid, unsigned long mfn,
			 unsigned int eventchn);
bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
/* "/local/domain/<domid>", malloc'd. */
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);

/* True when child is parent or lies below it (plain string comparison). */
bool xs_path_is_subpath(const char *parent, const char *child);

/* Sends CONTROL cmd with data; the daemon's answer, malloc'd. */
char *xs_control_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len);
char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len);

/* Reads /local/domain/<domid>/device/suspend/event-channel; -1 when absent. */
int xs_suspend_evtchn_port(int domid);

#endif
