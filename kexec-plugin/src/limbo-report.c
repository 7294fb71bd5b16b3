// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo-report: decode the report the limbo purgatory left for this kernel.
 *
 * Exit: 0 sound and no problem, 1 a problem recorded, 2 no report,
 * 3 corrupt report, 4 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report-decode.h"

#define SETUP_DATA_DIR	"/kernel/boot_params/setup_data"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: limbo-report [--json] [--tsc-mhz N] [--file PATH | --sysfs DIR]\n"
		"Decodes the report the limbo purgatory handed to this kernel.\n"
		"  --file PATH   read a raw report (struct limbo_report) from PATH\n"
		"  --sysfs DIR   sysfs root to search (default /sys): looks for\n"
		"                DIR/kernel/boot_params/setup_data/N/type == 0x%x\n"
		"  --json        one JSON object instead of text\n"
		"  --tsc-mhz N   TSC frequency, for MiB/s and microseconds\n"
		"exit: 0 sound, no problem; 1 a problem recorded; 2 no report;\n"
		"      3 corrupt report; 4 usage\n", LIMBO_SETUP_DATA_TYPE);
}

static int parse_mhz(const char *s, unsigned int *mhz)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || !n || n > 1000000)
		return -1;
	*mhz = n;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "sysfs", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "tsc-mhz", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *sysfs = "/sys", *why;
	struct limbo_decode_opts o = { 0 };
	struct limbo_report_view *v;
	char path[4096];
	int c, json = 0, n, rc;
	size_t len;
	void *buf;

	while ((c = getopt_long(argc, argv, "f:s:jt:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 's':
			sysfs = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 't':
			if (parse_mhz(optarg, &o.tsc_mhz)) {
				fprintf(stderr, "limbo-report: bad --tsc-mhz '%s'\n", optarg);
				return LIMBO_REPORT_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return LIMBO_REPORT_EXIT_OK;
		default:
			usage(stderr);
			return LIMBO_REPORT_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return LIMBO_REPORT_EXIT_USAGE;
	}

	if (!file) {
		n = limbo_report_find_sysfs(sysfs, path, sizeof(path));
		if (n < 0) {
			fprintf(stderr, "limbo-report: no report: %s%s: %s\n",
				sysfs, SETUP_DATA_DIR, strerror(errno));
			return LIMBO_REPORT_EXIT_MISSING;
		}
		if (!n) {
			fprintf(stderr, "limbo-report: no report: no node of type 0x%x in %s%s\n",
				LIMBO_SETUP_DATA_TYPE, sysfs, SETUP_DATA_DIR);
			return LIMBO_REPORT_EXIT_MISSING;
		}
		if (n > 1)
			fprintf(stderr, "limbo-report: %d limbo nodes, decoding %s\n",
				n, path);
		file = path;
	}
	if (limbo_report_read_file(file, &buf, &len)) {
		fprintf(stderr, "limbo-report: no report: %s: %s\n", file,
			strerror(errno));
		return LIMBO_REPORT_EXIT_MISSING;
	}
	v = malloc(sizeof(*v));
	if (!v) {
		fprintf(stderr, "limbo-report: out of memory\n");
		free(buf);
		return LIMBO_REPORT_EXIT_MISSING;
	}
	why = limbo_report_load(v, buf, len);
	free(buf);
	if (why) {
		fprintf(stderr, "limbo-report: corrupt report in %s (%zu bytes): %s\n",
			file, len, why);
		free(v);
		return LIMBO_REPORT_EXIT_CORRUPT;
	}
	if (json)
		limbo_report_print_json(stdout, v, &o);
	else
		limbo_report_print(stdout, v, &o);
	rc = limbo_report_exit_code(v);
	free(v);
	return rc;
}
