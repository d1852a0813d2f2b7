// SPDX-License-Identifier: MIT
/* Domain lifecycle: creation, guest memory, shutdown, crash and teardown. */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/event.h>
#include <lamina/foreign_map.h>
#include <lamina/grant_table.h>
#include <lamina/lib.h>
#include <lamina/memory.h>
#include <lamina/pvclock.h>
#include <asm/time.h>
#include <lamina/sched.h>
#include <lamina/smp.h>
#include <public/sched.h>
#include <asm/npt.h>
#include <asm/svm.h>

bool have_initial_domain;
static struct domain *domain_list;
static unsigned int nr_domains;
static spinlock_t domain_list_lock = SPINLOCK_INIT;

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

struct domain *domain_by_id(domid_t domid)
{
	uint64_t flags = spin_lock_irqsave(&domain_list_lock);
	struct domain *d = domain_list;

	while (d && d->domid != domid)
		d = d->next;
	spin_unlock_irqrestore(&domain_list_lock, flags);
	return d;
}

static void domain_free(struct domain *d);

struct domain *domain_get(domid_t domid)
{
	uint64_t flags = spin_lock_irqsave(&domain_list_lock);
	struct domain *d = domain_list;

	while (d && d->domid != domid)
		d = d->next;
	/* Listed domains still hold their own reference, so this never revives a freed one. */
	if (d)
		domain_hold(d);
	spin_unlock_irqrestore(&domain_list_lock, flags);
	return d;
}

bool domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return false;
	domain_free(d);
	return true;
}

unsigned int domain_count(void)
{
	return nr_domains;
}

static void vcpu_free(struct vcpu *v)
{
	svm_vcpu_destroy(v);
	xfree(v, sizeof(*v));
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = xzalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->domain = d;
	v->vcpu_id = id;
	v->state = VCPU_DOWN;
	/* Beyond shared_info's slots a vCPU has a private record until it registers one. */
	v->vcpu_info =
		id < XEN_LEGACY_MAX_VCPUS ? &d->shared_info->vcpu_info[id] : &v->dummy_vcpu_info;
	if (svm_vcpu_init(v) < 0) {
		vcpu_free(v);
		return NULL;
	}
	return v;
}

/* Frees everything a domain holds; its vCPUs are off every CPU and no list references it. */
static void domain_free(struct domain *d)
{
	if (d->tot_pages)
		log_info("d%u: %llu pages returned to the pool\n", d->domid,
			 (unsigned long long)d->tot_pages);
	grant_table_destroy(d);
	evtchn_destroy(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i])
			vcpu_free(d->vcpus[i]);
	for (unsigned int i = 0; i < d->nr_extents; i++)
		free_frames(d->extents[i].mfn, d->extents[i].nr);
	npt_destroy(d);
	free_pages(d->shared_info, 1);
	xfree(d, sizeof(*d));
}

static void domain_publish_wallclock(struct domain *d)
{
	uint64_t sec;
	uint32_t nsec;

	arch_wallclock_at_boot(&sec, &nsec);
	wallclock_publish(d->shared_info, sec, nsec);
}

struct domain *domain_create(const char *name, domid_t domid, unsigned int nr_vcpus, bool initial)
{
	struct domain *d;
	uint64_t flags;

	if (nr_vcpus == 0 || nr_vcpus > CONFIG_MAX_VCPUS || domain_by_id(domid))
		return NULL;
	d = xzalloc(sizeof(*d));
	if (!d)
		return NULL;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->domid = domid;
	d->is_initial = initial;
	d->is_privileged = initial;
	d->shared_info_gfn = GFN_NONE;
	d->lock = (spinlock_t)SPINLOCK_INIT;
	d->console_lock = (spinlock_t)SPINLOCK_INIT;
	d->arch.asid = domid + 1u; /* ASID 0 is the host's */
	d->weight = DOMAIN_DEFAULT_WEIGHT;
	d->refs = 1; /* its own, dropped once it is dead and no CPU can still see it */
	d->shared_info = alloc_pages(1);
	if (d->shared_info)
		domain_publish_wallclock(d);
	if (!d->shared_info || npt_init(d) < 0 || evtchn_init(d) < 0 || grant_table_create(d) < 0)
		goto fail;
	d->nr_vcpus = nr_vcpus;
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		d->vcpus[i] = vcpu_create(d, i);
		if (!d->vcpus[i])
			goto fail;
	}
	flags = spin_lock_irqsave(&domain_list_lock);
	d->next = domain_list;
	domain_list = d;
	nr_domains++;
	spin_unlock_irqrestore(&domain_list_lock, flags);
	return d;
fail:
	domain_free(d);
	return NULL;
}

/* Allocates in the largest contiguous runs the pool has, halving on failure. */
int domain_populate(struct domain *d, uint64_t gpa, uint64_t bytes)
{
	uint64_t gfn = gpa >> 12, left = bytes >> 12, chunk = left;

	if ((gpa | bytes) & 0xfff)
		return -EINVAL;
	while (left) {
		uint64_t n = MIN(chunk, left);
		uint64_t mfn;

		if (d->nr_extents == DOMAIN_MAX_EXTENTS)
			return -ENOMEM;
		mfn = alloc_frames(n, 1);
		if (mfn == (uint64_t)-1) {
			if (chunk == 1)
				return -ENOMEM;
			chunk /= 2;
			continue;
		}
		memset(phys_to_virt(mfn << 12), 0, n << 12);
		d->extents[d->nr_extents++] = (struct mem_extent){gfn, mfn, n};
		if (npt_map(d, gfn, mfn, n, NPT_RWX) < 0)
			return -ENOMEM;
		d->tot_pages += n;
		gfn += n;
		left -= n;
	}
	d->max_pages = d->tot_pages;
	return 0;
}

void *domain_gpa_to_host(struct domain *d, uint64_t gpa, bool write)
{
	uint64_t mfn;

	if (!npt_lookup(d, gpa >> 12, write, &mfn))
		return NULL;
	return (uint8_t *)phys_to_virt(mfn << 12) + (gpa & 0xfff);
}

int domain_copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, uint64_t len)
{
	const uint8_t *s = src;

	while (len) {
		uint64_t chunk = MIN(len, 4096 - (gpa & 0xfff));
		void *dst = domain_gpa_to_host(d, gpa, true);

		if (!dst)
			return -EFAULT;
		memcpy(dst, s, chunk);
		s += chunk;
		gpa += chunk;
		len -= chunk;
	}
	return 0;
}

void domain_start(struct domain *d)
{
	d->vcpus_on_cpu = d->nr_vcpus;
	d->vcpus[0]->state = VCPU_RUNNABLE;
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		sched_add_vcpu(d->vcpus[i]);
}

static void stop_domain(struct domain *d)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		sched_evict(d->vcpus[i]);
}

/* The initial domain hears about every other domain's shutdown and death (VIRQ_DOM_EXC). */
static void notify_control_domain(struct domain *d)
{
	struct domain *control = have_initial_domain ? domain_by_id(0) : NULL;

	if (control && control != d && control->state == DOMAIN_RUNNING)
		send_global_virq(control, VIRQ_DOM_EXC);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool first = d->state == DOMAIN_RUNNING;

	if (first) {
		d->state = DOMAIN_SHUTDOWN;
		d->shutdown_reason = reason;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (!first)
		return;
	log_info("d%u: shutdown: %s\n", d->domid,
		 reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason]
			 ? shutdown_names[reason]
			 : "unknown");
	notify_control_domain(d);
	if (d->is_initial) {
		/* The initial domain owns the machine's lifetime, as dom0 does under Xen. */
		if (reason == SHUTDOWN_poweroff)
			machine_power_off();
		machine_restart();
	}
	stop_domain(d);
}

void domain_crash(struct vcpu *v, uint64_t rip, const char *fmt, ...)
{
	struct domain *d = v->domain;
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	log_err("d%u crashed: %s rip=%#llx (vcpu %u)\n", d->domid, why, (unsigned long long)rip,
		v->vcpu_id);
	d->crashed = true;
	domain_shutdown(d, SHUTDOWN_crash);
}

/* Returns true when this unlink removed the last domain: exactly one caller ever sees that. */
static bool domain_unlink(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&domain_list_lock);
	struct domain **pp = &domain_list;
	bool last = false;

	while (*pp && *pp != d)
		pp = &(*pp)->next;
	if (*pp) {
		*pp = d->next;
		nr_domains--;
		last = nr_domains == 0;
	}
	spin_unlock_irqrestore(&domain_list_lock, flags);
	return last;
}

void domain_discard(struct domain *d)
{
	domain_unlink(d);
	domain_free(d);
}

/*
 * Dead domains wait here until every CPU has passed through its scheduler loop (or idled) since
 * they were unlinked: a hypercall on another CPU may still hold a pointer it found by domid.
 */
struct graveyard_entry {
	struct domain *d;
	uint64_t epoch;
};

#define GRAVEYARD_SLOTS CONFIG_MAX_DOMAINS
static struct graveyard_entry graveyard[GRAVEYARD_SLOTS];
static spinlock_t graveyard_lock = SPINLOCK_INIT;
static uint64_t grace_epoch;
static uint64_t cpu_seen_epoch[CONFIG_MAX_CPUS];
static bool cpu_idle[CONFIG_MAX_CPUS];

static bool grace_passed(uint64_t epoch)
{
	for (unsigned int c = 0; c < nr_cpus_online; c++)
		if (!__atomic_load_n(&cpu_idle[c], __ATOMIC_SEQ_CST) &&
		    __atomic_load_n(&cpu_seen_epoch[c], __ATOMIC_SEQ_CST) < epoch)
			return false;
	return true;
}

static void bury(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&graveyard_lock);

	for (unsigned int i = 0; i < GRAVEYARD_SLOTS; i++) {
		if (!graveyard[i].d) {
			graveyard[i] = (struct graveyard_entry){d, ++grace_epoch};
			spin_unlock_irqrestore(&graveyard_lock, flags);
			return;
		}
	}
	spin_unlock_irqrestore(&graveyard_lock, flags);
	/* Cannot happen: there are never more dead domains than domains. */
	panic("graveyard full while burying d%u", d->domid);
}

void domain_cpu_quiescent(unsigned int cpu, bool idle)
{
	__atomic_store_n(&cpu_seen_epoch[cpu], __atomic_load_n(&grace_epoch, __ATOMIC_SEQ_CST),
			 __ATOMIC_SEQ_CST);
	__atomic_store_n(&cpu_idle[cpu], idle, __ATOMIC_SEQ_CST);
}

void domain_quiescent(unsigned int cpu, bool idle)
{
	struct domain *reap[GRAVEYARD_SLOTS];
	unsigned int n = 0;
	uint64_t flags;

	domain_cpu_quiescent(cpu, idle);
	flags = spin_lock_irqsave(&graveyard_lock);
	for (unsigned int i = 0; i < GRAVEYARD_SLOTS; i++) {
		if (graveyard[i].d && grace_passed(graveyard[i].epoch)) {
			reap[n++] = graveyard[i].d;
			graveyard[i].d = NULL;
		}
	}
	spin_unlock_irqrestore(&graveyard_lock, flags);
	for (unsigned int i = 0; i < n; i++)
		domain_put(reap[i]); /* freed now, or by the last unmap of its grants */
}

void domain_vcpu_gone(struct vcpu *v)
{
	struct domain *d = v->domain;
	unsigned int left = __atomic_sub_fetch(&d->vcpus_on_cpu, 1, __ATOMIC_ACQ_REL);
	bool last;

	if (left != 0)
		return;
	d->state = DOMAIN_DEAD;
	/* Closing the ports now turns every remote end unbound before anyone can send to us. */
	evtchn_destroy(d);
	last = domain_unlink(d);
	grant_table_release_mappings(d);
	foreign_map_release_all(d);
	log_info("d%u: destroyed\n", d->domid);
	notify_control_domain(d);
	bury(d);
	/* With no initial domain nothing can ever create another domain: stop the machine. */
	if (!have_initial_domain && last) {
		log_info("no domains left: powering off\n");
		machine_power_off();
	}
}
