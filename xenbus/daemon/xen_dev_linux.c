// SPDX-License-Identifier: MIT
/* The /dev/xen device calls as Linux makes them. */
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "xen_dev_ops.h"

static int linux_open(const char *path, int flags)
{
	return open(path, flags);
}

static int linux_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

static void *linux_mmap(size_t len, int prot, int fd, off_t offset)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, offset);
}

const struct xen_dev_ops xen_dev_linux = {
	.open = linux_open,
	.close = close,
	.ioctl = linux_ioctl,
	.mmap = linux_mmap,
	.munmap = munmap,
	.read = read,
	.write = write,
};
