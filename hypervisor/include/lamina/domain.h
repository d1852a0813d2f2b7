/* SPDX-License-Identifier: MIT */
/* Domains and their vCPUs: the objects every other part of the hypervisor acts on. */
#ifndef LAMINA_DOMAIN_H
#define LAMINA_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/hvm/params.h>
#include <public/hvm/start_info.h>
#include <lamina/cmdline.h>
#include <lamina/timer.h>
#include <asm/domain.h>
#include <asm/spinlock.h>

enum vcpu_state {
	VCPU_RUNNABLE, /* on a run queue or running */
	VCPU_BLOCKED,  /* waiting for an event (SCHEDOP_block, HLT) */
	VCPU_DOWN,     /* not started, or stopped with its domain */
};

struct vcpu {
	struct domain *domain;
	unsigned int vcpu_id;
	unsigned int cpu; /* the physical CPU whose run queue holds it */
	enum vcpu_state state;
	bool on_runqueue;
	bool running; /* in arch_vcpu_run on its CPU right now */
	struct vcpu *rq_next;
	struct vcpu_info *vcpu_info; /* where its vcpu_info lives: shared_info or registered */
	bool vcpu_info_registered;
	bool initialised;      /* has a register state: the boot vCPU, or after VCPUOP_initialise */
	uint8_t upcall_vector; /* HVMOP_set_evtchn_upcall_vector; 0: none */
	struct vcpu_info
		dummy_vcpu_info; /* for vCPUs beyond shared_info's 32 until they register */

	uint32_t virq_to_port[NR_VIRQS];
	bool polling;	    /* in SCHEDOP_poll */
	uint32_t poll_port; /* the one port polled, or 0 for any of the domain's */
	bool paused_out;    /* left its CPU because the domain is paused */
	/* Time on a CPU in finished slices (sched.c): getdomaininfo's cpu_time. */
	uint64_t cpu_time_ns;
	struct timer singleshot_timer, periodic_timer, poll_timer;
	uint64_t periodic_period;
	uint64_t periodic_last_event; /* when the periodic timer last raised VIRQ_TIMER */

	struct arch_vcpu arch;
};

enum domain_state {
	DOMAIN_RUNNING,
	DOMAIN_SHUTDOWN, /* asked to stop, or crashed: vCPUs are leaving their CPUs */
	DOMAIN_DEAD,	 /* every vCPU has left: memory can be freed */
};

#define DOMAIN_MAX_EXTENTS 32
#define DOMAIN_MAX_MEMMAP  8
#define CONSOLE_LINE_MAX   128

/* A run of guest frames backed by contiguous host frames. */
struct mem_extent {
	uint64_t gfn, mfn, nr;
};

struct domain {
	domid_t domid;
	char name[DOMAIN_NAME_MAX];
	bool is_initial;    /* SIF_INITDOMAIN: its shutdown shuts the machine down */
	bool is_privileged; /* may use privileged hypercalls */
	bool is_hardware;   /* Linux on CPU0 with the devices, RAM mapped 1:1 (asm/hwdom.h) */
	enum domain_state state;
	unsigned int shutdown_reason;
	bool crashed;
	unsigned int pause_count; /* domain_pause() nesting: no vCPU runs while nonzero */
	unsigned int weight;	  /* scheduler share; 256 is the default slice */
	/* The toolstack's share of pause_count (domctl): it may undo only its own pauses. */
	unsigned int controller_pause_count;
	unsigned int nr_vcpus;
	unsigned int vcpus_on_cpu; /* vCPUs not yet off their CPUs after shutdown */
	struct vcpu *vcpus[CONFIG_MAX_VCPUS];
	spinlock_t lock;

	uint64_t tot_pages, max_pages;
	unsigned int nr_extents;
	struct mem_extent extents[DOMAIN_MAX_EXTENTS];
	unsigned int nr_memmap;
	struct hvm_memmap_table_entry memmap[DOMAIN_MAX_MEMMAP];

	struct shared_info *shared_info;
	uint64_t shared_info_gfn; /* ~0 until the guest places it */
	uint64_t hvm_params[HVM_NR_PARAMS];
	struct evtchn *evtchns; /* EVTCHN_MAX_PORTS entries */
	uint32_t evtchn_valid;	/* ports below it are in allocated buckets (Xen's valid_evtchns) */
	struct grant_table *grant_table;
	struct foreign_map *foreign_map; /* frames of other domains it maps (foreign_map.c) */
	/*
	 * References: its own until it is dead and past the graveyard, one per mapping of its
	 * grants by a domain and one per grant operation in progress on it. The last one frees it.
	 */
	unsigned int refs;

	spinlock_t console_lock;
	unsigned int console_len;
	char console_line[CONSOLE_LINE_MAX];

	struct arch_domain arch;
	struct domain *next;
};

#define GFN_NONE (~0ULL)

struct domain *domain_create(const char *name, domid_t domid, unsigned int nr_vcpus, bool initial);
/* Backs guest-physical [gpa, gpa + bytes) with fresh zeroed frames. */
int domain_populate(struct domain *d, uint64_t gpa, uint64_t bytes);
/* The host pointer to guest-physical gpa, or NULL if the guest has no (writable) page there. */
void *domain_gpa_to_host(struct domain *d, uint64_t gpa, bool write);
int domain_copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, uint64_t len);
void domain_start(struct domain *d);
/* Frees a domain that was created but never started. */
void domain_discard(struct domain *d);
struct domain *domain_by_id(domid_t domid);
/* A running (listed) domain with a reference taken, or NULL; domain_put() gives it back. */
struct domain *domain_get(domid_t domid);
/* Another reference to a domain the caller knows is alive (its own, for instance). */
static inline void domain_hold(struct domain *d)
{
	__atomic_add_fetch(&d->refs, 1, __ATOMIC_ACQ_REL);
}
/* Drops a reference; true when it was the last and the domain has been freed. */
bool domain_put(struct domain *d);
/* Orderly or requested stop: SCHEDOP_shutdown. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* The hypervisor stops a misbehaving domain: one log line with the reason and guest RIP. */
__attribute__((format(printf, 3, 4))) void domain_crash(struct vcpu *v, uint64_t rip,
							const char *fmt, ...);
/*
 * Called by every CPU at the top of its scheduler loop (idle: about to halt): frees the dead
 * domains no CPU can still be looking at.
 */
void domain_quiescent(unsigned int cpu, bool idle);
/*
 * The same mark without reaping, for the hardware domain's CPU around each VMRUN (its exits are
 * a hot path; the other CPUs free what is due).
 */
void domain_cpu_quiescent(unsigned int cpu, bool idle);
/* Called by the scheduler when a vCPU of a stopped domain has left its CPU. */
void domain_vcpu_gone(struct vcpu *v);
unsigned int domain_count(void);
/* Stops or restarts every vCPU of a domain (nesting). */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
#define DOMAIN_DEFAULT_WEIGHT 256

/* Whether a domain was configured that owns the machine's lifetime. */
extern bool have_initial_domain;

#endif
