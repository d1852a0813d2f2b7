// SPDX-License-Identifier: MIT
/*
 * Fuzzes the backend's consumer against a frontend that writes anything to the shared page at
 * any moment. The input is a script: each byte picks an action of the hostile frontend (set
 * req_prod, scribble a slot) or of the backend (get, peek, respond, push, final check). The
 * backend must never report more than a ring's worth of requests, never answer more requests
 * than it consumed, and once it reports a protocol error, keep reporting it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ring/ring.h>

#define SLOT 24

static uint8_t pages[XEN_PAGE_SIZE * 2] __attribute__((aligned(4096)));

static uint32_t take32(const uint8_t **p, size_t *left)
{
	uint32_t v = 0;

	for (int i = 0; i < 4 && *left; i++, (*p)++, (*left)--)
		v |= (uint32_t) * *p << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ring_back b;
	uint8_t msg[SLOT];
	uint32_t answered = 0, consumed = 0;
	int latched = 0, r;

	memset(pages, 0, sizeof(pages));
	ring_back_init(&b, pages, size & 1, SLOT);
	while (size) {
		uint8_t op = *data++;
		uint32_t v;

		size--;
		switch (op % 8) {
		case 0: /* hostile: any producer index */
			b.sring->req_prod = take32(&data, &size);
			continue;
		case 1: /* hostile: a small forward step, the usual case */
			b.sring->req_prod += op >> 3;
			continue;
		case 2: /* hostile: scribble on a slot */
			v = take32(&data, &size);
			memset(b.sring->ring + (v % b.nr_slots) * SLOT, (int)(v >> 24), SLOT);
			continue;
		case 3:
			r = ring_back_get_request(&b, msg);
			if (r == 1)
				consumed++;
			break;
		case 4:
			r = ring_back_unconsumed(&b);
			if (r >= 0 && (uint32_t)r > b.nr_slots)
				abort();
			break;
		case 5:
			r = ring_back_put_response(&b, msg, SLOT);
			if (r == 0)
				answered++;
			break;
		case 6:
			ring_back_push_responses(&b);
			r = ring_back_peek_request(&b, op >> 3, msg);
			break;
		default:
			r = ring_back_final_check(&b);
			break;
		}
		if (answered > consumed)
			abort();
		if (latched && r != latched)
			abort();
		if (r < 0 && ring_error_is_fatal(r))
			latched = r;
		/* The private invariants the checks rest on. */
		if ((uint32_t)(b.req_seen - b.rsp_prod) > b.nr_slots ||
		    (uint32_t)(b.req_cons - b.rsp_prod) > (uint32_t)(b.req_seen - b.rsp_prod))
			abort();
	}
	return 0;
}
