// SPDX-License-Identifier: MIT
/*
 * Fuzzes the frontend's response consumer against a backend that writes anything to the shared
 * page. Each input byte picks an action of the hostile backend (set rsp_prod, scribble a slot)
 * or of the frontend (put, push, get, final check). The frontend must never accept more
 * responses than requests it published, and latches the first protocol error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ring/ring.h>

#define SLOT 16

static uint8_t pages[XEN_PAGE_SIZE] __attribute__((aligned(4096)));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ring_front f;
	uint8_t msg[SLOT] = {0};
	uint32_t got = 0;
	int latched = 0, r;

	ring_front_init(&f, pages, 0, SLOT);
	for (size_t i = 0; i < size; i++) {
		uint8_t op = data[i];

		switch (op % 6) {
		case 0:
			f.sring->rsp_prod += op >> 3;
			continue;
		case 1:
			f.sring->rsp_prod -= op >> 5;
			continue;
		case 2:
			memset(f.sring->ring + (op % f.nr_slots) * SLOT, op, SLOT);
			continue;
		case 3:
			r = ring_front_put_request(&f, msg, SLOT);
			ring_front_push_requests(&f);
			break;
		case 4:
			r = ring_front_get_response(&f, msg);
			if (r == 1)
				got++;
			break;
		default:
			r = ring_front_final_check(&f);
			break;
		}
		if (got > f.req_pub || (uint32_t)(f.req_prod - f.rsp_cons) > f.nr_slots)
			abort();
		if (latched && r != latched)
			abort();
		if (r < 0 && ring_error_is_fatal(r))
			latched = r;
	}
	return 0;
}
