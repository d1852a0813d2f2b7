/* SPDX-License-Identifier: MIT */
/* Daemon log lines on stderr (or a file given with --log), one event per line. */
#ifndef XSD_LOG_H
#define XSD_LOG_H

#include <stdbool.h>
#include <stdio.h>

void xsd_log_to(FILE *f);
void xsd_log_enable(bool on);
void xsd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
