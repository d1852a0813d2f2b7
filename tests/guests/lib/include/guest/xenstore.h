/* SPDX-License-Identifier: MIT */
/*
 * A xenstore client over the guest's ring page, as a guest kernel's xenbus driver talks to
 * xenstored: the page and event channel come from HVM_PARAM_STORE_PFN / STORE_EVTCHN, requests
 * go into req[], replies and watch events come out of rsp[], each side signals the port after
 * moving an index. One request is outstanding at a time; watch events that arrive meanwhile
 * are queued. Waits poll the port (SCHEDOP_poll) against the pvclock, so shared_info must be
 * mapped first (shared_info_map()). Results are 0 or a negative Xen errno: the daemon's error
 * name translated, -ETIMEDOUT when nothing came in time, -EIO for a malformed reply or impossible
 * ring index.
 */
#ifndef GUEST_XENSTORE_H
#define GUEST_XENSTORE_H

#include <stdint.h>
#include <public/io/xs_wire.h>

/* Reads the store parameters; 0 or the hypercall's error. Does not talk to the daemon. */
long xs_ring_init(void);
uint64_t xs_ring_pfn(void);
uint32_t xs_ring_port(void);
struct xenstore_domain_interface *xs_ring_page(void);

/* How long each call waits for its reply (ns of system time). */
void xs_ring_set_timeout(uint64_t ns);

/*
 * One request: payload is len bytes (strings with their nuls). The reply's payload is copied
 * into reply (nul-terminated, truncated to size - 1; its full length in *reply_len).
 */
long xs_ring_call(uint32_t type, const char *payload, uint32_t len, char *reply, uint32_t size,
		  uint32_t *reply_len);

long xs_ring_read(const char *path, char *value, uint32_t size);
long xs_ring_write(const char *path, const char *value);
/* The children's names, each followed by a nul, in list; their count in *count. */
long xs_ring_directory(const char *path, char *list, uint32_t size, uint32_t *count);
long xs_ring_watch(const char *path, const char *token);
/* The next watch event (queued or new) within timeout_ns of system time. */
long xs_ring_next_event(char *path, uint32_t path_size, char *token, uint32_t token_size,
			uint64_t timeout_ns);

#endif
