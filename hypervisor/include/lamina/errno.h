/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's error names: each is the Xen ABI value of public/errno.h, and hypercalls
 * return -ENAME to the guest. Xen's values equal Linux's, so a host unit test may include this
 * next to glibc's <errno.h>: in a hosted build glibc's header is read first (whatever the
 * includer's order), a name it defines is kept, and the assertions below prove that it carries
 * the number the guest will see.
 */
#ifndef LAMINA_ERRNO_H
#define LAMINA_ERRNO_H

#include <public/errno.h>

#if __STDC_HOSTED__
#include <errno.h>
#endif

#ifndef EPERM
#define EPERM XEN_EPERM
#endif
#ifndef ENOENT
#define ENOENT XEN_ENOENT
#endif
#ifndef ESRCH
#define ESRCH XEN_ESRCH
#endif
#ifndef EIO
#define EIO XEN_EIO
#endif
#ifndef ENXIO
#define ENXIO XEN_ENXIO
#endif
#ifndef E2BIG
#define E2BIG XEN_E2BIG
#endif
#ifndef ENOEXEC
#define ENOEXEC XEN_ENOEXEC
#endif
#ifndef EBADF
#define EBADF XEN_EBADF
#endif
#ifndef ECHILD
#define ECHILD XEN_ECHILD
#endif
#ifndef EAGAIN
#define EAGAIN XEN_EAGAIN
#endif
#ifndef EWOULDBLOCK
#define EWOULDBLOCK XEN_EWOULDBLOCK
#endif
#ifndef ENOMEM
#define ENOMEM XEN_ENOMEM
#endif
#ifndef EACCES
#define EACCES XEN_EACCES
#endif
#ifndef EFAULT
#define EFAULT XEN_EFAULT
#endif
#ifndef EBUSY
#define EBUSY XEN_EBUSY
#endif
#ifndef EEXIST
#define EEXIST XEN_EEXIST
#endif
#ifndef EXDEV
#define EXDEV XEN_EXDEV
#endif
#ifndef ENODEV
#define ENODEV XEN_ENODEV
#endif
#ifndef ENOTDIR
#define ENOTDIR XEN_ENOTDIR
#endif
#ifndef EISDIR
#define EISDIR XEN_EISDIR
#endif
#ifndef EINVAL
#define EINVAL XEN_EINVAL
#endif
#ifndef ENFILE
#define ENFILE XEN_ENFILE
#endif
#ifndef EMFILE
#define EMFILE XEN_EMFILE
#endif
#ifndef ENOSPC
#define ENOSPC XEN_ENOSPC
#endif
#ifndef EROFS
#define EROFS XEN_EROFS
#endif
#ifndef EMLINK
#define EMLINK XEN_EMLINK
#endif
#ifndef EDOM
#define EDOM XEN_EDOM
#endif
#ifndef ERANGE
#define ERANGE XEN_ERANGE
#endif
#ifndef EDEADLK
#define EDEADLK XEN_EDEADLK
#endif
#ifndef ENAMETOOLONG
#define ENAMETOOLONG XEN_ENAMETOOLONG
#endif
#ifndef ENOLCK
#define ENOLCK XEN_ENOLCK
#endif
#ifndef ENOSYS
#define ENOSYS XEN_ENOSYS
#endif
#ifndef ENOTEMPTY
#define ENOTEMPTY XEN_ENOTEMPTY
#endif
#ifndef ENODATA
#define ENODATA XEN_ENODATA
#endif
#ifndef ETIME
#define ETIME XEN_ETIME
#endif
#ifndef EBADMSG
#define EBADMSG XEN_EBADMSG
#endif
#ifndef EOVERFLOW
#define EOVERFLOW XEN_EOVERFLOW
#endif
#ifndef EILSEQ
#define EILSEQ XEN_EILSEQ
#endif
#ifndef ENOTSOCK
#define ENOTSOCK XEN_ENOTSOCK
#endif
#ifndef EMSGSIZE
#define EMSGSIZE XEN_EMSGSIZE
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP XEN_EOPNOTSUPP
#endif
#ifndef EADDRINUSE
#define EADDRINUSE XEN_EADDRINUSE
#endif
#ifndef EADDRNOTAVAIL
#define EADDRNOTAVAIL XEN_EADDRNOTAVAIL
#endif
#ifndef ENOBUFS
#define ENOBUFS XEN_ENOBUFS
#endif
#ifndef EISCONN
#define EISCONN XEN_EISCONN
#endif
#ifndef ENOTCONN
#define ENOTCONN XEN_ENOTCONN
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT XEN_ETIMEDOUT
#endif
#ifndef ECONNREFUSED
#define ECONNREFUSED XEN_ECONNREFUSED
#endif

/* Where glibc defined a name first, it must agree with the ABI. */
_Static_assert(EPERM == XEN_EPERM && ENOENT == XEN_ENOENT && ESRCH == XEN_ESRCH && EIO == XEN_EIO &&
		       ENXIO == XEN_ENXIO && E2BIG == XEN_E2BIG && ENOEXEC == XEN_ENOEXEC &&
		       EBADF == XEN_EBADF && ECHILD == XEN_ECHILD && EAGAIN == XEN_EAGAIN &&
		       EWOULDBLOCK == XEN_EWOULDBLOCK && ENOMEM == XEN_ENOMEM &&
		       EACCES == XEN_EACCES && EFAULT == XEN_EFAULT && EBUSY == XEN_EBUSY &&
		       EEXIST == XEN_EEXIST && EXDEV == XEN_EXDEV && ENODEV == XEN_ENODEV &&
		       ENOTDIR == XEN_ENOTDIR && EISDIR == XEN_EISDIR && EINVAL == XEN_EINVAL &&
		       ENFILE == XEN_ENFILE && EMFILE == XEN_EMFILE && ENOSPC == XEN_ENOSPC &&
		       EROFS == XEN_EROFS && EMLINK == XEN_EMLINK && EDOM == XEN_EDOM &&
		       ERANGE == XEN_ERANGE && EDEADLK == XEN_EDEADLK,
	       "host errno values differ from the Xen ABI");
_Static_assert(ENAMETOOLONG == XEN_ENAMETOOLONG && ENOLCK == XEN_ENOLCK && ENOSYS == XEN_ENOSYS &&
		       ENOTEMPTY == XEN_ENOTEMPTY && ENODATA == XEN_ENODATA && ETIME == XEN_ETIME &&
		       EBADMSG == XEN_EBADMSG && EOVERFLOW == XEN_EOVERFLOW &&
		       EILSEQ == XEN_EILSEQ && ENOTSOCK == XEN_ENOTSOCK &&
		       EMSGSIZE == XEN_EMSGSIZE && EOPNOTSUPP == XEN_EOPNOTSUPP &&
		       EADDRINUSE == XEN_EADDRINUSE && EADDRNOTAVAIL == XEN_EADDRNOTAVAIL &&
		       ENOBUFS == XEN_ENOBUFS && EISCONN == XEN_EISCONN &&
		       ENOTCONN == XEN_ENOTCONN && ETIMEDOUT == XEN_ETIMEDOUT &&
		       ECONNREFUSED == XEN_ECONNREFUSED,
	       "host errno values differ from the Xen ABI");

#endif
