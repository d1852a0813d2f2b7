/* SPDX-License-Identifier: MIT */
/* Xen's side of the console group: <xen/io/console.h>. */
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/console.h>
#include "abi_facts.h"

static const struct abi_fact console[] = {
#include "console.facts"
};
ABI_GROUP(xen, console, console);
