/* SPDX-License-Identifier: MIT */
/* The helpers of xenstore_lib.h: socket locations, full writes, permission strings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xenstore_lib.h>

#define DEFAULT_RUNDIR "/var/run/xenstored"

const char *xs_daemon_rundir(void)
{
	const char *s = getenv("XENSTORED_RUNDIR");

	return s && *s ? s : DEFAULT_RUNDIR;
}

const char *xs_daemon_socket(void)
{
	static __thread char buf[PATH_MAX];
	const char *s = getenv("XENSTORED_PATH");

	if (s && *s)
		return s;
	snprintf(buf, sizeof(buf), "%s/socket", xs_daemon_rundir());
	return buf;
}

/* Xen 4.17 has no separate read-only socket any more; the name stays for old callers. */
const char *xs_daemon_socket_ro(void)
{
	return xs_daemon_socket();
}

bool xs_write_all(int fd, const void *data, unsigned int len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (n == 0) {
			errno = EIO;
			return false;
		}
		p += n;
		len -= (unsigned int)n;
	}
	return true;
}

static const struct {
	char letter;
	unsigned int perms;
} perm_letters[] = {
	{'n', XS_PERM_NONE},
	{'r', XS_PERM_READ},
	{'w', XS_PERM_WRITE},
	{'b', XS_PERM_READ | XS_PERM_WRITE},
};

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num, const char *strings)
{
	const char *p = strings;

	for (unsigned int i = 0; i < num; i++) {
		size_t k, n = sizeof(perm_letters) / sizeof(perm_letters[0]);
		char *end;
		unsigned long id;

		for (k = 0; k < n && perm_letters[k].letter != *p; k++)
			;
		if (k == n || p[1] < '0' || p[1] > '9') {
			errno = EINVAL;
			return false;
		}
		errno = 0;
		id = strtoul(p + 1, &end, 10);
		if (errno || *end || id > UINT_MAX) {
			errno = EINVAL;
			return false;
		}
		perms[i].perms = perm_letters[k].perms;
		perms[i].id = (unsigned int)id;
		p = end + 1;
	}
	return true;
}
