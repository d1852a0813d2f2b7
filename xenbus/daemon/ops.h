/* SPDX-License-Identifier: MIT */
/* The request handlers: one per message type of the Xen 4.17 wire protocol. */
#ifndef XSD_OPS_H
#define XSD_OPS_H

#include "conn.h"

/* Handles one complete message that arrived on c (payload nul-terminated past len). */
void ops_dispatch(struct conn *c, const struct xsd_sockmsg *hdr, const char *payload);
/* The wire name of a message type, for logs. */
const char *ops_name(uint32_t type);

#endif
