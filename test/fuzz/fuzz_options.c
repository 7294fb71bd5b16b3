// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: --purgatory-opt strings through limbo_opts_parse().
 * The input is split at NUL bytes into several --purgatory-opt arguments,
 * as kexec would see them on its command line.  Whatever is accepted
 * must be a config the purgatory accepts; whatever is refused must come
 * with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limbo_opts o;
	char *buf = malloc(size + 1), *arg, *end;
	char err[256];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	end = buf + size;
	limbo_opts_init(&o);
	for (arg = buf; arg <= end; arg += strlen(arg) + 1) {
		err[0] = '\0';
		if (limbo_opts_parse(&o, arg, err, sizeof(err))) {
			if (!err[0] || strnlen(err, sizeof(err)) == sizeof(err))
				abort();
			break;
		}
		if (!o.given || limbo_config_check(&o.cfg))
			abort();
	}
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	limbo_opts_show(f, &o.cfg);
	fclose(f);
	free(text);
	free(buf);
	return 0;
}
