// SPDX-License-Identifier: MIT
/* The table behind ring_strerror and ring_error_is_fatal. */
#include <stddef.h>
#include <ring/error.h>

struct ring_error_info {
	const char *text;
	bool fatal;
};

static const struct ring_error_info ring_errors[RING_ERROR_COUNT] = {
	[RING_OK] = {"success", false},
	[RING_EGEOMETRY] = {"ring pages too small for one slot", true},
	[RING_EFULL] = {"ring full", false},
	[RING_ENOREQ] = {"response without an outstanding request", false},
	[RING_EOVERRUN] = {"producer index beyond the ring size", true},
	[RING_EREWIND] = {"producer index moved backwards", true},
	[BLKIF_EOPERATION] = {"blkif: unknown operation", false},
	[BLKIF_EUNSUPPORTED] = {"blkif: operation not advertised", false},
	[BLKIF_ESEGMENTS] = {"blkif: bad number of segments", false},
	[BLKIF_ESECTOR] = {"blkif: bad first/last sector in a segment", false},
	[BLKIF_ERANGE] = {"blkif: sectors beyond the end of the disk", false},
	[BLKIF_EREADONLY] = {"blkif: write to a read-only disk", false},
	[BLKIF_EINDIRECTOP] = {"blkif: indirect request of a bad operation", false},
	[BLKIF_EDISCARDFLAG] = {"blkif: bad discard flag", false},
	[BLKIF_EGREF] = {"blkif: reserved grant reference", false},
	[BLKIF_ESTATUS] = {"blkif: undefined response status", true},
	[NETIF_ESIZE] = {"netif: inconsistent packet size", true},
	[NETIF_EOFFSET] = {"netif: data crosses a page boundary", true},
	[NETIF_EFLAGS] = {"netif: bad flags", true},
	[NETIF_ETRUNCATED] = {"netif: slot chain runs past the producer index", true},
	[NETIF_ESLOTS] = {"netif: too many slots in one packet", true},
	[NETIF_EEXTRA] = {"netif: bad extra-info slot", true},
	[NETIF_EGSO] = {"netif: bad GSO extra-info", false},
	[NETIF_EGREF] = {"netif: reserved grant reference", true},
	[NETIF_EID] = {"netif: response id outside the ring", true},
	[NETIF_ESTATUS] = {"netif: undefined response status", true},
};

static const struct ring_error_info *lookup(int err)
{
	if (err <= -RING_ERROR_COUNT || err >= RING_ERROR_COUNT)
		return NULL;
	if (err < 0)
		err = -err;
	return &ring_errors[err];
}

const char *ring_strerror(int err)
{
	const struct ring_error_info *info = lookup(err);

	return info ? info->text : "unknown ring error";
}

bool ring_error_is_fatal(int err)
{
	const struct ring_error_info *info = lookup(err);

	/* An unknown code cannot be reasoned about: treat it as the worst case. */
	return info ? info->fatal : true;
}
