/* SPDX-License-Identifier: MIT */
#ifndef LAMINA_CALENDAR_H
#define LAMINA_CALENDAR_H

#include <stdint.h>

/* Days from 1970-01-01 to year-month-day (Gregorian, year >= 1970, month 1-12, day 1-31). */
uint64_t days_since_epoch(unsigned int year, unsigned int month, unsigned int day);

#endif
