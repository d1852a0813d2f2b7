// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <public/hvm/hvm_op.h>
#include <public/version.h>
#include <public/xen.h>
#include "privcmd.h"
#include "xen_devices.h"

long privcmd_hypercall(int fd, uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5)
{
	struct privcmd_hypercall_args call = {.op = op, .arg = {a1, a2, a3, a4, a5}};
	long rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);

	return rc == -1 ? -errno : rc;
}

long privcmd_map_foreign(int fd, uint16_t dom, uint64_t gfn, void **page, int *frame_err)
{
	int32_t err = 0;
	void *va = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct privcmd_mmapbatch_v2_args b = {.num = 1, .dom = dom, .arr = &gfn, .err = &err};

	*frame_err = 0;
	if (va == MAP_FAILED)
		return -errno;
	b.addr = (uint64_t)(uintptr_t)va;
	/* Linux fails the ioctl only for ENOENT frames; other refusals are in err alone. */
	if (ioctl(fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0 || err != 0) {
		long rc = err != 0 ? err : -errno;

		*frame_err = err;
		munmap(va, 4096);
		return rc;
	}
	*page = va;
	return 0;
}

void privcmd_unmap_foreign(void *page)
{
	munmap(page, 4096);
}

long privcmd_xen_version(int fd)
{
	return privcmd_hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
}

long privcmd_evtchn_status(int fd, uint16_t dom, uint32_t port, struct evtchn_status *st)
{
	*st = (struct evtchn_status){.dom = dom, .port = port};
	return privcmd_hypercall(fd, __HYPERVISOR_event_channel_op, EVTCHNOP_status,
				 (uint64_t)(uintptr_t)st, 0, 0, 0);
}

long privcmd_hvm_get_param(int fd, uint16_t dom, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = dom, .index = index};
	long rc = privcmd_hypercall(fd, __HYPERVISOR_hvm_op, HVMOP_get_param,
				    (uint64_t)(uintptr_t)&p, 0, 0, 0);

	*value = p.value;
	return rc;
}
