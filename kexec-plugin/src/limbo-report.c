// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo-report: decode the report the limbo purgatory left for this kernel.
 * The exit codes are listed in usage() and enum limbo_report_exit.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/version.h>
#include "fileio.h"
#include "report-decode.h"

#define PROG		"limbo-report"
#define SETUP_DATA_DIR	"/kernel/boot_params/setup_data"
#define MAX_MHZ		1000000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--json] [--tsc-mhz N] [--file PATH | --sysfs DIR]\n"
		"       " PROG " --help | --version\n"
		"Decodes the report the limbo purgatory handed to this kernel.\n"
		"  --file PATH   read a raw report (struct limbo_report) from PATH,\n"
		"                a regular file of at most %u bytes\n"
		"  --sysfs DIR   sysfs root to search (default /sys): looks for\n"
		"                DIR" SETUP_DATA_DIR "/N/type == 0x%x\n"
		"  --json        one JSON object instead of text\n"
		"  --tsc-mhz N   TSC frequency (1-%u), for MiB/s and microseconds\n"
		"  --help        this text\n"
		"  --version     the limbo version and the report layout it knows\n"
		"exit status:\n"
		"  %d  a sound report, and it shows no problem\n"
		"  %d  a sound report that shows a problem: a problem bit, or what one\n"
		"     stands for even with the bit clear (a verification MISMATCH or\n"
		"     skip, any exception recorded, a configuration the purgatory\n"
		"     refused, a stuck IO-APIC pin, a CPU that could not be parked)\n"
		"  %d  no report: none in sysfs, or PATH is missing, unreadable or\n"
		"     not a regular file\n"
		"  %d  a corrupt report: bad magic, header, size or CRC, or a file\n"
		"     larger than %u bytes\n"
		"  %d  usage error\n"
		"  %d  the output could not be written\n",
		LIMBO_REPORT_MAX_FILE, LIMBO_SETUP_DATA_TYPE, MAX_MHZ,
		LIMBO_REPORT_EXIT_OK, LIMBO_REPORT_EXIT_PROBLEM,
		LIMBO_REPORT_EXIT_MISSING, LIMBO_REPORT_EXIT_CORRUPT,
		LIMBO_REPORT_MAX_FILE, LIMBO_REPORT_EXIT_USAGE,
		LIMBO_REPORT_EXIT_OUTPUT);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '" PROG " --help'.\n");
	return LIMBO_REPORT_EXIT_USAGE;
}

/* @rc, unless stdout could not take what was written to it. */
static int finish_output(int rc)
{
	int bad = ferror(stdout), e = errno;	/* a write that failed earlier */

	/* fclose flushes: a full disk or a closed pipe shows up here */
	if (fclose(stdout))
		e = errno;
	else if (!bad)
		return rc;
	fprintf(stderr, PROG ": cannot write the output: %s\n",
		strerror(e ? e : EIO));
	return LIMBO_REPORT_EXIT_OUTPUT;
}

static int parse_mhz(const char *s, unsigned int *mhz)
{
	char *end;
	unsigned long n;

	if (*s < '0' || *s > '9')	/* strtoul takes " 5", "-5", "+5" */
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || !n || n > MAX_MHZ)
		return -1;
	*mhz = n;
	return 0;
}

/* Finds the report node under @sysfs; 0 with @path set, else the exit code. */
static int find_report(const char *sysfs, char *path, size_t len)
{
	int n = limbo_report_find_sysfs(sysfs, path, len);

	if (n < 0) {
		fprintf(stderr, PROG ": no report: %s" SETUP_DATA_DIR ": %s\n",
			sysfs, strerror(errno));
		return LIMBO_REPORT_EXIT_MISSING;
	}
	if (!n) {
		fprintf(stderr, PROG ": no report: no node of type 0x%x in %s"
			SETUP_DATA_DIR "\n", LIMBO_SETUP_DATA_TYPE, sysfs);
		return LIMBO_REPORT_EXIT_MISSING;
	}
	if (n > 1)
		fprintf(stderr, PROG ": %d limbo nodes, decoding %s\n", n, path);
	return 0;
}

/* Reads and checks @file into @v; 0, else the exit code (said on stderr). */
static int load(const char *file, struct limbo_report_view *v)
{
	char err[4200], *buf;
	const char *why;
	size_t len;

	switch (limbo_read_file(file, LIMBO_REPORT_MAX_FILE, &buf, &len, err,
				sizeof(err))) {
	case LIMBO_READ_OK:
		break;
	case LIMBO_READ_TOO_LARGE:
		fprintf(stderr, PROG ": corrupt report: %s\n", err);
		return LIMBO_REPORT_EXIT_CORRUPT;
	case LIMBO_READ_ERROR:
		fprintf(stderr, PROG ": cannot read the report: %s\n", err);
		return LIMBO_REPORT_EXIT_MISSING;
	default:		/* missing, or a directory, FIFO, device */
		fprintf(stderr, PROG ": no report: %s\n", err);
		return LIMBO_REPORT_EXIT_MISSING;
	}
	why = limbo_report_load(v, buf, len);
	free(buf);
	if (why) {
		fprintf(stderr, PROG ": corrupt report in %s (%zu bytes): %s\n",
			file, len, why);
		return LIMBO_REPORT_EXIT_CORRUPT;
	}
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
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *sysfs = NULL;
	struct limbo_decode_opts o = { 0 };
	struct limbo_report_view v;
	char path[4096];
	int c, json = 0, rc;

	opterr = 0;	/* getopt's messages name no way out: ours do */
	while ((c = getopt_long(argc, argv, ":f:s:jt:h", longopts, NULL)) != -1) {
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
			if (parse_mhz(optarg, &o.tsc_mhz))
				return usage_error("--tsc-mhz: '%s' is not a whole "
						   "number of MHz from 1 to 1000000",
						   optarg);
			break;
		case 'h':
			usage(stdout);
			return finish_output(LIMBO_REPORT_EXIT_OK);
		case 'V':
			printf(PROG " %s (report layout %u)\n", LIMBO_VERSION,
			       LIMBO_REPORT_VERSION);
			return finish_output(LIMBO_REPORT_EXIT_OK);
		case ':':
			return usage_error("%s needs an argument", argv[optind - 1]);
		default:
			if (optopt) {
				char opt[3] = { '-', (char)optopt, 0 };

				return usage_error("unknown option '%s'", opt);
			}
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (file && sysfs)
		return usage_error("%s", "--file and --sysfs exclude each other");

	if (!file) {
		rc = find_report(sysfs ? sysfs : "/sys", path, sizeof(path));
		if (rc)
			return rc;
		file = path;
	}
	rc = load(file, &v);
	if (rc)
		return rc;
	if (json)
		limbo_report_print_json(stdout, &v, &o);
	else
		limbo_report_print(stdout, &v, &o);
	return finish_output(limbo_report_exit_code(&v));
}
