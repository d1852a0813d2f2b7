/* SPDX-License-Identifier: MIT */
/* memory_op sub-ops: reservations, the guest physmap and the e820-style memory map. */
#ifndef LAMINA_PUBLIC_MEMORY_H
#define LAMINA_PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation	  0
#define XENMEM_decrease_reservation	  1
#define XENMEM_maximum_ram_page		  2
#define XENMEM_current_reservation	  3
#define XENMEM_maximum_reservation	  4
#define XENMEM_machphys_mfn_list	  5
#define XENMEM_populate_physmap		  6
#define XENMEM_add_to_physmap		  7
#define XENMEM_memory_map		  9
#define XENMEM_machine_memory_map	  10
#define XENMEM_exchange			  11
#define XENMEM_machphys_mapping		  12
#define XENMEM_set_memory_map		  13
#define XENMEM_maximum_gpfn		  14
#define XENMEM_remove_from_physmap	  15
#define XENMEM_set_pod_target		  16
#define XENMEM_get_pod_target		  17
#define XENMEM_get_sharing_freed_pages	  18
#define XENMEM_get_sharing_shared_pages	  19
#define XENMEM_paging_op		  20
#define XENMEM_access_op		  21
#define XENMEM_sharing_op		  22
#define XENMEM_add_to_physmap_batch	  23
#define XENMEM_claim_pages		  24
#define XENMEM_machphys_compat_mfn_list	  25
#define XENMEM_get_vnumainfo		  26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource		  28

/*
 * mem_flags of struct xen_memory_reservation: bits 0-7 limit the machine address width of the
 * frames (0: no limit), bits 8-15 hold a NUMA node plus one (0: any node).
 */
#define XENMEMF_address_bits(x)	    (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffU)
#define XENMEMF_node(x)		    (((x) + 1) << 8)
#define XENMEMF_get_node(x)	    ((((x) >> 8) - 1) & 0xffU)
#define XENMEMF_populate_on_demand  (1U << 16)
#define XENMEMF_exact_node_request  (1U << 17)
#define XENMEMF_exact_node(n)	    (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode		    (1U << 18)

/* What XENMEM_add_to_physmap places at the chosen guest frame. */
#define XENMAPSPACE_shared_info	 0
#define XENMAPSPACE_grant_table	 1
#define XENMAPSPACE_gmfn	 2
#define XENMAPSPACE_gmfn_range	 3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio	 5

/* Set in xen_add_to_physmap.idx with XENMAPSPACE_grant_table: map a status frame. */
#define XENMAPIDX_grant_table_status 0x80000000U

/* xen_mem_acquire_resource.type and .id values. */
#define XENMEM_resource_ioreq_server	      0
#define XENMEM_resource_grant_table	      1
#define XENMEM_resource_vmtrace_buf	      2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

/* e820 region types, shared by XENMEM_memory_map entries and hvm_memmap_table_entry. */
#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5
#define E820_PMEM     7

#ifndef __ASSEMBLER__

/* increase/decrease_reservation, populate_physmap. */
struct xen_memory_reservation {
	guest_handle_t extent_start; /* xen_pfn_t[nr_extents], in and/or out */
	xen_ulong_t nr_extents;
	uint32_t extent_order; /* each extent is 2^extent_order pages */
	uint32_t mem_flags;    /* XENMEMF_* */
	domid_t domid;
};

struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged; /* out: extents done, even on error */
};

/* The argument of maximum_ram_page's siblings: current/maximum_reservation, maximum_gpfn. */
struct xen_memory_domain {
	domid_t domid;
};

struct xen_machphys_mfn_list {
	uint32_t max_extents;
	guest_handle_t extent_start; /* xen_pfn_t[max_extents], out */
	uint32_t nr_extents;	     /* out */
};

struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end;
	xen_ulong_t max_mfn;
};

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;	/* pages, for XENMAPSPACE_gmfn_range */
	uint32_t space; /* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn; /* where the page appears in domid's physmap */
};

struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space; /* XENMAPSPACE_* */
	uint16_t size;	/* entries in each of the three arrays */
	union {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;	       /* zero for every other space */
	} u;
	guest_handle_t idxs;  /* xen_ulong_t[size], in */
	guest_handle_t gpfns; /* xen_pfn_t[size], in */
	guest_handle_t errs;  /* int[size], out: per-entry result */
};

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};

/*
 * memory_map, machine_memory_map: nr_entries holds the buffer's capacity in e820 entries on
 * input and the number written on output.
 */
struct xen_memory_map {
	uint32_t nr_entries;
	guest_handle_t buffer; /* struct e820_entry[nr_entries] */
};

/* set_memory_map: the toolstack gives domid its memory map. */
struct xen_foreign_memory_map {
	domid_t domid;
	struct xen_memory_map map;
};

struct xen_pod_target {
	uint64_t target_pages; /* in */
	uint64_t tot_pages;    /* out */
	uint64_t pod_cache_pages;
	uint64_t pod_entries;
	domid_t domid; /* in */
};

/*
 * acquire_resource: maps nr_frames frames of a domain's resource, starting at frame, into the
 * caller. An auto-translated caller supplies the guest frames in frame_list; with a null
 * frame_list and nr_frames 0 the call reports the resource's size in nr_frames.
 */
struct xen_mem_acquire_resource {
	domid_t domid;
	uint16_t type; /* XENMEM_resource_* */
	uint32_t id;
	uint32_t nr_frames;
	uint32_t pad;
	uint64_t frame;
	guest_handle_t frame_list; /* xen_pfn_t[nr_frames] */
};

/*
 * One entry of the memory map returned by XENMEM_memory_map: the BIOS e820 layout, packed to
 * 20 bytes (unlike the 24-byte hvm_memmap_table_entry of hvm_start_info).
 */
struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* E820_* */
} __attribute__((packed));

#endif /* __ASSEMBLER__ */
#endif
