/* SPDX-License-Identifier: MIT */
/* Lamina's side of the core group: <public/xen.h>. */
#include <public/xen.h>
#include "abi_facts.h"

typedef struct vcpu_time_info vcpu_time_info_t;
typedef struct vcpu_info vcpu_info_t;
typedef struct shared_info shared_info_t;

static const struct abi_fact core[] = {
#include "core.facts"
};
ABI_GROUP(ours, core, core);
