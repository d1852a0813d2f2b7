/* SPDX-License-Identifier: MIT */
/* Lamina's side of the elfnote group: <public/elfnote.h>. */
#include <public/elfnote.h>
#include "abi_facts.h"

static const struct abi_fact elfnote[] = {
#include "elfnote.facts"
};
ABI_GROUP(ours, elfnote, elfnote);
