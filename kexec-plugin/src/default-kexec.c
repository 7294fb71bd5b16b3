// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kexec side of the default purgatory (the policy is default.c):
 *
 *   kexec -p without --purgatory loads LIMBO_DEFAULT_PURGATORY when it is
 *   installed and LIMBO_DEFAULT_CONF (or $LIMBO_PURGATORY) does not say
 *   purgatory=stock, and prints one line when the crash kernel is loaded
 *   with it.
 *
 * When limbo cannot be used the crash kernel is loaded anyway, and stderr
 * says why limbo is not in use:
 *   - -s (kexec_file_load only): the kernel's purgatory, decided up front;
 *   - kexec_load refused (EPERM: lockdown; EACCES: IMA under Secure Boot;
 *     ENOSYS: no kexec_load): main() retries with kexec_file_load, in this
 *     process;
 *   - anything else that fails once limbo's purgatory was chosen (a die()
 *     in the plugin, a kexec_load error): kexec runs again from the start
 *     with LIMBO_PURGATORY=stock, i.e. exactly as without limbo.
 * purgatory=strict turns each of these into a refusal instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../kexec.h"
#include "limbo-kexec.h"
#include "default.h"
#include "fileio.h"

#define CMDLINE_MAX	(4 << 20)	/* above ARG_MAX's usual 2 MiB */
#define RETRY_ARGS_MAX	4096

enum state {
	IDLE,		/* nothing of ours to do after the load */
	ARMED_LIMBO,	/* limbo's purgatory chosen by default */
	ARMED_STOCK,	/* limbo skipped (-s): only limbo's options can still fail */
	DONE,
};

static enum state state;
static enum limbo_default_mode mode = LIMBO_MODE_LIMBO;
static int load_errno;

static const char *mode_source(void)
{
	struct stat st;
	const char *env = getenv(LIMBO_DEFAULT_ENV);
	char err[256], *text;
	size_t len;

	if (env && *env) {
		if (!limbo_default_mode_parse(env, strlen(env), &mode))
			return "$" LIMBO_DEFAULT_ENV;
		fprintf(stderr, "limbo: warning: %s=%s is not limbo, stock or strict; "
			"ignored\n", LIMBO_DEFAULT_ENV, env);
	}
	if (stat(LIMBO_DEFAULT_CONF, &st) && errno == ENOENT)
		return "the default";
	if (limbo_read_file(LIMBO_DEFAULT_CONF, LIMBO_DEFAULT_CONF_MAX, &text, &len,
			    err, sizeof(err)) != LIMBO_READ_OK) {
		fprintf(stderr, "limbo: warning: %s; using purgatory=%s\n", err,
			limbo_default_mode_name(mode));
		return "the default";
	}
	if (limbo_default_conf_parse(text, len, &mode, err, sizeof(err)))
		fprintf(stderr, "limbo: warning: %s: %s (that line is ignored)\n",
			LIMBO_DEFAULT_CONF, err);
	free(text);
	return LIMBO_DEFAULT_CONF;
}

static int installed(void)
{
	struct stat st;

	return !stat(LIMBO_DEFAULT_PURGATORY, &st) && S_ISREG(st.st_mode);
}

/*
 * Run this kexec again from the start as stock kexec-tools would run,
 * without limbo's options.  Returns only when that cannot be done.
 */
static void rerun_stock(const char *why)
{
	char *buf, *argv[RETRY_ARGS_MAX], err[256];
	size_t len;

	state = DONE;
	fprintf(stderr, "limbo: NOT in use for this crash kernel: %s; running kexec "
		"again without limbo (stock purgatory)\n", why);
	fflush(stdout);
	fflush(stderr);
	if (limbo_read_file("/proc/self/cmdline", CMDLINE_MAX, &buf, &len, err,
			    sizeof(err)) != LIMBO_READ_OK) {
		fprintf(stderr, "limbo: cannot run kexec again: %s\n", err);
		return;
	}
	if (limbo_default_retry_argv(buf, len, argv, RETRY_ARGS_MAX) < 1) {
		fprintf(stderr, "limbo: cannot run kexec again: /proc/self/cmdline "
			"unusable\n");
		free(buf);
		return;
	}
	if (setenv(LIMBO_DEFAULT_ENV, "stock", 1) == 0)
		execv("/proc/self/exe", argv);
	fprintf(stderr, "limbo: cannot run kexec again: %s\n", strerror(errno));
	free(buf);
}

/* die() and every other exit before the load finished */
static void at_exit(void)
{
	if (state == ARMED_LIMBO)
		rerun_stock("kexec failed with limbo's purgatory (see above)");
	else if (state == ARMED_STOCK)
		rerun_stock("kexec failed with limbo's options (see above)");
}

void limbo_default_purgatory(int load, int on_crash, int file_syscall,
			     int file_fallback)
{
	struct limbo_default_req r = {
		.load = load,
		.on_crash = on_crash,
		.explicit = limbo_purgatory_given(),
		.file_syscall = file_syscall,
		.file_fallback = file_fallback,
	};
	const char *src = "-", *why;

	if (r.load && r.on_crash && !r.explicit) {
		src = mode_source();
		r.installed = installed();
	}
	r.mode = mode;
	switch (limbo_default_decide(&r, &why)) {
	case LIMBO_DEFAULT_NONE:
		return;
	case LIMBO_DEFAULT_OFF:
	case LIMBO_DEFAULT_ABSENT:
		dbgprintf("limbo: default purgatory: kexec-tools' own (%s, from %s)\n",
			  why, src);
		return;
	case LIMBO_DEFAULT_REFUSE:
		die("limbo: purgatory=strict (from %s): refusing to load the crash "
		    "kernel: %s\n", src, why);
		return;
	case LIMBO_DEFAULT_STOCK:
		fprintf(stderr, "limbo: NOT in use for this crash kernel: %s; loading it "
			"with the kernel's own purgatory\n", why);
		state = ARMED_STOCK;
		break;
	case LIMBO_DEFAULT_USE:
		dbgprintf("limbo: default purgatory: %s (purgatory=%s, from %s)\n",
			  LIMBO_DEFAULT_PURGATORY, limbo_default_mode_name(mode), src);
		state = ARMED_LIMBO;
		/* strict: a failure is final, so no second run */
		if (mode != LIMBO_MODE_STRICT && atexit(at_exit))
			die("limbo: atexit failed\n");
		limbo_opt_purgatory(LIMBO_DEFAULT_PURGATORY);
		return;
	}
	if (atexit(at_exit))
		die("limbo: atexit failed\n");
}

void limbo_default_load_errno(int err)
{
	load_errno = err;
}

int limbo_default_retry(int result)
{
	enum state was = state;
	const char *why;

	if (was != ARMED_LIMBO) {
		if (was == ARMED_STOCK)
			state = DONE;
		return 0;
	}
	state = DONE;
	switch (limbo_default_after_load(result, load_errno, mode, &why)) {
	case LIMBO_RETRY_NONE:
		if (result == 0)
			printf("limbo: crash kernel loaded with limbo's purgatory %s "
			       "(opt out: purgatory=stock in %s)\n",
			       LIMBO_DEFAULT_PURGATORY, LIMBO_DEFAULT_CONF);
		else
			fprintf(stderr, "limbo: purgatory=strict: %s; no crash kernel "
				"loaded\n", why);
		return 0;
	case LIMBO_RETRY_FILE_LOAD:
		fprintf(stderr, "limbo: NOT in use for this crash kernel: %s; loading "
			"it with kexec_file_load and the kernel's own purgatory\n", why);
		return 1;
	case LIMBO_RETRY_STOCK:
		rerun_stock(why);
		return 0;
	}
	return 0;
}
