/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, Xen 4.17 ABI (x86-64): the version 1 grant entry a domain writes to share one of
 * its pages, and the GNTTABOP_* operations other domains use to map or copy such pages. Only the
 * operations Lamina implements are described. Numbers and layouts are checked against libxen-dev
 * by tests/abi (group "grant").
 */
#ifndef LAMINA_PUBLIC_GRANT_TABLE_H
#define LAMINA_PUBLIC_GRANT_TABLE_H

#include <public/xen.h>

#ifndef __ASSEMBLER__
/* Index of an entry in the granting domain's table. */
typedef uint32_t grant_ref_t;
/* Names one mapping made by GNTTABOP_map_grant_ref, for the later unmap. */
typedef uint32_t grant_handle_t;

/*
 * One entry of a version 1 table; the table is a plain array of these over one or more frames.
 * The granter fills domid and frame, then sets flags last, because flags is what makes the
 * entry valid. The hypervisor sets GTF_reading / GTF_writing while a mapping or copy is live.
 */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_* */
	domid_t domid;	/* the domain allowed to use this grant */
	uint32_t frame; /* the granter's GFN */
};
#endif

/* Entries the toolstack may fill before the guest runs; they survive a version change. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE	   0
#define GNTTAB_RESERVED_XENSTORE   1

/* Entry type, in the low two bits of flags. */
#define GTF_invalid	    0U
#define GTF_permit_access   1U
#define GTF_accept_transfer 2U
#define GTF_transitive	    3U
#define GTF_type_mask	    3U

/* Flags of a GTF_permit_access entry. Bits set by the granter, except reading/writing. */
#define _GTF_readonly 2
#define GTF_readonly  (1U << _GTF_readonly)
#define _GTF_reading  3
#define GTF_reading   (1U << _GTF_reading)
#define _GTF_writing  4
#define GTF_writing   (1U << _GTF_writing)
#define _GTF_PWT      5
#define GTF_PWT	      (1U << _GTF_PWT)
#define _GTF_PCD      6
#define GTF_PCD	      (1U << _GTF_PCD)
#define _GTF_PAT      7
#define GTF_PAT	      (1U << _GTF_PAT)
#define _GTF_sub_page 8
#define GTF_sub_page  (1U << _GTF_sub_page)

/* Flags of a GTF_accept_transfer entry (the same bit positions mean other things there). */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed	(1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed	(1U << _GTF_transfer_completed)

/* Sub-operations of __HYPERVISOR_grant_table_op(cmd, guest_handle_t ops, count). */
#define GNTTABOP_map_grant_ref	   0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table	   2
#define GNTTABOP_dump_table	   3
#define GNTTABOP_transfer	   4
#define GNTTABOP_copy		   5
#define GNTTABOP_query_size	   6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version	   8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version	   10
#define GNTTABOP_swap_grant_ref	   11
#define GNTTABOP_cache_flush	   12

/* How a grant is mapped (gnttab_map_grant_ref.flags). */
#define _GNTMAP_device_map	0
#define GNTMAP_device_map	(1U << _GNTMAP_device_map)
#define _GNTMAP_host_map	1
#define GNTMAP_host_map		(1U << _GNTMAP_host_map)
#define _GNTMAP_readonly	2
#define GNTMAP_readonly		(1U << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map	(1U << _GNTMAP_application_map)
#define _GNTMAP_contains_pte	4
#define GNTMAP_contains_pte	(1U << _GNTMAP_contains_pte)
/* Bits from here up are the guest's own; the hypervisor ignores them. */
#define _GNTMAP_guest_avail0	16
#define GNTMAP_guest_avail_mask (~0U << _GNTMAP_guest_avail0)

/* Which side of a gnttab_copy names a grant rather than the caller's own GFN. */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1U << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1U << _GNTCOPY_dest_gref)

/* Per-operation status (the status fields below); the hypercall itself returns an errno. */
#define GNTST_okay		0
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

#ifndef __ASSEMBLER__
/*
 * Map grant `ref` of domain `dom` at host_addr. For an auto-translated caller host_addr is a
 * guest-physical address. The handle names the mapping for unmap.
 */
struct gnttab_map_grant_ref {
	uint64_t host_addr;
	uint32_t flags; /* GNTMAP_* */
	grant_ref_t ref;
	domid_t dom;
	int16_t status;	       /* out: GNTST_* */
	grant_handle_t handle; /* out */
	uint64_t dev_bus_addr; /* out: with GNTMAP_device_map */
};

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status; /* out: GNTST_* */
};

/* Ask for nr_frames table frames of `dom`; their GFNs are written to frame_list. */
struct gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;
	int16_t status;		   /* out: GNTST_* */
	guest_handle_t frame_list; /* xen_pfn_t[nr_frames], out */
};

/* One side of a copy: a grant of domid (GNTCOPY_*_gref set) or a GFN of the caller. */
struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		xen_pfn_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset; /* within the page; offset + len must stay in it */
};

struct gnttab_copy {
	struct gnttab_copy_ptr source;
	struct gnttab_copy_ptr dest;
	uint16_t len;
	uint16_t flags; /* GNTCOPY_* */
	int16_t status; /* out: GNTST_* */
};

struct gnttab_query_size {
	domid_t dom;
	uint32_t nr_frames;	/* out: frames in use */
	uint32_t max_nr_frames; /* out: the limit */
	int16_t status;		/* out: GNTST_* */
};

/* Lamina supports version 1 only; asking for 2 fails and `version` reports 1. */
struct gnttab_set_version {
	uint32_t version; /* in: wanted; out: in force */
};

struct gnttab_get_version {
	domid_t dom;
	uint16_t pad;
	uint32_t version; /* out */
};
#endif /* __ASSEMBLER__ */
#endif
