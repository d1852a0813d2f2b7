/* SPDX-License-Identifier: MIT */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <stddef.h>

void serial_init(void);
void serial_write(const char *s, size_t n);
/* COM1 becomes the hardware domain's: later output goes to the debug port 0xe9. */
void serial_hand_over(void);

#endif
