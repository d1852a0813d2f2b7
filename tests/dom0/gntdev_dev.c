// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "gntdev_dev.h"
#include "xen_devices.h"

#define GRANT_PAGE_SIZE 4096

long gntdev_dev_map_ref(int fd, uint32_t domid, uint32_t ref, uint64_t *index)
{
	struct gntdev_map_grant_ref_args map = {
		.count = 1,
		.refs = {{.domid = domid, .ref = ref}},
	};

	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) == -1)
		return -errno;
	*index = map.index;
	return 0;
}

long gntdev_dev_mmap(int fd, uint64_t index, void **page)
{
	void *p = mmap(NULL, GRANT_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)index);

	if (p == MAP_FAILED)
		return -errno;
	*page = p;
	return 0;
}

long gntdev_dev_unmap(int fd, uint64_t index, void *page)
{
	struct gntdev_unmap_grant_ref_args unmap = {.index = index, .count = 1};

	if (page && munmap(page, GRANT_PAGE_SIZE) == -1)
		return -errno;
	return ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) == -1 ? -errno : 0;
}
