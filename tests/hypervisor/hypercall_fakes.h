/* SPDX-License-Identifier: MIT */
/*
 * Host-side stand-ins for what the hypercall handlers (hypervisor/common/hypercall/) call, so
 * that the handler files themselves are linked and tested unmodified.
 *
 * Each fake domain has GUEST_PAGES pages of guest memory in which guest-virtual equals
 * guest-physical (a guest with paging off), with a fixed layout of page permissions that every
 * test can rely on:
 *
 *   page 0          absent: a null pointer faults
 *   pages 1-4, 6    read-write
 *   page 5          read-only (GVA_RO): fine as an input, -EFAULT as an output
 *   page 7          absent (GVA_HOLE): gva_crossing() puts a struct half before it
 *   pages 8-15      read-write
 *   GUEST_BYTES on  no memory at all
 *
 * Untouched memory holds FILL, so a test sees exactly which bytes a handler wrote.
 */
#ifndef HYPERCALL_FAKES_H
#define HYPERCALL_FAKES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lamina/domain.h>

#define GUEST_PAGES 16
#define GUEST_PAGE  4096ULL
#define GUEST_BYTES (GUEST_PAGES * GUEST_PAGE)
#define FILL	    0x5a

#define GVA_OK	       0x2000ULL /* read-write, page 2 */
#define GVA_OK2	       0x3000ULL /* read-write, page 3 */
#define GVA_RO	       0x5000ULL
#define GVA_HOLE       0x7000ULL
#define GVA_BEYOND     GUEST_BYTES
#define GVA_NONCANON   0x0000800000000000ULL
#define FAKE_NOW_NS    123456789ULL
#define FAKE_MAX_VCPUS 4
#define FAKE_GRANT_RC  (-4242) /* what grant_table_map_frame returns */

/* A struct of `size` bytes whose first half is readable and writable and whose rest is absent. */
static inline uint64_t gva_crossing(size_t size)
{
	return GVA_HOLE - size / 2;
}

enum page_access {
	PAGE_ABSENT,
	PAGE_READ_ONLY,
	PAGE_READ_WRITE,
};

struct fake_domain {
	struct domain d; /* first: a struct domain * is also the fake_domain * */
	struct vcpu vcpus[FAKE_MAX_VCPUS];
	unsigned int time_updates[FAKE_MAX_VCPUS];
	uint8_t *mem;
	enum page_access access[GUEST_PAGES];
};

/* What the handlers did through the fakes since the last fakes_reset(). */
struct fake_record {
	unsigned int yields, blocks, kicks;
	struct vcpu *last_sched_vcpu;

	unsigned int shutdowns;
	struct domain *shutdown_domain;
	unsigned int shutdown_reason;

	unsigned int pauses, unpauses; /* domain_pause, domain_unpause */

	unsigned int npt_maps, npt_unmaps;
	int npt_map_rc; /* what npt_map returns */
	struct {
		struct domain *d;
		uint64_t gfn, mfn, nr;
		unsigned int perms;
	} last_map;
	struct {
		struct domain *d;
		uint64_t gfn, nr;
	} last_unmap;

	unsigned int foreign_adds, foreign_removes; /* foreign_map_add, foreign_map_remove */
	int foreign_add_rc;			    /* what foreign_map_add returns */
	bool foreign_remove_found;		    /* what foreign_map_remove returns */
	struct {
		struct domain *d;
		domid_t owner;
		uint64_t idx, gfn;
	} last_foreign;
	bool npt_lookup_found; /* what npt_lookup answers */

	unsigned int grant_frame_maps; /* grant_table_map_frame */
	struct domain *grant_frame_domain;
	uint64_t grant_frame_idx, grant_frame_gfn;

	char console[16384]; /* console_guest_write output, all domains */
	size_t console_len;
	unsigned int console_writes;
	struct domain *console_domain;

	char log[8192]; /* printk output */
	size_t log_len;
};

extern struct fake_record fake;

/* Forgets every domain and every record; hypervisor_cmdline gets a known string. */
void fakes_reset(void);
/* cmocka setup and teardown: fakes_reset() around each test. */
int fakes_setup(void **state);
int fakes_teardown(void **state);
/*
 * A domain with the layout above, nr_vcpus vCPUs (vCPU 0 runnable, the others down) whose
 * vcpu_info lives in shared_info, a three-entry memory map, and domain_by_id() finding it.
 */
struct fake_domain *fake_domain_new(domid_t domid, bool privileged, unsigned int nr_vcpus);
void fake_set_access(struct fake_domain *fd, unsigned int page, enum page_access access);

/* Direct access to guest memory, bypassing permissions (the test's own view). */
void *guest_ptr(struct fake_domain *fd, uint64_t gva);
void guest_put(struct fake_domain *fd, uint64_t gva, const void *src, size_t len);
/* Whether [gva, gva + len) still holds FILL everywhere. */
bool guest_untouched(struct fake_domain *fd, uint64_t gva, size_t len);

/* A hypercall as the exit handler makes it: five argument registers. */
static inline long hcall(long (*fn)(struct vcpu *, const uint64_t[5]), struct vcpu *v, uint64_t a0,
			 uint64_t a1, uint64_t a2)
{
	const uint64_t args[5] = {a0, a1, a2, 0xdead0003, 0xdead0004};

	return fn(v, args);
}

#endif
