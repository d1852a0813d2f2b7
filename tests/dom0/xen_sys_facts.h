/* SPDX-License-Identifier: MIT */
/* One number of the device ABI by name: the libxen-dev side (xen_sys_facts.c) and ours. */
#ifndef DOM0_XEN_SYS_FACTS_H
#define DOM0_XEN_SYS_FACTS_H

struct device_fact {
	const char *name;
	unsigned long value;
};

/* Ends with a NULL name. */
extern const struct device_fact xen_sys_facts[];

#endif
