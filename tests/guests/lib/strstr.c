// SPDX-License-Identifier: MIT
/*
 * strstr for the guests' log checks. The rest of the string functions and vsnprintf are the
 * hypervisor's own (hypervisor/common/lib), compiled into the guests too.
 */
#include <guest/string.h>

const char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	for (; *haystack; haystack++) {
		if (!strncmp(haystack, needle, len))
			return haystack;
	}
	return len ? NULL : haystack;
}
