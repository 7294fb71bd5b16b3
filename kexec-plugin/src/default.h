/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which purgatory "kexec -p" uses when none is given: the policy that lets
 * a distribution's kdump service (kdump-tools, which never passes
 * --purgatory) run limbo's purgatory without the admin editing anything,
 * and the rule that limbo never costs the machine its crash kernel.
 *
 * The pure decisions live in default.c (host unit tests); the kexec side
 * (environment, config file, the retries) in default-kexec.c.
 */
#ifndef LIMBO_DEFAULT_H
#define LIMBO_DEFAULT_H

#include <stddef.h>

/* where the packages install the object, and the one place to opt out */
#define LIMBO_DEFAULT_PURGATORY	"/usr/lib/limbo/purgatory.ro"
#define LIMBO_DEFAULT_CONF	"/etc/limbo/kexec.conf"
#define LIMBO_DEFAULT_CONF_MAX	(64 * 1024)
/* overrides the config file's purgatory= for one command */
#define LIMBO_DEFAULT_ENV	"LIMBO_PURGATORY"

enum limbo_default_mode {
	LIMBO_MODE_LIMBO,	/* limbo's purgatory, the kernel's when limbo cannot be used */
	LIMBO_MODE_STOCK,	/* kexec-tools as without limbo */
	LIMBO_MODE_STRICT,	/* limbo's purgatory or no crash kernel */
};

/* "limbo", "stock", "strict" -> @mode; -1 for anything else */
int limbo_default_mode_parse(const char *s, size_t len, enum limbo_default_mode *mode);
const char *limbo_default_mode_name(enum limbo_default_mode mode);

/*
 * LIMBO_DEFAULT_CONF's text: lines "key=value", '#' comments, blanks and
 * spaces around key and value ignored.  The one key is "purgatory".
 * Returns the number of problems (unknown keys, bad values, lines without
 * '='), the first described in @err; @mode keeps its value for a line
 * that is wrong, so a typo never turns limbo off nor makes it strict.
 */
int limbo_default_conf_parse(const char *text, size_t len,
			     enum limbo_default_mode *mode, char *err, size_t errlen);

/* What kexec main() knows when the options are parsed. */
struct limbo_default_req {
	int load;		/* -l or -p, not -u, -e, -S */
	int on_crash;		/* -p */
	int explicit;		/* --purgatory=FILE given */
	int file_syscall;	/* kexec would call kexec_file_load first */
	int file_fallback;	/* ... and fall back to kexec_load */
	int installed;		/* LIMBO_DEFAULT_PURGATORY is a regular file */
	enum limbo_default_mode mode;
};

enum limbo_default_action {
	LIMBO_DEFAULT_NONE,	/* not a crash-kernel load, or --purgatory given */
	LIMBO_DEFAULT_OFF,	/* stock by choice (purgatory=stock) */
	LIMBO_DEFAULT_ABSENT,	/* limbo not installed: stock, quietly */
	LIMBO_DEFAULT_USE,	/* load LIMBO_DEFAULT_PURGATORY */
	LIMBO_DEFAULT_STOCK,	/* limbo cannot be used: stock, saying why */
	LIMBO_DEFAULT_REFUSE,	/* strict and limbo cannot be used */
};

enum limbo_default_action limbo_default_decide(const struct limbo_default_req *r,
					       const char **why);

/* After my_load() with limbo's purgatory chosen by default. */
enum limbo_default_retry {
	LIMBO_RETRY_NONE,	/* loaded, or strict: keep kexec's result */
	LIMBO_RETRY_FILE_LOAD,	/* kexec_load refused: kexec_file_load, kernel's purgatory */
	LIMBO_RETRY_STOCK,	/* another failure: the whole command again, stock */
};

/*
 * @result is my_load()'s, @load_errno kexec_load's errno (0 when
 * kexec_load never ran or succeeded).  EPERM (lockdown,
 * kexec_load_disabled), EACCES (a security module's policy: IMA under
 * Secure Boot) and ENOSYS (a kernel with kexec_file_load only) mean
 * kexec_load cannot be used at all.
 */
enum limbo_default_retry limbo_default_after_load(int result, int load_errno,
						  enum limbo_default_mode mode,
						  const char **why);

/*
 * The argument vector for the stock retry, from /proc/self/cmdline's
 * @len bytes (NUL-separated): --purgatory-opt and its value dropped
 * (meaningless without limbo's purgatory, and fatal to stock kexec).
 * @argv gets at most @max - 1 pointers into @buf and a NULL; returns the
 * count, or -1 when it does not fit or the text is not NUL-terminated.
 */
int limbo_default_retry_argv(char *buf, size_t len, char **argv, int max);

/* ---- hooks in kexec-tools' main(), default-kexec.c ---- */

/* after the options, before limbo_choose_syscall() */
void limbo_default_purgatory(int load, int on_crash, int file_syscall,
			     int file_fallback);
/* my_load(), when kexec_load failed */
void limbo_default_load_errno(int err);
/* after my_load(): nonzero when main() should retry with kexec_file_load */
int limbo_default_retry(int result);

#endif /* LIMBO_DEFAULT_H */
