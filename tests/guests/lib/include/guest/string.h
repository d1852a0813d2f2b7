/* SPDX-License-Identifier: MIT */
/* The guests use the hypervisor's tested string and format library, plus strstr. */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include <lamina/lib.h>

const char *strstr(const char *haystack, const char *needle);

#endif
