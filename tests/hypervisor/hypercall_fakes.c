// SPDX-License-Identifier: MIT
/*
 * The fakes behind the hypercall handler tests (see hypercall_fakes.h). Guest copies follow the
 * real guest_access.c page by page: a copy that meets a bad page fails with -EFAULT after
 * having copied the pages before it, as the hypervisor's own does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/grant_table.h>
#include <lamina/guest_access.h>
#include <lamina/pvclock.h>
#include <lamina/sched.h>
#include <lamina/setup.h>
#include <asm/npt.h>
#include <asm/time.h>

#include <lamina/foreign_map.h>
#include "hypercall_fakes.h"

#define MAX_FAKE_DOMAINS 8

struct fake_record fake;
char hypervisor_cmdline[1024];

static struct fake_domain *domains[MAX_FAKE_DOMAINS];

static const struct hvm_memmap_table_entry sample_memmap[] = {
	{.addr = 0, .size = 0x9f000, .type = 1},
	{.addr = 0x9f000, .size = 0x61000, .type = 2},
	{.addr = 0x100000, .size = 0x1f00000, .type = 1},
};

void fakes_reset(void)
{
	for (unsigned int i = 0; i < MAX_FAKE_DOMAINS; i++) {
		if (!domains[i])
			continue;
		free(domains[i]->mem);
		free(domains[i]->d.shared_info);
		free(domains[i]);
		domains[i] = NULL;
	}
	memset(&fake, 0, sizeof(fake));
	snprintf(hypervisor_cmdline, sizeof(hypervisor_cmdline), "loglvl=all dom0_mem=64M");
}

int fakes_setup(void **state)
{
	(void)state;
	fakes_reset();
	return 0;
}

int fakes_teardown(void **state)
{
	(void)state;
	fakes_reset();
	return 0;
}

struct fake_domain *fake_domain_new(domid_t domid, bool privileged, unsigned int nr_vcpus)
{
	struct fake_domain *fd = calloc(1, sizeof(*fd));
	unsigned int slot = 0;

	assert_non_null(fd);
	assert_true(nr_vcpus >= 1 && nr_vcpus <= FAKE_MAX_VCPUS);
	while (slot < MAX_FAKE_DOMAINS && domains[slot])
		slot++;
	assert_true(slot < MAX_FAKE_DOMAINS);
	domains[slot] = fd;

	fd->mem = aligned_alloc(GUEST_PAGE, GUEST_BYTES);
	fd->d.shared_info = aligned_alloc(GUEST_PAGE, GUEST_PAGE);
	assert_non_null(fd->mem);
	assert_non_null(fd->d.shared_info);
	memset(fd->mem, FILL, GUEST_BYTES);
	memset(fd->d.shared_info, 0, GUEST_PAGE);
	for (unsigned int p = 0; p < GUEST_PAGES; p++)
		fd->access[p] = PAGE_READ_WRITE;
	fd->access[0] = PAGE_ABSENT;
	fd->access[GVA_RO / GUEST_PAGE] = PAGE_READ_ONLY;
	fd->access[GVA_HOLE / GUEST_PAGE] = PAGE_ABSENT;

	fd->d.domid = domid;
	snprintf(fd->d.name, sizeof(fd->d.name), "fake%u", domid);
	fd->d.is_initial = privileged;
	fd->d.is_privileged = privileged;
	fd->d.shared_info_gfn = GFN_NONE;
	fd->d.tot_pages = 8192;
	fd->d.max_pages = 8200;
	fd->d.nr_memmap = sizeof(sample_memmap) / sizeof(sample_memmap[0]);
	memcpy(fd->d.memmap, sample_memmap, sizeof(sample_memmap));
	fd->d.nr_vcpus = nr_vcpus;
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		struct vcpu *v = &fd->vcpus[i];

		v->domain = &fd->d;
		v->vcpu_id = i;
		v->state = i == 0 ? VCPU_RUNNABLE : VCPU_DOWN;
		v->vcpu_info = &fd->d.shared_info->vcpu_info[i];
		fd->d.vcpus[i] = v;
	}
	return fd;
}

void fake_set_access(struct fake_domain *fd, unsigned int page, enum page_access access)
{
	assert_true(page < GUEST_PAGES);
	fd->access[page] = access;
}

void *guest_ptr(struct fake_domain *fd, uint64_t gva)
{
	assert_true(gva < GUEST_BYTES);
	return fd->mem + gva;
}

void guest_put(struct fake_domain *fd, uint64_t gva, const void *src, size_t len)
{
	assert_true(gva + len <= GUEST_BYTES);
	memcpy(fd->mem + gva, src, len);
}

bool guest_untouched(struct fake_domain *fd, uint64_t gva, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (gva + i < GUEST_BYTES && fd->mem[gva + i] != FILL)
			return false;
	return true;
}

/* --- guest memory ----------------------------------------------------------------------------- */

static struct fake_domain *fake_of(struct domain *d)
{
	return (struct fake_domain *)d;
}

void *domain_gpa_to_host(struct domain *d, uint64_t gpa, bool write)
{
	struct fake_domain *fd = fake_of(d);
	enum page_access a;

	if (gpa >= GUEST_BYTES)
		return NULL;
	a = fd->access[gpa / GUEST_PAGE];
	if (a == PAGE_ABSENT || (write && a != PAGE_READ_WRITE))
		return NULL;
	return fd->mem + gpa;
}

static size_t page_chunk(uint64_t gva, size_t len)
{
	size_t left_in_page = GUEST_PAGE - (gva & (GUEST_PAGE - 1));

	return len < left_in_page ? len : left_in_page;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	uint8_t *out = dst;

	while (len) {
		size_t n = page_chunk(gva, len);
		const void *src = domain_gpa_to_host(v->domain, gva, false);

		if (!src)
			return -EFAULT;
		memcpy(out, src, n);
		out += n;
		gva += n;
		len -= n;
	}
	return 0;
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	const uint8_t *in = src;

	while (len) {
		size_t n = page_chunk(gva, len);
		void *dst = domain_gpa_to_host(v->domain, gva, true);

		if (!dst)
			return -EFAULT;
		memcpy(dst, in, n);
		in += n;
		gva += n;
		len -= n;
	}
	return 0;
}

/* --- domains and scheduling ------------------------------------------------------------------- */

struct domain *domain_by_id(domid_t domid)
{
	for (unsigned int i = 0; i < MAX_FAKE_DOMAINS; i++)
		if (domains[i] && domains[i]->d.domid == domid)
			return &domains[i]->d;
	return NULL;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	fake.shutdowns++;
	fake.shutdown_domain = d;
	fake.shutdown_reason = reason;
}

/* The real ones stop and restart vCPUs; here only the nesting count moves. */
void domain_pause(struct domain *d)
{
	fake.pauses++;
	d->pause_count++;
}

void domain_unpause(struct domain *d)
{
	assert_true(d->pause_count > 0);
	fake.unpauses++;
	d->pause_count--;
}

void vcpu_yield(struct vcpu *v)
{
	fake.yields++;
	fake.last_sched_vcpu = v;
}

void vcpu_block(struct vcpu *v)
{
	fake.blocks++;
	fake.last_sched_vcpu = v;
}

void sched_kick(struct vcpu *v)
{
	fake.kicks++;
	fake.last_sched_vcpu = v;
}

/* --- nested paging, time, console ------------------------------------------------------------- */

int npt_map(struct domain *d, uint64_t gfn, uint64_t mfn, uint64_t nr, unsigned int perms)
{
	fake.npt_maps++;
	fake.last_map.d = d;
	fake.last_map.gfn = gfn;
	fake.last_map.mfn = mfn;
	fake.last_map.nr = nr;
	fake.last_map.perms = perms;
	return fake.npt_map_rc;
}

bool npt_lookup(struct domain *d, uint64_t gfn, bool want_write, uint64_t *mfn)
{
	(void)d;
	(void)want_write;
	*mfn = gfn;
	return fake.npt_lookup_found;
}

int foreign_map_add(struct domain *d, domid_t owner, uint64_t idx, uint64_t gfn)
{
	fake.foreign_adds++;
	fake.last_foreign.d = d;
	fake.last_foreign.owner = owner;
	fake.last_foreign.idx = idx;
	fake.last_foreign.gfn = gfn;
	return fake.foreign_add_rc;
}

bool foreign_map_remove(struct domain *d, uint64_t gfn)
{
	fake.foreign_removes++;
	fake.last_foreign.d = d;
	fake.last_foreign.gfn = gfn;
	return fake.foreign_remove_found;
}

void npt_unmap(struct domain *d, uint64_t gfn, uint64_t nr)
{
	fake.npt_unmaps++;
	fake.last_unmap.d = d;
	fake.last_unmap.gfn = gfn;
	fake.last_unmap.nr = nr;
}

/* Grant frames are the grant table tests' business: here only where the request arrives. */
long grant_table_map_frame(struct domain *d, uint64_t idx, uint64_t gfn)
{
	fake.grant_frame_maps++;
	fake.grant_frame_domain = d;
	fake.grant_frame_idx = idx;
	fake.grant_frame_gfn = gfn;
	return FAKE_GRANT_RC;
}

void vcpu_time_update(struct vcpu *v)
{
	fake_of(v->domain)->time_updates[v->vcpu_id]++;
}

uint64_t now_ns(void)
{
	return FAKE_NOW_NS;
}

void console_guest_write(struct domain *d, const char *s, size_t n)
{
	assert_true(fake.console_len + n <= sizeof(fake.console));
	memcpy(fake.console + fake.console_len, s, n);
	fake.console_len += n;
	fake.console_writes++;
	fake.console_domain = d;
}

void printk(int level, const char *fmt, ...)
{
	size_t room = sizeof(fake.log) - fake.log_len;
	va_list ap;
	int n;

	(void)level;
	va_start(ap, fmt);
	n = vsnprintf(fake.log + fake.log_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		fake.log_len += (size_t)n < room ? (size_t)n : room - 1;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fail_msg("the code under test panicked");
	abort();
}
