/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls from dom0 userspace through /dev/xen/privcmd. Results follow the hypercall's own
 * convention: >= 0 on success, -errno on failure. The device folds its own errors (a bad ioctl,
 * an argument it could not copy) into the same -errno, so a caller names the call it made.
 * Argument structs are passed by pointer into this process: the hypervisor reads them through
 * dom0's page tables, so they must be resident (dom0-test locks its memory at start).
 */
#ifndef DOM0_PRIVCMD_H
#define DOM0_PRIVCMD_H

#include <stdint.h>
#include <public/event_channel.h>

long privcmd_hypercall(int fd, uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5);

/* xen_version(XENVER_version): (major << 16) | minor. */
long privcmd_xen_version(int fd);

/* EVTCHNOP_status on port @port of domain @dom (privileged unless @dom is DOMID_SELF). */
long privcmd_evtchn_status(int fd, uint16_t dom, uint32_t port, struct evtchn_status *st);

/*
 * Maps frame @gfn of domain @dom into this process through the privcmd device (mmap, then
 * IOCTL_PRIVCMD_MMAPBATCH_V2); *page is the mapping. On failure returns -errno of the step that
 * failed and, when the hypervisor refused the frame, its per-frame error in *frame_err.
 */
long privcmd_map_foreign(int fd, uint16_t dom, uint64_t gfn, void **page, int *frame_err);
/* Unmaps what privcmd_map_foreign mapped (Linux removes the frame from dom0's physmap). */
void privcmd_unmap_foreign(void *page);

/* HVMOP_get_param: parameter @index of domain @dom (privileged unless @dom is DOMID_SELF). */
long privcmd_hvm_get_param(int fd, uint16_t dom, uint32_t index, uint64_t *value);

#endif
