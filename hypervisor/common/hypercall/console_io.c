// SPDX-License-Identifier: MIT
/*
 * console_io: guests write lines to the hypervisor console. Xen's release builds allow this to
 * the hardware domain only; like its debug builds we allow every domain, prefixing its lines with
 * its id, because the test guests and early boot of any guest rely on it.
 */
#include <lamina/console.h>
#include <lamina/domain.h>
#include <lamina/errno.h>
#include <lamina/guest_access.h>
#include <lamina/hypercall.h>

#define CHUNK 128

static long console_write(struct vcpu *v, uint64_t count, uint64_t buffer)
{
	char buf[CHUNK];

	while (count) {
		uint64_t n = count < CHUNK ? count : CHUNK;

		if (copy_from_guest(v, buf, buffer, n) < 0)
			return -EFAULT;
		console_guest_write(v->domain, buf, n);
		buffer += n;
		count -= n;
	}
	return 0;
}

long do_console_io(struct vcpu *v, const uint64_t args[5])
{
	unsigned int cmd = (unsigned int)args[0];
	uint32_t count = (uint32_t)args[1];

	/* Xen's permission check comes first: anything but a write is privileged. */
	if (cmd != CONSOLEIO_write && !v->domain->is_privileged)
		return -EPERM;
	switch (cmd) {
	case CONSOLEIO_write:
		return console_write(v, count, args[2]);
	case CONSOLEIO_read:
		/* The result is a count or an error: above INT_MAX is refused, as in Xen. */
		if (count > 0x7fffffff)
			return -E2BIG;
		/* Serial input belongs to dom0's own driver: the hypervisor never has any to give.
		 */
		return 0;
	default:
		return -ENOSYS;
	}
}
