/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one way limbo's host tools read a file that came from outside:
 * a purgatory object, a report, a firmware table, a procfs text.
 *
 * It opens without blocking (a FIFO or a tty never stalls a tool), refuses
 * anything that is not a regular file, and never reads more than the
 * stated limit plus one byte (to tell "exactly the limit" from "larger").
 * procfs and sysfs files are regular files whose st_size says nothing
 * (0 or 4096), so the size is learnt by reading, never from fstat.
 */
#ifndef LIMBO_FILEIO_H
#define LIMBO_FILEIO_H

#include <stddef.h>

enum limbo_read_status {
	LIMBO_READ_OK = 0,
	LIMBO_READ_MISSING,	/* ENOENT/ENOTDIR: no such file */
	LIMBO_READ_NOT_REGULAR,	/* a directory, FIFO, socket or device */
	LIMBO_READ_TOO_LARGE,	/* more than @max bytes */
	LIMBO_READ_ERROR,	/* open or read failed otherwise (errno kept) */
};

/*
 * Reads all of @path, at most @max bytes, into a malloc'ed buffer with a
 * NUL after the last byte (so text parsers may rely on it; *len excludes
 * it).  On failure *buf is NULL and @err (if not NULL) holds
 * "PATH: reason", with the limit named for TOO_LARGE.
 */
enum limbo_read_status limbo_read_file(const char *path, size_t max, char **buf,
				       size_t *len, char *err, size_t errlen);

#endif /* LIMBO_FILEIO_H */
