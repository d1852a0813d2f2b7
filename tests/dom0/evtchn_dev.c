// SPDX-License-Identifier: MIT
#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "evtchn_dev.h"
#include "xen_devices.h"

static long ioctl_result(long rc)
{
	return rc == -1 ? -errno : rc;
}

long evtchn_dev_bind_interdomain(int fd, uint32_t remote_dom, uint32_t remote_port)
{
	struct evtchn_bind_interdomain_args bind = {
		.remote_domain = remote_dom,
		.remote_port = remote_port,
	};

	return ioctl_result(ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind));
}

long evtchn_dev_unbind(int fd, uint32_t port)
{
	struct evtchn_port_args unbind = {.port = port};

	return ioctl_result(ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind));
}

long evtchn_dev_notify(int fd, uint32_t port)
{
	struct evtchn_port_args notify = {.port = port};

	return ioctl_result(ioctl(fd, IOCTL_EVTCHN_NOTIFY, &notify));
}

long evtchn_dev_wait(int fd, int timeout_ms, uint32_t *port)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ssize_t n;
	int ready;

	do
		ready = poll(&p, 1, timeout_ms);
	while (ready == -1 && errno == EINTR);
	if (ready == -1)
		return -errno;
	if (ready == 0)
		return -ETIMEDOUT;
	if (p.revents & (POLLERR | POLLNVAL))
		return -EIO;
	n = read(fd, port, sizeof(*port));
	if (n == -1)
		return -errno;
	/* The driver hands out whole ports only. */
	return n == sizeof(*port) ? 0 : -EIO;
}

long evtchn_dev_unmask(int fd, uint32_t port)
{
	ssize_t n = write(fd, &port, sizeof(port));

	if (n == -1)
		return -errno;
	return n == sizeof(port) ? 0 : -EIO;
}
