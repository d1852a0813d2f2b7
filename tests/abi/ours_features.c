/* SPDX-License-Identifier: MIT */
/* Lamina's side of the features group: <public/features.h>. */
#include <public/features.h>
#include "abi_facts.h"

static const struct abi_fact features[] = {
#include "features.facts"
};
ABI_GROUP(ours, features, features);
