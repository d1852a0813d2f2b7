/* SPDX-License-Identifier: MIT */
/* Lamina's side of the console group: <public/io/console.h>. */
#include <public/io/console.h>
#include "abi_facts.h"

static const struct abi_fact console[] = {
#include "console.facts"
};
ABI_GROUP(ours, console, console);
