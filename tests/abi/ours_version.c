/* SPDX-License-Identifier: MIT */
/* Lamina's side of the version group: <public/version.h>. */
#include <public/version.h>
#include "abi_facts.h"

static const struct abi_fact version[] = {
#include "version.facts"
};
ABI_GROUP(ours, version, version);
