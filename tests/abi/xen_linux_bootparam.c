/* SPDX-License-Identifier: MIT */
/*
 * The reference side of the linux_bootparam group. It sits in the framework's "xen" section,
 * but the header is Linux's: <asm/bootparam.h> from Debian's linux-libc-dev.
 */
#include <asm/bootparam.h>
#include "abi_facts.h"

static const struct abi_fact linux_bootparam[] = {
#include "linux_bootparam.facts"
};
ABI_GROUP(xen, linux_bootparam, linux_bootparam);
