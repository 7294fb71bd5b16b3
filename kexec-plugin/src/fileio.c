// SPDX-License-Identifier: GPL-2.0-only
/* Bounded, non-blocking reads of regular files: see fileio.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"

static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "not a regular file";
}

static enum limbo_read_status fail(enum limbo_read_status st, char *err,
				   size_t errlen, const char *path,
				   const char *fmt, ...)
{
	va_list ap;
	int w;

	if (!err || !errlen)
		return st;
	w = snprintf(err, errlen, "%s: ", path);
	if (w >= 0 && (size_t)w < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + w, errlen - w, fmt, ap);
		va_end(ap);
	}
	return st;
}

enum limbo_read_status limbo_read_file(const char *path, size_t max, char **buf,
				       size_t *len, char *err, size_t errlen)
{
	struct stat st;
	size_t used = 0, cap;
	char *b;
	int fd, e;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return fail(e == ENOENT || e == ENOTDIR ? LIMBO_READ_MISSING :
			    LIMBO_READ_ERROR, err, errlen, path, "%s", strerror(e));
	}
	if (fstat(fd, &st)) {
		e = errno;
		close(fd);
		errno = e;
		return fail(LIMBO_READ_ERROR, err, errlen, path, "%s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(LIMBO_READ_NOT_REGULAR, err, errlen, path,
			    "%s, not a regular file", file_kind(st.st_mode));
	}
	/* st_size is a hint only (procfs says 0); read up to max + 1 bytes */
	cap = st.st_size > 0 && (size_t)st.st_size < max ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	b = malloc(cap + 1);
	if (!b) {
		close(fd);
		errno = ENOMEM;
		return fail(LIMBO_READ_ERROR, err, errlen, path, "%s", strerror(ENOMEM));
	}
	for (;;) {
		ssize_t n;

		if (used == cap) {
			char *nb;

			if (cap == max + 1)
				break;
			cap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				close(fd);
				errno = ENOMEM;
				return fail(LIMBO_READ_ERROR, err, errlen, path,
					    "%s", strerror(ENOMEM));
			}
			b = nb;
		}
		n = read(fd, b + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			free(b);
			close(fd);
			errno = e;
			return fail(LIMBO_READ_ERROR, err, errlen, path, "%s", strerror(e));
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > max) {
		free(b);
		return fail(LIMBO_READ_TOO_LARGE, err, errlen, path,
			    "larger than the limit of %zu bytes", max);
	}
	b[used] = '\0';
	*buf = b;
	*len = used;
	return LIMBO_READ_OK;
}
