/* SPDX-License-Identifier: MIT */
/* Xen's side of the errno group: <xen/errno.h>. */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/errno.h>
#include "abi_facts.h"

static const struct abi_fact errno[] = {
#include "errno.facts"
};
ABI_GROUP(xen, errno, errno);
