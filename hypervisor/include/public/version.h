/* SPDX-License-Identifier: MIT */
/* xen_version sub-ops and the buffers they fill. */
#ifndef LAMINA_PUBLIC_VERSION_H
#define LAMINA_PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

/* Returns (major << 16) | minor; takes no argument. */
#define XENVER_version		   0
#define XENVER_extraversion	   1
#define XENVER_compile_info	   2
#define XENVER_capabilities	   3
#define XENVER_changeset	   4
#define XENVER_platform_parameters 5
#define XENVER_get_features	   6
/* Returns the page size; takes no argument. */
#define XENVER_pagesize	    7
#define XENVER_guest_handle 8
#define XENVER_commandline  9
#define XENVER_build_id	    10

#ifndef __ASSEMBLER__

/* The text buffers are fixed-size and NUL-padded; the guest passes one buffer of that size. */
typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];

#define XEN_EXTRAVERSION_LEN	  (sizeof(xen_extraversion_t))
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))
#define XEN_CHANGESET_INFO_LEN	  (sizeof(xen_changeset_info_t))

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};

struct xen_platform_parameters {
	xen_ulong_t virt_start;
};

struct xen_feature_info {
	uint32_t submap_idx; /* in: which 32-bit submap */
	uint32_t submap;     /* out: its bits */
};

/* The guest sets len to the size of buf; the hypervisor returns the id's length. */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};

#endif /* __ASSEMBLER__ */
#endif
