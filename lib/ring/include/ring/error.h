/* SPDX-License-Identifier: MIT */
/*
 * Status codes of lib/ring. Functions return 0 (or a count) on success and the negated code on
 * failure. Each code says whether the peer broke the protocol badly enough that the caller must
 * disconnect (ring_error_is_fatal) or whether one request is bad and should get an error
 * response.
 */
#ifndef RING_ERROR_H
#define RING_ERROR_H

#include <stdbool.h>

enum ring_error {
	RING_OK = 0,
	/* The ring itself. */
	RING_EGEOMETRY, /* not even one slot fits in the pages given */
	RING_EFULL,    /* no free slot for a new request (flow control, not an error of the peer) */
	RING_ENOREQ,   /* a response without a consumed request to answer (caller bug) */
	RING_EOVERRUN, /* the peer's producer index is further ahead than the ring allows */
	RING_EREWIND,  /* the peer's producer index moved backwards */
	/* blkif requests. */
	BLKIF_EOPERATION,   /* unknown or reserved operation */
	BLKIF_EUNSUPPORTED, /* operation whose feature the backend did not advertise */
	BLKIF_ESEGMENTS,    /* segment count out of range for the operation */
	BLKIF_ESECTOR,	    /* first_sect/last_sect not an ordered range within one page */
	BLKIF_ERANGE,	    /* sectors beyond the end of the disk */
	BLKIF_EREADONLY,    /* write to a read-only disk */
	BLKIF_EINDIRECTOP,  /* indirect request wrapping something other than read or write */
	BLKIF_EDISCARDFLAG, /* unknown discard flag, or secure discard not advertised */
	BLKIF_EGREF,	    /* reserved grant reference */
	BLKIF_ESTATUS,	    /* response status not defined by the protocol */
	/* netif packets. */
	NETIF_ESIZE,	  /* packet or fragment size inconsistent */
	NETIF_EOFFSET,	  /* data crosses the end of its page */
	NETIF_EFLAGS,	  /* unknown flag, or a flag where it may not appear */
	NETIF_ETRUNCATED, /* a slot chain runs past the slots the producer published */
	NETIF_ESLOTS,	  /* packet needs more slots than the backend accepts */
	NETIF_EEXTRA,	  /* extra-info slot of an unknown or repeated type, or bad flags */
	NETIF_EGSO,	  /* GSO extra with a zero MSS, unknown type, or GSO not advertised */
	NETIF_EGREF,	  /* reserved grant reference */
	NETIF_EID,	  /* response id outside the ring */
	NETIF_ESTATUS,	  /* response status not defined by the protocol */
	RING_ERROR_COUNT
};

/* A short English description of err (either sign); never NULL. */
const char *ring_strerror(int err);

/* True if err means the peer cannot be trusted any more and the connection must go. */
bool ring_error_is_fatal(int err);

#endif
