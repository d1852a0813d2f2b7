/* SPDX-License-Identifier: MIT */
/* sched_op sub-ops and the shutdown reasons a domain reports. */
#ifndef LAMINA_PUBLIC_SCHED_H
#define LAMINA_PUBLIC_SCHED_H

#include "xen.h"

#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2
#define SCHEDOP_poll		3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code	5
#define SCHEDOP_watchdog	6
#define SCHEDOP_pin_override	7

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot	    1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash	    3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX	    5

#ifndef __ASSEMBLER__

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};

/* Blocks until one of the ports is pending or timeout (absolute system time, ns; 0: none). */
struct sched_poll {
	guest_handle_t ports; /* evtchn_port_t[nr_ports] */
	uint32_t nr_ports;
	uint64_t timeout;
};

struct sched_remote_shutdown {
	domid_t domain_id;
	uint32_t reason; /* SHUTDOWN_* */
};

/* id 0 creates a watchdog and returns its id; timeout 0 destroys watchdog id. */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout; /* seconds */
};

struct sched_pin_override {
	int32_t pcpu; /* negative: drop the override */
};

#endif /* __ASSEMBLER__ */
#endif
