/* SPDX-License-Identifier: MIT */
/* Lamina's side of the xs_wire group: <public/io/xs_wire.h>. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <public/io/xs_wire.h>
#include "abi_facts.h"

static const struct abi_fact xs_wire[] = {
#include "xs_wire.facts"
};
ABI_GROUP(ours, xs_wire, xs_wire);

#include "xs_wire_errors.inc"
ABI_GROUP(ours, xs_wire_errors, xs_wire_errors);
