// SPDX-License-Identifier: MIT
/*
 * Fuzzes the tx packet consumer through a real ring: the input is the frontend's slots and its
 * producer index. An accepted packet must be consistent (slot counts, sizes within pages); a
 * rejected one must leave the ring latched when the error is fatal.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ring/netif.h>

static uint8_t page[XEN_PAGE_SIZE] __attribute__((aligned(4096)));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netif_limits limits = {.max_slots = 18, .gso_tcpv4 = true};
	static struct netif_tx_packet pkt;
	struct ring_back b;
	uint32_t total = 0;
	size_t n;
	int r;

	if (size < 2)
		return 0;
	limits.gso_tcpv6 = data[0] & 1;
	limits.max_slots = XEN_NETIF_NR_SLOTS_MIN + data[0] % (NETIF_MAX_DATA_SLOTS - 17);
	memset(page, 0, sizeof(page));
	netif_tx_back_init(&b, page, 0);
	n = (size - 2) / sizeof(union netif_tx_sring_entry);
	if (n > b.nr_slots)
		n = b.nr_slots;
	memcpy(b.sring->ring, data + 2, n * sizeof(union netif_tx_sring_entry));
	b.sring->req_prod = data[1] <= n ? data[1] : (uint32_t)n;
	while ((r = netif_tx_get_packet(&b, &limits, &pkt)) == 1) {
		uint32_t rest = 0;

		if (pkt.nr_data == 0 || pkt.nr_data > limits.max_slots ||
		    pkt.nr_slots > pkt.nr_data + NETIF_MAX_EXTRA_SLOTS)
			abort();
		for (uint32_t i = 1; i < pkt.nr_data; i++) {
			if ((uint32_t)pkt.data[i].offset + pkt.data[i].size > XEN_PAGE_SIZE)
				abort();
			rest += pkt.data[i].size;
		}
		if (rest + pkt.first_len != pkt.data[0].size ||
		    pkt.data[0].offset + pkt.first_len > XEN_PAGE_SIZE)
			abort();
		total += pkt.nr_slots;
		if (netif_tx_respond(&b, &pkt, NETIF_RSP_OKAY) != 0)
			abort();
	}
	if (total > b.sring->req_prod)
		abort();
	if (r < 0 && ring_error_is_fatal(r) && b.error != r)
		abort();
	return 0;
}
