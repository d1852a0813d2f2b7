/* SPDX-License-Identifier: MIT */
/*
 * Lamina's xs library, part 1: what client and daemon share with Xen 4.17's xenstore_lib.h:
 * the permission record, where the daemon's socket is, and small string helpers.
 */
#ifndef LAMINA_XENSTORE_LIB_H
#define LAMINA_XENSTORE_LIB_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>

/* One permission entry: the first of a list names the owner and everyone else's access. */
struct xs_permissions {
	unsigned int id;
	unsigned int perms; /* XS_PERM_* */
#define XS_PERM_NONE	  0x00
#define XS_PERM_READ	  0x01
#define XS_PERM_WRITE	  0x02
#define XS_PERM_ENOENT_OK 0x04
#define XS_PERM_OWNER	  0x08
#define XS_PERM_IGNORE	  0x10
};

/* Room for the decimal form of an integer of type x, with a sign and a nul. */
#define MAX_STRLEN(x) ((sizeof(x) * CHAR_BIT + CHAR_BIT - 1) / 10 * 3 + 2)

/* The daemon's directory and sockets, following XENSTORED_RUNDIR and XENSTORED_PATH. */
const char *xs_daemon_rundir(void);
const char *xs_daemon_socket(void);
const char *xs_daemon_socket_ro(void);

/* Writes all len bytes, retrying short writes; false on error. */
bool xs_write_all(int fd, const void *data, unsigned int len);

/* Parses `num` nul-separated "r0" / "w1" / "b2" / "n3" strings; false if malformed. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num, const char *strings);

#endif
