# SPDX-License-Identifier: GPL-2.0-only
"""Run one QEMU guest and talk to it: serial console, QMP, gdbstub.

The harness owns the listening unix sockets for the serial console and QMP
and QEMU connects to them as a client, so not a byte of early output is
lost and there is no connect race.  The console is drained continuously by
a thread: a console nobody reads stalls the guest's UART and changes the
timing of everything after the panic (that made S3 pass by accident).
"""

import json
import os
import re
import socket
import subprocess
import threading
import time

from . import paths

KERNEL_LINE = re.compile(r"^\[\s*\d+\.\d+\]")
HARNESS_MARK = "## harness: "


class Console:
	"""The guest's serial lines: timestamped lines, waitable, writable.

	One serial port normally (ser0, the ISA port every kernel and the
	purgatory print on); S7L adds the first kernel's console on a PCI
	port (ser1), merged here in arrival order, each raw stream logged to
	its own file."""

	def __init__(self, sock, log_path, t0):
		self.sock = sock
		self.socks = {"ser0": sock}
		self.t0 = t0
		self.lines = []		# (seconds since t0, text)
		self.marks = []		# (index into lines, seconds, text)
		self.eof = False
		self.active = 0
		self.threads = []
		self.cond = threading.Condition()
		self.tlog = open(log_path.replace(".log", ".tlog"), "w")
		self.attach("ser0", sock, log_path)

	def attach(self, name, sock, log_path):
		raw = open(log_path, "wb")
		with self.cond:
			self.active += 1
			self.socks[name] = sock
		t = threading.Thread(target=self._drain, args=(sock, raw),
				     daemon=True)
		self.threads.append(t)
		t.start()

	def join(self, timeout):
		for t in self.threads:
			t.join(timeout)

	def _drain(self, sock, raw):
		buf = b""
		while True:
			try:
				data = sock.recv(65536)
			except OSError:
				data = b""
			now = time.monotonic() - self.t0
			if not data:
				break
			raw.write(data)
			raw.flush()
			buf += data
			*complete, buf = buf.split(b"\n")
			if complete:
				self._add(now, complete)
		if buf:
			self._add(time.monotonic() - self.t0, [buf])
		raw.close()
		with self.cond:
			self.active -= 1
			if not self.active:
				self.eof = True
				self.tlog.close()
			self.cond.notify_all()

	def _add(self, now, raw_lines):
		texts = [l.decode("utf-8", "replace").rstrip("\r") for l in raw_lines]
		with self.cond:
			for t in texts:
				self.tlog.write("%9.3f %s\n" % (now, t))
			self.tlog.flush()
			self.lines.extend((now, t) for t in texts)
			self.cond.notify_all()

	def wait(self, patterns, start=0, timeout=None, stop=None):
		"""Wait for the first line at index >= start matching a pattern.

		patterns maps a name to a compiled regex (or substring).  Returns
		(name, index, time, text), or (None, len, None, None) when the
		console ended, the timeout passed or stop() became true.
		"""
		deadline = None if timeout is None else time.monotonic() + timeout
		i = start
		with self.cond:
			while True:
				while i < len(self.lines):
					t, text = self.lines[i]
					for name, pat in patterns.items():
						if _match(pat, text):
							return name, i, t, text
					i += 1
				if self.eof or (stop and stop()):
					return None, i, None, None
				left = None if deadline is None else deadline - time.monotonic()
				if left is not None and left <= 0:
					return None, i, None, None
				self.cond.wait(0.05 if left is None else min(left, 0.05))

	def mark(self, text):
		"""Record a harness action: (line index, time, text) in marks,
		kept apart from the guest's lines, and in the .tlog file."""
		now = self.now()
		with self.cond:
			self.marks.append((len(self.lines), now, text))
			self.tlog.write("%9.3f %s%s\n" % (now, HARNESS_MARK, text))
			self.tlog.flush()

	def send(self, data, port="ser0"):
		self.socks[port].sendall(data)

	def now(self):
		return time.monotonic() - self.t0

	def snapshot(self):
		with self.cond:
			return list(self.lines)


def _match(pat, text):
	if isinstance(pat, str):
		return pat in text
	return pat.search(text) is not None


class QmpError(Exception):
	pass


class Qmp:
	"""Minimal QMP client; a reader thread separates replies from events."""

	def __init__(self, sock, t0):
		self.sock = sock
		self.t0 = t0
		self.file = sock.makefile("rb")
		self.lock = threading.Lock()
		self.replies = {}
		self.events = []
		self.cond = threading.Condition()
		self.next_id = 0
		self.closed = False
		greeting = json.loads(self.file.readline())
		if "QMP" not in greeting:
			raise QmpError("bad QMP greeting %r" % greeting)
		self.thread = threading.Thread(target=self._read, daemon=True)
		self.thread.start()
		# a guest of hundreds of vCPUs keeps QEMU's main loop busy for
		# tens of seconds at start under TCG: measured with -smp 288
		self.execute("qmp_capabilities", timeout=180)

	def _read(self):
		while True:
			try:
				line = self.file.readline()
			except OSError:
				line = b""
			if not line:
				break
			msg = json.loads(line)
			with self.cond:
				if "event" in msg:
					msg["t"] = time.monotonic() - self.t0
					self.events.append(msg)
				elif "id" in msg:
					self.replies[msg["id"]] = msg
				self.cond.notify_all()
		with self.cond:
			self.closed = True
			self.cond.notify_all()

	def execute(self, cmd, args=None, timeout=10):
		with self.lock:
			self.next_id += 1
			mid = self.next_id
			msg = {"execute": cmd, "id": mid}
			if args:
				msg["arguments"] = args
			try:
				self.sock.sendall(json.dumps(msg).encode() + b"\n")
			except OSError as e:
				raise QmpError("%s: %s" % (cmd, e))
		deadline = time.monotonic() + timeout
		with self.cond:
			while mid not in self.replies:
				left = deadline - time.monotonic()
				if self.closed or left <= 0:
					raise QmpError("%s: no reply (QEMU gone?)" % cmd)
				self.cond.wait(left)
			reply = self.replies.pop(mid)
		if "error" in reply:
			raise QmpError("%s: %s" % (cmd, reply["error"]))
		return reply.get("return")

	def hmp(self, line):
		return self.execute("human-monitor-command",
				    {"command-line": line})


class GdbError(Exception):
	pass


class Gdb:
	"""Just enough of the gdb remote serial protocol to poke physical memory.

	Connecting stops the VM (QEMU's gdbstub pauses on attach); detach()
	lets it run again.
	"""

	def __init__(self, path, timeout=10):
		self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		self.sock.settimeout(timeout)
		self.sock.connect(path)
		self.buf = b""
		self.command("?")		# stop reason; also syncs the stream
		if self.command("Qqemu.PhyMemMode:1") != "OK":
			raise GdbError("gdbstub refused physical memory mode")

	def _recv_packet(self):
		while True:
			start = self.buf.find(b"$")
			if start >= 0:
				end = self.buf.find(b"#", start)
				if end >= 0 and len(self.buf) >= end + 3:
					body = self.buf[start + 1:end]
					csum = int(self.buf[end + 1:end + 3], 16)
					self.buf = self.buf[end + 3:]
					if sum(body) & 0xff != csum:
						self.sock.sendall(b"-")
						continue
					self.sock.sendall(b"+")
					return body.decode()
			data = self.sock.recv(4096)
			if not data:
				raise GdbError("gdbstub closed the connection")
			self.buf += data

	def command(self, body):
		pkt = b"$%s#%02x" % (body.encode(), sum(body.encode()) & 0xff)
		self.sock.sendall(pkt)
		return self._recv_packet()

	def read(self, addr, length):
		reply = self.command("m%x,%x" % (addr, length))
		if reply.startswith("E") or len(reply) != 2 * length:
			raise GdbError("read %#x+%d: %s" % (addr, length, reply))
		return bytes.fromhex(reply)

	def write(self, addr, data):
		reply = self.command("M%x,%x:%s" % (addr, len(data), data.hex()))
		if reply != "OK":
			raise GdbError("write %#x: %s" % (addr, reply))

	def detach(self):
		try:
			self.command("D")
		finally:
			self.sock.close()


class QemuError(Exception):
	pass


# Which QEMU a run uses.  debian: the packaged qemu-system-x86_64, for
# every scenario unless it says otherwise.  init: the same QEMU version
# rebuilt with the patches in test/vm/qemu/ (a halted vCPU acts on INIT),
# for the scenarios whose meaning depends on INIT.  It is built without
# firmware or a network backend: Debian's firmware folders, no NIC.
QEMUS = ("debian", "init")
INIT_RUNTIME_ARGS = ("-L", "/usr/share/qemu", "-L", "/usr/share/seabios",
		     "-nic", "none")
_binaries = {}


class QemuBinary:
	"""A QEMU under test: its name (QEMUS), path, extra arguments and
	`--version` line."""

	def __init__(self, name, path, args=()):
		self.name, self.path, self.args = name, path, tuple(args)
		if not os.access(path, os.X_OK):
			raise QemuError("QEMU %r: %s does not exist%s" % (
				name, path, " (make qemu-init builds it)"
				if name == "init" else ""))
		out = subprocess.run([path, "--version"], capture_output=True,
				     text=True, timeout=30)
		self.version = (out.stdout.splitlines() or ["?"])[0]

	def describe(self):
		return "%s: %s (%s)" % (self.name, self.version, self.path)


def qemu_binary(name):
	"""The QemuBinary called name, looked up once per harness run."""
	if name not in QEMUS:
		raise QemuError("unknown QEMU %r (%s)" % (name, ", ".join(QEMUS)))
	if name not in _binaries:
		if name == "debian":
			_binaries[name] = QemuBinary(name, paths.QEMU)
		else:
			_binaries[name] = QemuBinary(name, paths.qemu_init(),
						     INIT_RUNTIME_ARGS)
	return _binaries[name]


class Vm:
	"""One QEMU process with its sockets, log files and clients."""

	def __init__(self, outdir, kernel, initrd, append, smp=1, mem=1024,
		     machine="pc", cpu=None, devices=(), no_reboot=True,
		     gdb=False, debug_log=False, qemu_globals=(),
		     pci_console=False, qemu=None):
		self.outdir = outdir
		self.sockdir = _short_tmpdir()
		self.serial_path = os.path.join(self.sockdir, "serial")
		self.serial1_path = os.path.join(self.sockdir, "serial1") \
			if pci_console else None
		self.qmp_path = os.path.join(self.sockdir, "qmp")
		self.gdb_path = os.path.join(self.sockdir, "gdb") if gdb else None
		qemu = qemu or qemu_binary("debian")
		cmd = [qemu.path, *qemu.args, "-accel", "tcg", "-nodefaults",
		       "-display", "none", "-machine", machine,
		       "-m", str(mem), "-smp", str(smp),
		       "-kernel", kernel, "-initrd", initrd, "-append", append,
		       "-chardev", "socket,id=ser0,path=%s,server=off" %
		       self.serial_path,
		       "-serial", "chardev:ser0",
		       "-chardev", "socket,id=qmp0,path=%s,server=off" %
		       self.qmp_path,
		       "-mon", "chardev=qmp0,mode=control"]
		if cpu:
			cmd += ["-cpu", cpu]
		for d in devices:
			cmd += ["-device", d]
		for g in qemu_globals:
			cmd += ["-global", g]
		if pci_console:
			# a 16550 on PCI (ttyS1, a level INTx through the
			# IO-APIC): S7L's first kernel has its console there
			cmd += ["-chardev", "socket,id=ser1,path=%s,server=off" %
				self.serial1_path,
				"-device", "pci-serial,chardev=ser1"]
		if no_reboot:
			cmd.append("-no-reboot")
		if gdb:
			cmd += ["-chardev", "socket,id=gdb0,path=%s,server=on,"
				"wait=off" % self.gdb_path, "-gdb", "chardev:gdb0"]
		if debug_log == "reset":
			# a triple fault pauses the VM instead of ending QEMU,
			# so inject.ResetCatcher can read every vCPU's state
			# (RIP, IDT, CR3) at the fault; nothing is logged per
			# interrupt, so the timing being measured is unchanged
			cmd += ["-action", "reboot=shutdown,shutdown=pause"]
		elif debug_log:
			cmd += ["-d", "int,cpu_reset",
				"-D", os.path.join(outdir, "qemu-int.log")]
		self.cmd = cmd
		self.proc = None
		self.console = None
		self.qmp = None
		self.exit_time = None

	def start(self):
		with open(os.path.join(self.outdir, "qemu-cmd.txt"), "w") as f:
			f.write(" ".join(_shquote(a) for a in self.cmd) + "\n")
		ser = _listen(self.serial_path)
		qmp = _listen(self.qmp_path)
		ser1 = _listen(self.serial1_path) if self.serial1_path else None
		self.t0 = time.monotonic()
		self.stderr = open(os.path.join(self.outdir, "qemu-stderr.txt"), "w")
		self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL,
					     stdout=self.stderr, stderr=self.stderr,
					     preexec_fn=_die_with_parent)
		try:
			ser_conn = _accept(ser, self.proc)
			qmp_conn = _accept(qmp, self.proc)
			ser1_conn = _accept(ser1, self.proc) if ser1 else None
		finally:
			ser.close()
			qmp.close()
			if ser1:
				ser1.close()
		self.console = Console(ser_conn, os.path.join(self.outdir,
				       "serial.log"), self.t0)
		if ser1_conn:
			self.console.attach("ser1", ser1_conn, os.path.join(
				self.outdir, "serial-pci.log"))
		self.qmp = Qmp(qmp_conn, self.t0)
		threading.Thread(target=self._reap, daemon=True).start()

	def _reap(self):
		self.proc.wait()
		self.exit_time = time.monotonic() - self.t0

	def running(self):
		return self.proc.poll() is None

	def wait_exit(self, timeout):
		"""True if QEMU exits within timeout seconds."""
		if not self.console.eof:
			return not self.running()
		try:
			self.proc.wait(timeout)
			return True
		except subprocess.TimeoutExpired:
			return False

	def gdb(self):
		return Gdb(self.gdb_path)

	def stop(self):
		"""End the guest: QMP quit, then SIGKILL if it does not go."""
		if self.proc and self.proc.poll() is None:
			try:
				if self.qmp:	# None when QEMU never answered QMP
					self.qmp.execute("quit", timeout=3)
			except QmpError:
				pass
			try:
				self.proc.wait(5)
			except subprocess.TimeoutExpired:
				self.proc.kill()
				self.proc.wait()
		if self.console:
			self.console.join(5)
		if self.stderr:
			self.stderr.close()
		for p in (self.serial_path, self.serial1_path, self.qmp_path,
			  self.gdb_path):
			if p and os.path.exists(p):
				os.unlink(p)
		try:
			os.rmdir(self.sockdir)
		except OSError:
			pass


def _die_with_parent():
	"""In the child: get SIGKILL when the harness dies (PR_SET_PDEATHSIG)."""
	import ctypes
	import signal
	libc = ctypes.CDLL(None, use_errno=True)
	libc.prctl(1, signal.SIGKILL, 0, 0, 0)


def _short_tmpdir():
	# unix socket paths are limited to 107 bytes: keep them in /tmp
	import tempfile
	return tempfile.mkdtemp(prefix="limbo-vm-")


def _listen(path):
	s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
	s.bind(path)
	s.listen(1)
	s.settimeout(0.2)
	return s


def _accept(listener, proc, timeout=30):
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		if proc.poll() is not None:
			raise RuntimeError("QEMU exited with %d before connecting "
					   "(see qemu-stderr.txt)" % proc.returncode)
		try:
			conn, _ = listener.accept()
			conn.settimeout(None)
			return conn
		except socket.timeout:
			continue
	raise RuntimeError("QEMU did not connect to %s" %
			   listener.getsockname())


def _shquote(s):
	if re.fullmatch(r"[\w@%+=:,./-]+", s):
		return s
	return "'" + s.replace("'", "'\\''") + "'"
