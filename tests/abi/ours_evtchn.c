/* SPDX-License-Identifier: MIT */
/* Lamina's side of the evtchn group: <public/event_channel.h>. */
#include <public/event_channel.h>
#include "abi_facts.h"

static const struct abi_fact evtchn[] = {
#include "evtchn.facts"
};
ABI_GROUP(ours, evtchn, evtchn);
