/* SPDX-License-Identifier: MIT */
/*
 * The xenstore wire protocol of Xen 4.17: message types, the message header, the error names
 * sent on the wire, and the shared ring page through which a guest talks to xenstored. Guests
 * written for Xen use these numbers and layouts unmodified, so every value here is checked
 * against Debian's libxen-dev by tests/abi (group xs_wire).
 */
#ifndef LAMINA_PUBLIC_IO_XS_WIRE_H
#define LAMINA_PUBLIC_IO_XS_WIRE_H

#include <stdint.h>

enum xsd_sockmsg_type {
	XS_CONTROL = 0,
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_INTRODUCE = 8,
	XS_RELEASE = 9,
	XS_GET_DOMAIN_PATH = 10,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_SET_PERMS = 14,
	XS_WATCH_EVENT = 15, /* only ever sent by the daemon */
	XS_ERROR = 16,	     /* only ever sent by the daemon */
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME = 18,
	XS_SET_TARGET = 19,
	/* 20 was XS_RESTRICT; Xen removed it and the number stays unused. */
	XS_RESET_WATCHES = 21,
	XS_DIRECTORY_PART = 22,
	XS_TYPE_COUNT = 23,
	XS_INVALID = 0xffff, /* never a valid type */
};

/* The old name of XS_CONTROL, still used by programs written for older Xen. */
#define XS_DEBUG XS_CONTROL

/* Reserved write-flag strings from the original protocol; kept for source compatibility. */
#define XS_WRITE_NONE	     "NONE"
#define XS_WRITE_CREATE	     "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Errors travel as the errno's name ("ENOENT"), not its number, because the two ends may
 * disagree on numbering. Programs look names up in this table; its order is part of the ABI
 * (new names only ever go at the end).
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

#ifdef EINVAL
static const struct xsd_errors xsd_errors[] __attribute__((unused)) = {
	{EINVAL, "EINVAL"},	  {EACCES, "EACCES"},	{EEXIST, "EEXIST"}, {EISDIR, "EISDIR"},
	{ENOENT, "ENOENT"},	  {ENOMEM, "ENOMEM"},	{ENOSPC, "ENOSPC"}, {EIO, "EIO"},
	{ENOTEMPTY, "ENOTEMPTY"}, {ENOSYS, "ENOSYS"},	{EROFS, "EROFS"},   {EBUSY, "EBUSY"},
	{EAGAIN, "EAGAIN"},	  {EISCONN, "EISCONN"}, {E2BIG, "E2BIG"},   {EPERM, "EPERM"},
};
#endif

/* Every message in either direction: this header, then `len` bytes of payload. */
struct xsd_sockmsg {
	uint32_t type;	 /* enum xsd_sockmsg_type */
	uint32_t req_id; /* chosen by the client, echoed in the reply */
	uint32_t tx_id;	 /* transaction id, 0 outside a transaction */
	uint32_t len;	 /* payload bytes after the header */
};

/* Index of the two strings of a watch event as libxenstore returns them. */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN = 1,
};

/*
 * The page a guest shares with xenstored: two byte rings, requests from the guest and
 * replies plus watch events to it. Indices run freely and are reduced modulo the ring size
 * on use; a producer may be at most XENSTORE_RING_SIZE ahead of its consumer.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* guest -> xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* xenstored -> guest */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* offered by the daemon */
	uint32_t connection;	  /* XENSTORE_CONNECTED or XENSTORE_RECONNECT */
	uint32_t error;		  /* XENSTORE_ERROR_* once the daemon gave up on the ring */
};

/* A payload longer than this makes the daemon drop the connection. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longer paths are refused with EINVAL (relative paths count from the domain's home). */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR	     2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif
