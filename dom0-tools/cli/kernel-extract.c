/* SPDX-License-Identifier: MIT */
/*
 * kernel-extract: writes the vmlinux ELF inside a bzImage (or a copy of an ELF input) to a file.
 *   kernel-extract [--max-mb N] [--quiet] IMAGE OUTPUT
 * The output appears whole or not at all (written beside it, then renamed).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kernel_image.h>

/* Bigger than any kernel image; a larger input is refused before it is read. */
#define MAX_INPUT (512u << 20)

static int usage(void)
{
	fprintf(stderr,
		"usage: kernel-extract [--max-mb N] [--quiet] IMAGE OUTPUT\n"
		"  writes the uncompressed vmlinux ELF from a bzImage (xz or gzip payload)\n"
		"  --max-mb N  refuse kernels that decompress to more than N MiB (default %u)\n",
		KERNEL_IMAGE_DEFAULT_MAX_OUT >> 20);
	return 2;
}

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "kernel-extract: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > MAX_INPUT) {
		fprintf(stderr, "kernel-extract: %s is not a regular file of at most %u MiB\n",
			path, MAX_INPUT >> 20);
		goto fail;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		fprintf(stderr, "kernel-extract: cannot allocate %lld bytes\n",
			(long long)st.st_size);
		goto fail;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "kernel-extract: reading %s: %s\n", path,
				n ? strerror(errno) : "file shrank while being read");
			goto fail;
		}
		done += (size_t)n;
	}
	close(fd);
	*len = done;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

static int write_file(const char *path, const void *data, size_t len)
{
	size_t tmp_len = strlen(path) + sizeof(".tmp");
	char *tmp = malloc(tmp_len);
	const uint8_t *p = data;
	size_t done = 0;
	int fd;

	if (!tmp)
		return -1;
	snprintf(tmp, tmp_len, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_close;
		done += (size_t)n;
	}
	if (fsync(fd) || close(fd))
		goto fail_unlink;
	if (rename(tmp, path))
		goto fail_unlink;
	free(tmp);
	return 0;
fail_close:
	close(fd);
fail_unlink:
	fprintf(stderr, "kernel-extract: writing %s: %s\n", tmp, strerror(errno));
	unlink(tmp);
	free(tmp);
	return -1;
fail:
	fprintf(stderr, "kernel-extract: creating %s: %s\n", tmp, strerror(errno));
	free(tmp);
	return -1;
}

static int parse_max_mb(const char *s, size_t *max_out)
{
	char *end;
	unsigned long mb;

	errno = 0;
	mb = strtoul(s, &end, 10);
	if (errno || end == s || *end || mb == 0 || mb > 4096) {
		fprintf(stderr, "kernel-extract: --max-mb wants 1..4096, not \"%s\"\n", s);
		return -1;
	}
	*max_out = (size_t)mb << 20;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"max-mb", required_argument, NULL, 'm'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	size_t max_out = KERNEL_IMAGE_DEFAULT_MAX_OUT;
	struct kernel_image_info info;
	char err[256];
	size_t len, out_len;
	void *img, *out;
	int quiet = 0, opt, rc;

	while ((opt = getopt_long(argc, argv, "m:qh", opts, NULL)) != -1) {
		if (opt == 'm' && !parse_max_mb(optarg, &max_out))
			continue;
		if (opt == 'q') {
			quiet = 1;
			continue;
		}
		return usage();
	}
	if (argc - optind != 2)
		return usage();
	img = read_file(argv[optind], &len);
	if (!img)
		return 1;
	rc = kernel_image_extract_limited(img, len, max_out, &out, &out_len, &info, err,
					  sizeof(err));
	free(img);
	if (rc) {
		fprintf(stderr, "kernel-extract: %s: %s (%s)\n", argv[optind], err, strerror(-rc));
		return 1;
	}
	rc = write_file(argv[optind + 1], out, out_len);
	free(out);
	if (rc)
		return 1;
	if (!quiet && info.boot_protocol)
		printf("kernel-extract: %s: bzImage, boot protocol %u.%02u, %s payload of %zu "
		       "bytes "
		       "at offset %zu -> %s: %zu-byte x86-64 ELF\n",
		       argv[optind], info.boot_protocol >> 8, info.boot_protocol & 0xff,
		       info.compression, info.payload_len, info.payload_offset, argv[optind + 1],
		       out_len);
	else if (!quiet)
		printf("kernel-extract: %s: already an x86-64 ELF, copied to %s (%zu bytes)\n",
		       argv[optind], argv[optind + 1], out_len);
	return 0;
}
