/* SPDX-License-Identifier: MIT */
/*
 * What dom0-test and its peer guest (tests/guests/cases/dom0_peer.c, domid 1) agree on: the grant
 * reference of the page the peer shares with dom0, that page's layout, and the byte patterns each
 * side writes into it. Events carry no data; the page says what an event means.
 *
 * The exchange, each step one event from dom0 answered by one event from the peer:
 *   peer:  allocates an unbound port for dom0, fills the page (PEER_SEED), grants it at PEER_GREF
 *   dom0:  finds the port, binds it, pings; maps the page, checks it, writes DOM0_SEED, sets
 *          PEER_REPLIED
 *   peer:  checks dom0's bytes, writes its verdict, sets PEER_CHECKED
 *   dom0:  maps the same page a second time by its frame number (page_gfn) through privcmd, as a
 *          domain builder maps a guest's memory, and checks both views are one page
 *   dom0:  after the ICR test and a last ping, sets PEER_DONE and unmaps the page
 *   peer:  waits until its grant is no longer mapped, revokes it, and ends with its verdict
 * The peer counts every event it answered in `answered`, so dom0 can compare both counts.
 */
#ifndef DOM0_PEER_PAGE_H
#define DOM0_PEER_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#define PEER_DOMID 1
/* The first reference after the eight Xen keeps for the toolstack (0-7). */
#define PEER_GREF	 8
#define PEER_PAGE_SIZE	 4096
#define PEER_MAGIC	 0x304d414cU /* "LAM0" in memory order */
#define PEER_DATA_OFFSET 64
#define PEER_DATA_LEN	 (PEER_PAGE_SIZE - PEER_DATA_OFFSET)
#define PEER_SEED	 0x3c /* the peer's bytes */
#define DOM0_SEED	 0xc3 /* dom0's reply */

enum peer_stage {
	PEER_GRANTED = 1, /* the peer's pattern is in the page */
	PEER_REPLIED,	  /* dom0 overwrote the data with its own pattern */
	PEER_CHECKED,	  /* the peer judged dom0's pattern: see verdict */
	PEER_DONE,	  /* dom0 is finished; the peer may end once the page is unmapped */
};

enum peer_verdict {
	PEER_VERDICT_NONE,
	PEER_VERDICT_REPLY_OK,
	PEER_VERDICT_REPLY_BAD, /* bad_offset names the first wrong byte of the data */
};

struct peer_page_header {
	uint32_t magic;
	uint32_t stage;	     /* enum peer_stage */
	uint32_t verdict;    /* enum peer_verdict */
	uint32_t bad_offset; /* with PEER_VERDICT_REPLY_BAD */
	uint32_t answered;   /* events the peer answered so far */
	uint32_t page_gfn;   /* this page's frame in the peer: dom0 maps it by it through privcmd */
	uint32_t reserved[10];
};

_Static_assert(sizeof(struct peer_page_header) == PEER_DATA_OFFSET, "header fills the data offset");

/*
 * Byte @i of the data written from @seed: the top byte of a multiplicative hash of @i, so that
 * the page does not repeat itself and a page seen at a shifted offset does not pass.
 */
static inline uint8_t peer_pattern_byte(uint8_t seed, uint32_t i)
{
	return (uint8_t)(seed ^ (((i + 1) * 2654435761U) >> 24));
}

static inline void peer_pattern_fill(volatile uint8_t *data, uint8_t seed)
{
	for (uint32_t i = 0; i < PEER_DATA_LEN; i++)
		data[i] = peer_pattern_byte(seed, i);
}

/* The offset of the first byte of @data that differs from @seed's pattern, or PEER_DATA_LEN. */
static inline uint32_t peer_pattern_mismatch(const volatile uint8_t *data, uint8_t seed)
{
	uint32_t i;

	for (i = 0; i < PEER_DATA_LEN; i++)
		if (data[i] != peer_pattern_byte(seed, i))
			break;
	return i;
}

#endif
