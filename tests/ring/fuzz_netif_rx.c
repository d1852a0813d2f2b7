// SPDX-License-Identifier: MIT
/*
 * Fuzzes the frontend's rx packet consumer through a real ring against a hostile backend: the
 * input is the response slots and rsp_prod. Accepted packets must have ids inside the ring and
 * data inside their pages.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ring/netif.h>

static uint8_t page[XEN_PAGE_SIZE] __attribute__((aligned(4096)));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netif_limits limits = {.max_slots = 18, .gso_tcpv4 = true, .gso_tcpv6 = true};
	static struct netif_rx_packet pkt;
	struct netif_rx_request req = {.gref = 8};
	struct ring_front f;
	size_t n;
	int r;

	if (size < 1)
		return 0;
	netif_rx_front_init(&f, page, 0);
	/* Post a ring's worth of empty pages, as a frontend does. */
	for (uint32_t i = 0; i < f.nr_slots; i++)
		netif_rx_put_request(&f, &req);
	ring_front_push_requests(&f);
	n = (size - 1) / sizeof(union netif_rx_sring_entry);
	if (n > f.nr_slots)
		n = f.nr_slots;
	memcpy(f.sring->ring, data + 1, n * sizeof(union netif_rx_sring_entry));
	f.sring->rsp_prod = data[0] % 2 ? (uint32_t)n : data[0] * 8U;
	while ((r = netif_rx_get_packet(&f, &limits, &pkt)) == 1) {
		if (pkt.nr_data == 0 || pkt.nr_data > limits.max_slots)
			abort();
		for (uint32_t i = 0; i < pkt.nr_data; i++) {
			if (pkt.data[i].id >= f.nr_slots)
				abort();
			if (pkt.data[i].status >= 0 &&
			    pkt.data[i].offset + pkt.data[i].status > (int)XEN_PAGE_SIZE)
				abort();
		}
	}
	if (r < 0 && ring_error_is_fatal(r) && f.error != r)
		abort();
	return 0;
}
