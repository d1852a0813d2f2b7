// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <public/hvm/hvm_op.h>
#include <public/version.h>
#include <public/xen.h>
#include "privcmd.h"
#include "xen_devices.h"

#define BUFFER_SIZE 4096

struct privcmd {
	const struct xen_dev_ops *dev;
	int fd;
	void *buffer; /* locked: hypercall arguments live here */
};

struct privcmd *privcmd_open(const struct xen_dev_ops *dev, const char *path)
{
	struct privcmd *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return NULL;
	p->dev = dev;
	p->fd = dev->open(path, O_RDWR | O_CLOEXEC);
	if (p->fd < 0)
		goto fail;
	p->buffer =
		mmap(NULL, BUFFER_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p->buffer == MAP_FAILED)
		goto fail_fd;
	/* The hypervisor reads and writes it through dom0's page tables: it must stay present. */
	if (mlock(p->buffer, BUFFER_SIZE) < 0)
		goto fail_map;
	memset(p->buffer, 0, BUFFER_SIZE);
	return p;
fail_map:
	err = errno;
	munmap(p->buffer, BUFFER_SIZE);
	errno = err;
fail_fd:
	err = errno;
	dev->close(p->fd);
	errno = err;
fail:
	err = errno;
	free(p);
	errno = err;
	return NULL;
}

void privcmd_close(struct privcmd *p)
{
	if (!p)
		return;
	munmap(p->buffer, BUFFER_SIZE);
	p->dev->close(p->fd);
	free(p);
}

/* The hypercall's result: >= 0, or -errno (the driver turns Xen's -E values into errno). */
static long hypercall(struct privcmd *p, uint64_t op, uint64_t a1, uint64_t a2)
{
	struct privcmd_call call = {.op = op, .arg = {a1, a2}};
	long rc = p->dev->ioctl(p->fd, PRIVCMD_IOCTL_HYPERCALL, &call);

	return rc < 0 ? -errno : rc;
}

int privcmd_hvm_get_param(struct privcmd *p, uint32_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param *param = p->buffer;
	long rc;

	*param = (struct xen_hvm_param){.domid = (domid_t)domid, .index = index};
	rc = hypercall(p, __HYPERVISOR_hvm_op, HVMOP_get_param, (uintptr_t)param);
	if (rc < 0)
		return (int)rc;
	*value = param->value;
	return 0;
}

int privcmd_hypervisor_cmdline(struct privcmd *p, char *buf, size_t size)
{
	size_t n;
	long rc;

	if (size == 0)
		return -EINVAL;
	memset(p->buffer, 0, sizeof(xen_commandline_t));
	rc = hypercall(p, __HYPERVISOR_xen_version, XENVER_commandline, (uintptr_t)p->buffer);
	if (rc < 0)
		return (int)rc;
	/* The hypervisor's buffer need not be terminated: cut it at its size. */
	n = size - 1 < sizeof(xen_commandline_t) ? size - 1 : sizeof(xen_commandline_t);
	memcpy(buf, p->buffer, n);
	buf[n] = '\0';
	return 0;
}
