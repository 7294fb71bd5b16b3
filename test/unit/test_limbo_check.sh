#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test_limbo_check.sh LIMBO-CHECK PURGATORY.ro VERSION-HEADER
# limbo-check's command line: what it refuses to read (and that it never
# blocks doing so), --help, --version, usage errors and exit codes.
set -u
check=$1
real=$2
version_h=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
run=0
failed=0

# expect NAME RC STREAM TEXT ARGS...: limbo-check ARGS exits RC, within
# 10 s (timeout's 124 never equals RC), and TEXT (if any) is in STREAM
expect() {
	name=$1 want=$2 stream=$3 text=$4
	shift 4
	run=$((run + 1))
	timeout 10 "$check" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit $rc, expected $want$([ "$rc" -eq 124 ] && echo ' (timed out)')"
	elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/$stream"; then
		echo "FAIL $name: '$text' not in std$stream:"
		sed 's/^/    /' "$tmp/$stream"
	else
		echo "ok   $name"
		return
	fi
	failed=$((failed + 1))
}

version=$(sed -n 's/^#define LIMBO_VERSION[[:space:]]*"\(.*\)"/\1/p' "$version_h")
limit=$("$check" --help | sed -n 's/.*at most \([0-9]*\) bytes.*/\1/p')
if [ -z "$version" ] || [ -z "$limit" ]; then
	echo "FAIL: no version in $version_h or no read limit in --help"
	exit 1
fi
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
truncate -s "$limit" "$tmp/limit"
truncate -s $((limit + 1)) "$tmp/over"

expect "passes"		0 out "ok, " "$real"
expect "quiet"		0 out "" -q "$real"
if [ -s "$tmp/out" ]; then
	echo "FAIL quiet: printed $(cat "$tmp/out")"
	failed=$((failed + 1))
fi
expect "budget"		1 err "exceeds the budget of 100" --budget 100 "$real"
expect "bad budget"	2 err "bad --budget 'x'" --budget x "$real"
expect "/dev/zero"	1 err "/dev/zero: a character device, not a regular file" /dev/zero
expect "FIFO"		1 err "fifo: a FIFO, not a regular file" "$tmp/fifo"
expect "directory"	1 err "dir: a directory, not a regular file" "$tmp/dir"
expect "at the limit"	1 err "not an ELF file" "$tmp/limit"
expect "over the limit"	1 err "larger than the limit of $limit bytes" "$tmp/over"
expect "missing"	1 err "nothing-here: No such file or directory" "$tmp/nothing-here"
expect "one bad of two"	1 out "ok, " "$real" /dev/zero
expect "--help"		0 out "exit: 0 every file passes; 1 a file fails or cannot be read; 2 usage" --help
expect "-h"		0 out "usage: limbo-check" -h
expect "--version"	0 out "limbo-check $version" --version
expect "unknown option"	2 err "usage: limbo-check" --bogus "$real"
expect "no file"	2 err "usage: limbo-check"

echo "limbo-check CLI: $run run, $failed failed"
[ "$failed" -eq 0 ]
