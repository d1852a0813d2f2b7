/* SPDX-License-Identifier: MIT */
#ifndef ASM_RTC_H
#define ASM_RTC_H

#include <stdbool.h>
#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC according to the CMOS clock (assumed to keep UTC). */
uint64_t rtc_read_epoch(void);

#endif
