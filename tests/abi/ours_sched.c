/* SPDX-License-Identifier: MIT */
/* Lamina's side of the sched group: <public/sched.h>. */
#include <public/sched.h>
#include "abi_facts.h"

static const struct abi_fact sched[] = {
#include "sched.facts"
};
ABI_GROUP(ours, sched, sched);
