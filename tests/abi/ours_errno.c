/* SPDX-License-Identifier: MIT */
/* Lamina's side of the errno group: <public/errno.h>. */
#include <public/errno.h>
#include "abi_facts.h"

static const struct abi_fact errno[] = {
#include "errno.facts"
};
ABI_GROUP(ours, errno, errno);
