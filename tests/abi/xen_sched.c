/* SPDX-License-Identifier: MIT */
/* Xen's side of the sched group: <xen/sched.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include "abi_facts.h"

static const struct abi_fact sched[] = {
#include "sched.facts"
};
ABI_GROUP(xen, sched, sched);
