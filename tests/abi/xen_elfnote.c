/* SPDX-License-Identifier: MIT */
/* Xen's side of the elfnote group: <xen/elfnote.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/elfnote.h>
#include "abi_facts.h"

static const struct abi_fact elfnote[] = {
#include "elfnote.facts"
};
ABI_GROUP(xen, elfnote, elfnote);
