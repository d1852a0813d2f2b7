/* SPDX-License-Identifier: MIT */
/* Running a small function at CPL3, e.g. to check that hypercalls from user mode are refused. */
#ifndef GUEST_USERMODE_H
#define GUEST_USERMODE_H

long run_at_cpl3(long (*fn)(long), long arg);

#endif
