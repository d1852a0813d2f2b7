/* SPDX-License-Identifier: MIT */
/*
 * The 2-level event channel ABI on the shared pages: a pending and a mask bit per port in
 * shared_info, a selector word per vCPU naming which 64-port words have news, and the vCPU's
 * upcall_pending flag. The guest changes these bits concurrently, so every update is atomic.
 * Pure functions: the hypervisor decides what to do with the answers (kick a vCPU, wake a
 * poller), and tests drive them on ordinary memory.
 */
#ifndef LAMINA_EVTCHN_2L_H
#define LAMINA_EVTCHN_2L_H

#include <stdbool.h>
#include <stdint.h>

struct shared_info;
struct vcpu_info;

/* Ports of the 2-level ABI: 64 selector bits times 64 ports per word. */
#define EVTCHN_2L_NR_PORTS 4096

/* Marks port pending. True when the vCPU's upcall_pending went from 0 to 1: notify it. */
bool evtchn_2l_set_pending(struct shared_info *s, struct vcpu_info *vi, unsigned int port);
/* Clears the mask. True when that exposed a pending event and raised the upcall. */
bool evtchn_2l_unmask(struct shared_info *s, struct vcpu_info *vi, unsigned int port);
bool evtchn_2l_is_pending(const struct shared_info *s, unsigned int port);
bool evtchn_2l_is_masked(const struct shared_info *s, unsigned int port);
void evtchn_2l_clear_pending(struct shared_info *s, unsigned int port);

#endif
