/* SPDX-License-Identifier: MIT */
/* Xen's side of the evtchn group: <xen/event_channel.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include "abi_facts.h"

static const struct abi_fact evtchn[] = {
#include "evtchn.facts"
};
ABI_GROUP(xen, evtchn, evtchn);
