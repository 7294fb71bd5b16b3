// SPDX-License-Identifier: GPL-2.0-only
/* Parsers behind the plugin's hardware discovery; no I/O here. */
#include <string.h>
#include "discover.h"

int limbo_parse_cpuinfo_apicids(const char *text, size_t len,
				uint32_t *max_id, unsigned int *count)
{
	const char *p = text, *end = text + len;
	static const char key[] = "apicid";

	*max_id = 0;
	*count = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		/* "apicid\t\t: 3" (not "initial apicid") */
		if ((size_t)(eol - p) > sizeof(key) - 1 &&
		    !memcmp(p, key, sizeof(key) - 1) &&
		    (p[sizeof(key) - 1] == ' ' || p[sizeof(key) - 1] == '\t')) {
			const char *q = memchr(p, ':', (size_t)(eol - p));
			unsigned long v = 0;
			int digits = 0;

			if (q) {
				for (q++; q < eol && *q == ' '; q++)
					;
				for (; q < eol && *q >= '0' && *q <= '9' && v <= 0xffffffffUL; q++) {
					v = v * 10 + (unsigned long)(*q - '0');
					digits++;
				}
			}
			if (digits && v <= 0xffffffffUL) {
				if (v > *max_id || !*count)
					*max_id = (uint32_t)v;
				(*count)++;
			}
		}
		p = eol + 1;
	}
	return *count ? 0 : -1;
}

int limbo_cmdline_has_acpi_off(const char *c)
{
	static const char word[] = "acpi=off";
	const char *p = c;

	while ((p = strstr(p, word))) {
		int starts = p == c || p[-1] == ' ' || p[-1] == '\t';
		char after = p[sizeof(word) - 1];

		if (starts && (!after || after == ' ' || after == '\t' || after == '\n'))
			return 1;
		p++;
	}
	return 0;
}
