/* SPDX-License-Identifier: MIT */
/*
 * Foreign grants mapped into dom0 userspace through /dev/xen/gntdev: reserve an mmap offset for
 * (domain, reference), map it, and release it again. -errno on failure.
 */
#ifndef DOM0_GNTDEV_DEV_H
#define DOM0_GNTDEV_DEV_H

#include <stdint.h>

/* Reserves the mmap offset for grant @ref of domain @domid and stores it in @index. */
long gntdev_dev_map_ref(int fd, uint32_t domid, uint32_t ref, uint64_t *index);
/* Maps the page reserved at @index read-write; stores the address in @page. */
long gntdev_dev_mmap(int fd, uint64_t index, void **page);
/* Unmaps @page (when not NULL), then releases the offset. */
long gntdev_dev_unmap(int fd, uint64_t index, void *page);

#endif
