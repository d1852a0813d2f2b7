/* SPDX-License-Identifier: MIT */
/* Xen's side of the xs_wire group: <xen/io/xs_wire.h>. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <xen/io/xs_wire.h>
#include "abi_facts.h"

static const struct abi_fact xs_wire[] = {
#include "xs_wire.facts"
};
ABI_GROUP(xen, xs_wire, xs_wire);

#include "xs_wire_errors.inc"
ABI_GROUP(xen, xs_wire_errors, xs_wire_errors);
