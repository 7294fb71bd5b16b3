// SPDX-License-Identifier: GPL-2.0-only
/*
 * The default-purgatory policy, as pure functions: what "kexec -p"
 * without --purgatory does on a machine where limbo is installed, and
 * what it does when limbo cannot be used.  The rule throughout: a
 * crash kernel is always loaded, with limbo's purgatory when possible
 * and the kernel's or kexec-tools' own otherwise, unless the admin asked
 * for strict.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "default.h"

static const char *const mode_names[] = {
	[LIMBO_MODE_LIMBO] = "limbo",
	[LIMBO_MODE_STOCK] = "stock",
	[LIMBO_MODE_STRICT] = "strict",
};

#define N_MODES (sizeof(mode_names) / sizeof(mode_names[0]))

int limbo_default_mode_parse(const char *s, size_t len, enum limbo_default_mode *mode)
{
	size_t i;

	for (i = 0; i < N_MODES; i++) {
		if (strlen(mode_names[i]) == len && !memcmp(s, mode_names[i], len)) {
			*mode = (enum limbo_default_mode)i;
			return 0;
		}
	}
	return -1;
}

const char *limbo_default_mode_name(enum limbo_default_mode mode)
{
	return (size_t)mode < N_MODES ? mode_names[mode] : "?";
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* [*s, *e) without surrounding blanks */
static void trim(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
}

static int conf_line(const char *s, const char *e, unsigned int lineno,
		     enum limbo_default_mode *mode, char *err, size_t errlen, int nerr)
{
	const char *eq, *k, *ke, *v, *ve;

	trim(&s, &e);
	if (s == e || *s == '#')
		return 0;
	eq = memchr(s, '=', (size_t)(e - s));
	if (!eq) {
		if (!nerr)
			snprintf(err, errlen, "line %u: no '=': %.*s", lineno,
				 (int)(e - s), s);
		return 1;
	}
	k = s;
	ke = eq;
	v = eq + 1;
	ve = e;
	trim(&k, &ke);
	trim(&v, &ve);
	if ((size_t)(ke - k) != strlen("purgatory") || memcmp(k, "purgatory", 9)) {
		if (!nerr)
			snprintf(err, errlen, "line %u: unknown key '%.*s' (the key is purgatory)",
				 lineno, (int)(ke - k), k);
		return 1;
	}
	if (limbo_default_mode_parse(v, (size_t)(ve - v), mode)) {
		if (!nerr)
			snprintf(err, errlen, "line %u: purgatory=%.*s: not limbo, stock or strict",
				 lineno, (int)(ve - v), v);
		return 1;
	}
	return 0;
}

int limbo_default_conf_parse(const char *text, size_t len,
			     enum limbo_default_mode *mode, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	unsigned int lineno = 0;
	int nerr = 0;

	if (errlen)
		err[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		lineno++;
		if (memchr(p, '\0', (size_t)(e - p))) {
			if (!nerr)
				snprintf(err, errlen, "line %u: NUL byte", lineno);
			nerr++;
		} else {
			nerr += conf_line(p, e, lineno, mode, err, errlen, nerr);
		}
		p = nl ? nl + 1 : end;
	}
	return nerr;
}

enum limbo_default_action limbo_default_decide(const struct limbo_default_req *r,
					       const char **why)
{
	*why = NULL;
	if (!r->load || !r->on_crash || r->explicit)
		return LIMBO_DEFAULT_NONE;
	if (r->mode == LIMBO_MODE_STOCK) {
		*why = "purgatory=stock";
		return LIMBO_DEFAULT_OFF;
	}
	if (!r->installed) {
		*why = LIMBO_DEFAULT_PURGATORY " is not installed";
		return r->mode == LIMBO_MODE_STRICT ? LIMBO_DEFAULT_REFUSE :
						     LIMBO_DEFAULT_ABSENT;
	}
	/*
	 * -s (kdump-tools adds it under Secure Boot or a securelevel) asks for
	 * kexec_file_load only, which always runs the kernel's purgatory.
	 * With a fallback (-a, or 2.0.27+'s default) kexec_load is allowed,
	 * and the plugin switches to it.
	 */
	if (r->file_syscall && !r->file_fallback) {
		*why = "-s asks for kexec_file_load, which always runs the kernel's own "
		       "purgatory (kdump-tools adds -s under Secure Boot or a securelevel)";
		return r->mode == LIMBO_MODE_STRICT ? LIMBO_DEFAULT_REFUSE :
						     LIMBO_DEFAULT_STOCK;
	}
	return LIMBO_DEFAULT_USE;
}

enum limbo_default_retry limbo_default_after_load(int result, int load_errno,
						  enum limbo_default_mode mode,
						  const char **why)
{
	*why = NULL;
	if (result == 0)
		return LIMBO_RETRY_NONE;
	if (load_errno == EPERM)
		*why = "kexec_load refused with EPERM (kernel lockdown, Secure Boot, "
		       "or kernel.kexec_load_disabled)";
	else if (load_errno == EACCES)
		/*
		 * A security module's policy: under Secure Boot, IMA's arch
		 * policy refuses kexec_load (it cannot appraise an image
		 * without a file) before lockdown is asked, and says to use
		 * kexec_file_load
		 */
		*why = "kexec_load refused with EACCES (a security policy: IMA under "
		       "Secure Boot asks for kexec_file_load)";
	else if (load_errno == ENOSYS)
		*why = "this kernel has no kexec_load (ENOSYS)";
	if (mode == LIMBO_MODE_STRICT) {
		if (!*why)
			*why = "loading with limbo's purgatory failed";
		return LIMBO_RETRY_NONE;
	}
	if (*why)
		return LIMBO_RETRY_FILE_LOAD;
	*why = "loading with limbo's purgatory failed";
	return LIMBO_RETRY_STOCK;
}

static int is_purgatory_opt(const char *a, int *takes_next)
{
	static const char opt[] = "--purgatory-opt";
	size_t n = sizeof(opt) - 1;

	*takes_next = 0;
	if (strncmp(a, opt, n))
		return 0;
	if (a[n] == '\0') {
		*takes_next = 1;
		return 1;
	}
	return a[n] == '=';
}

int limbo_default_retry_argv(char *buf, size_t len, char **argv, int max)
{
	size_t off = 0;
	int n = 0, skip_next = 0, dashdash = 0;

	if (max < 1 || !len || buf[len - 1] != '\0')
		return -1;
	while (off < len) {
		char *a = buf + off;
		int takes_next;

		off += strlen(a) + 1;
		if (skip_next) {
			skip_next = 0;
			continue;
		}
		/* argv[0] and operands after "--" are never options */
		if (n && !dashdash && is_purgatory_opt(a, &takes_next)) {
			skip_next = takes_next;
			continue;
		}
		if (n && !strcmp(a, "--"))
			dashdash = 1;
		if (n == max - 1)
			return -1;
		argv[n++] = a;
	}
	argv[n] = NULL;
	return n;
}
