/* SPDX-License-Identifier: MIT */
/* Building a PVH domain from a kernel image, as Xen's domain builder does for PVH guests. */
#ifndef LAMINA_PVH_H
#define LAMINA_PVH_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <lamina/cmdline.h>

struct domain;

struct pvh_image {
	const void *kernel;
	size_t kernel_size;
	const void *initrd; /* NULL: none */
	size_t initrd_size;
	const char *cmdline;
};

/* Creates, loads and readies the domain (not started). NULL with the reason logged. */
struct domain *pvh_build(const struct domain_spec *spec, domid_t domid,
			 const struct pvh_image *img);

#endif
