#!/usr/bin/python3
"""Start a ZooKeeper-compatible server for integration tests.

Library use::

    from zkserver import ZkServer
    with ZkServer("apache") as zk:                 # or ZkServer("zooscope", binary=path)
        client = KazooClient(hosts=zk.connect_string)

Command-line use::

    python3 zkserver.py run --kind apache -- CMD ARGS...
    python3 zkserver.py run --kind zooscope --binary build/zooscope-server -- CMD ARGS...
    python3 zkserver.py serve --kind apache        # runs until Ctrl-C, prints the connect string
    python3 zkserver.py run --kind zooscope --binary B --through follower -- CMD   # a member of a 3-member ensemble

``run`` starts one server, runs CMD with ``ZK_CONNECT=127.0.0.1:<port>`` and ``ZK_KIND=<kind>`` (also
``ZK_HOST``, ``ZK_PORT``, ``ZK_DATA_DIR``, ``ZK_CFG``) in its environment, stops the server and exits with CMD's
exit code (128+N if CMD died of signal N).

Both kinds read the same standalone ``zoo.cfg`` (see standard_cfg(); tickTime=200, so sessions negotiate
400 ms .. 4 s). Readiness is: the started process listens on the port (checked through /proc) and answers the
four-letter word ``srvr`` with a version line, polled every 100 ms until a 30 s deadline. If another process takes
the chosen free port first, the first start picks a new port (up to 3 tries); restart() keeps cfg, data and port.

The harness only ever signals what it started: the server runs as a session of its own, and stop()/kill() signal
that process group (the server and anything it spawned, e.g. a wrapper script's child). The direct child also gets
PR_SET_PDEATHSIG=SIGKILL, so it dies with the harness even if the harness is SIGKILLed (e.g. by a ctest timeout);
this follows the *thread* that started it, so start servers from a thread that outlives them (normally the main
thread), and it does not reach a wrapper's own children.

Environment knobs: ``ZK_KEEP_TMP=1`` keeps the temp dir (cfg, data, logs) after the server stops.
"""

import argparse
import atexit
import ctypes
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

KINDS = ("apache", "zooscope")

ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar"
ZOOKEEPER_CONF_DIR = "/etc/zookeeper/conf"
# zookeeper.jar's manifest Class-Path already lists its runtime dependencies (slf4j-api, netty, jute, ...).
# The Debian scripts put only conf dir + zookeeper.jar on the classpath, which leaves slf4j without a binding
# (server logs go nowhere); add the log4j 1.2 binding so the server log ends up in the captured stdout.
LOGGING_JARS = ("/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar")
# Debian's manifest also leaves out the Netty jars that NettyServerCnxnFactory (the TLS-capable connection factory)
# needs beyond it; harmless for the default NIO factory.
NETTY_JARS = ("/usr/share/java/netty-codec.jar", "/usr/share/java/netty-resolver.jar")
JAVA = shutil.which("java") or "/usr/bin/java"

# Keep the JVM cheap: the machine's cores are shared with a C++ build.
DEFAULT_JVM_FLAGS = ("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                     "-XX:CICompilerCount=1", "-Xss512k")

STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

_live_servers = set()


def _atexit_stop_all():
    for server in list(_live_servers):
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - best effort at interpreter exit
            pass


atexit.register(_atexit_stop_all)


def _set_parent_death_signal():
    """preexec_fn: SIGKILL this child when the harness thread that spawned it dies."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # noqa: BLE001 - not fatal, cleanup still happens through stop()/atexit
        pass


_ports_handed_out = set()


def _ephemeral_port_floor():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port(host="127.0.0.1"):
    """A TCP port on host that nothing listens on right now. Taken below the kernel's ephemeral range, so an
    outgoing connection (a client's, another member's) cannot get it before the server binds it, and never the
    same port twice in this process (binding port 0 could hand back a port just returned)."""
    floor = _ephemeral_port_floor()
    for _ in range(2000):
        port = random.randint(10000, floor - 1) if floor > 11000 else random.randint(floor, 65535)
        if port in _ports_handed_out:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
        _ports_handed_out.add(port)
        return port
    raise RuntimeError("no free TCP port found on %s" % host)


def four_letter_word(host, port, cmd, timeout=2.0):
    """Send a 4lw command (e.g. 'srvr', 'ruok', 'mntr') and return the whole reply as text."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(cmd.encode("ascii"))
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


def standard_cfg(port, data_dir, extra_cfg=None):
    """The zoo.cfg text both server kinds are started with. extra_cfg: dict or iterable of 'key=value' lines;
    a key that is already present is replaced in place, new keys are appended."""
    entries = [
        ("tickTime", "200"),
        ("initLimit", "10"),
        ("syncLimit", "5"),
        ("dataDir", data_dir),
        ("clientPort", str(port)),
        ("clientPortAddress", "127.0.0.1"),
        ("maxClientCnxns", "0"),
        ("4lw.commands.whitelist", "*"),
        ("extendedTypesEnabled", "true"),
        ("admin.enableServer", "false"),
        ("znode.container.checkIntervalMs", "500"),
    ]
    if extra_cfg:
        items = extra_cfg.items() if isinstance(extra_cfg, dict) else (
            tuple(part.strip() for part in line.split("=", 1)) for line in extra_cfg)
        for item in items:
            if len(item) != 2:
                raise ValueError("extra_cfg line without '=': %r" % (item,))
            key, value = item
            for i, (k, _) in enumerate(entries):
                if k == key:
                    entries[i] = (key, str(value))
                    break
            else:
                entries.append((key, str(value)))
    return "".join("%s=%s\n" % kv for kv in entries)


class ZkServerError(RuntimeError):
    pass


class _PortTaken(Exception):
    pass


def _port_in_use(host, port):
    """Whether something listens on (host, port). SO_REUSEADDR: TIME_WAIT leftovers do not count."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
            return False
        except OSError:
            return True


def _listening_inodes(port):
    """Socket inodes listening on port (any address), from /proc/net/tcp{,6}; None if /proc is unreadable."""
    inodes = set()
    found_table = False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        found_table = True
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes if found_table else None


def _group_pids(pgid):
    """Pids of the processes in process group pgid (from /proc/<pid>/stat)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid):
            pids.append(int(entry))
    return pids


def _listener_owned_by(pgid, port):
    """True/False: whether a process of group pgid (the server, or e.g. a wrapper script's child) holds a socket
    listening on port; None when that cannot be determined."""
    inodes = _listening_inodes(port)
    if inodes is None:
        return None
    if not inodes:
        return False
    try:
        pids = _group_pids(pgid)
    except OSError:
        return None
    for pid in pids:
        try:
            fds = os.listdir("/proc/%d/fd" % pid)
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return True
    return False


class ZkServer:
    """One standalone server in a fresh temp dir. Use as a context manager, or call start()/stop()."""

    def __init__(self, kind, binary=None, extra_cfg=None, jvm_flags=None, host="127.0.0.1",
                 startup_timeout=STARTUP_TIMEOUT):
        if kind not in KINDS:
            raise ValueError("kind must be one of %s, not %r" % (KINDS, kind))
        if kind == "zooscope":
            if not binary:
                raise ValueError("kind 'zooscope' needs binary=<path to zooscope-server>")
            binary = os.path.abspath(binary)
            if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
                raise ValueError("zooscope binary %r is not an executable file" % binary)
        self.kind = kind
        self.binary = binary
        self.extra_cfg = extra_cfg
        self.jvm_flags = list(jvm_flags or [])
        self.host = host
        self.startup_timeout = startup_timeout
        self.port = None
        self.tmp_dir = None
        self.data_dir = None
        self.cfg_path = None
        self.stdout_path = None
        self.stderr_path = None
        self.proc = None
        self._swept = True
        self.starts = 0

    # -- properties -------------------------------------------------------------------------------------------
    @property
    def connect_string(self):
        return "%s:%d" % (self.host, self.port)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def is_running(self):
        return self.proc is not None and self.proc.poll() is None

    def command(self):
        if self.kind == "apache":
            classpath = ":".join([ZOOKEEPER_CONF_DIR, ZOOKEEPER_JAR] +
                                 [jar for jar in LOGGING_JARS + NETTY_JARS if os.path.exists(jar)])
            return ([JAVA,
                     "-Dzookeeper.admin.enableServer=false",
                     "-Dznode.container.checkIntervalMs=500",
                     "-Dzookeeper.extendedTypesEnabled=true",
                     "-Dzookeeper.root.logger=INFO,CONSOLE",
                     "-Dzookeeper.log.dir=" + self.tmp_dir,
                     "-Dzookeeper.jmx.log4j.disable=true"]
                    + list(DEFAULT_JVM_FLAGS) + self.jvm_flags
                    + ["-cp", classpath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", self.cfg_path])
        # zooscope-server takes Java system properties as zkServer.sh users pass them: -DNAME=VALUE words.
        return [self.binary] + [flag for flag in self.jvm_flags if flag.startswith("-D")] + [self.cfg_path]

    # -- lifecycle --------------------------------------------------------------------------------------------
    def start(self):
        """Start the server and wait until it is ready. The first start picks a free port; if another process grabs
        that port before the server binds it, a new port is picked (up to 3 times). restart() keeps the port."""
        if self.is_running():
            raise ZkServerError("server already running (pid %d)" % self.pid)
        first_start = self.tmp_dir is None
        if first_start:
            self.tmp_dir = tempfile.mkdtemp(prefix="zkserver-%s-" % self.kind)
            self.data_dir = os.path.join(self.tmp_dir, "data")
            os.makedirs(self.data_dir)
            self.cfg_path = os.path.join(self.tmp_dir, "zoo.cfg")
            self.stdout_path = os.path.join(self.tmp_dir, "server.stdout")
            self.stderr_path = os.path.join(self.tmp_dir, "server.stderr")
        attempts = 3 if first_start else 1
        for attempt in range(1, attempts + 1):
            if first_start:
                self.port = free_port(self.host)
                with open(self.cfg_path, "w") as f:
                    f.write(standard_cfg(self.port, self.data_dir, self.extra_cfg))
            self._spawn()
            try:
                self.wait_ready()
                return self
            except _PortTaken:
                self.kill()
                if attempt == attempts:
                    self.dump_logs()
                    raise ZkServerError("port %d was taken by another process %d times in a row"
                                        % (self.port, attempts))
            except BaseException:
                self.kill()
                raise
        raise AssertionError("unreachable")

    def _spawn(self):
        self.starts += 1
        cmd = self.command()
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            banner = ("=== start #%d: %s\n" % (self.starts, " ".join(cmd))).encode()
            out.write(banner)
            out.flush()
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=self.tmp_dir,
                                         start_new_session=True, preexec_fn=_set_parent_death_signal)
        self._swept = False
        _live_servers.add(self)

    def wait_ready(self, timeout=None):
        """Wait until our process listens on the port and it answers 'srvr' with a version line."""
        timeout = timeout or self.startup_timeout
        deadline = time.monotonic() + timeout
        last = "no attempt yet"
        while True:
            if self.proc.poll() is not None:
                if _port_in_use(self.host, self.port):  # we are gone, so someone else has the port
                    raise _PortTaken()
                self.dump_logs()
                raise ZkServerError("%s server exited with code %s before becoming ready (%s)"
                                    % (self.kind, self.proc.returncode, self.tmp_dir))
            owner = _listener_owned_by(self.proc.pid, self.port)
            if owner is False and _port_in_use(self.host, self.port):
                last = "port %d is listened on by another process" % self.port
            else:
                try:
                    reply = four_letter_word(self.host, self.port, "srvr", timeout=1.0)
                    if "Zookeeper version" in reply or "Mode:" in reply:
                        if owner is not False or _listener_owned_by(self.proc.pid, self.port) is not False:
                            return
                    last = "srvr reply: %r" % reply[:200]
                except OSError as e:
                    last = "connect/srvr failed: %s" % e
            if time.monotonic() >= deadline:
                self.dump_logs()
                raise ZkServerError("%s server on %s not ready within %.0f s; last: %s"
                                    % (self.kind, self.connect_string, timeout, last))
            time.sleep(0.1)

    def _signal(self, sig):
        """Signal the server's process group: it was started as a session of its own, so the group holds just the
        server and whatever it spawned (e.g. when the binary is a wrapper script)."""
        if self.is_running():
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def _reap(self):
        self.proc.wait()
        if not self._swept:
            # Once, right after the leader is reaped: SIGKILL anything it left behind in its group.
            self._swept = True
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        _live_servers.discard(self)

    def kill(self):
        """SIGKILL the server and reap it (crash simulation). Keeps the temp dir for restart()."""
        if self.proc is None:
            return
        self._signal(signal.SIGKILL)
        self._reap()

    def stop(self):
        """SIGTERM, wait up to 10 s, then SIGKILL. Keeps the temp dir for restart()."""
        if self.proc is None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
        self._reap()

    def restart(self):
        """stop() then start again with the same cfg, data dir and port."""
        self.stop()
        return self.start()

    def cleanup(self):
        self.stop()
        if self.tmp_dir and os.environ.get("ZK_KEEP_TMP") != "1":
            shutil.rmtree(self.tmp_dir, ignore_errors=True)
        elif self.tmp_dir:
            sys.stderr.write("zkserver: kept %s\n" % self.tmp_dir)

    def logs(self, max_chars=20000):
        parts = []
        for name, path in (("stdout", self.stdout_path), ("stderr", self.stderr_path)):
            if path and os.path.exists(path):
                with open(path, "rb") as f:
                    text = f.read().decode("utf-8", "replace")
                if len(text) > max_chars:
                    text = "...[%d chars cut]...\n%s" % (len(text) - max_chars, text[-max_chars:])
                parts.append("----- %s server %s (%s) -----\n%s" % (self.kind, name, path, text))
        return "\n".join(parts)

    def dump_logs(self, stream=None):
        (stream or sys.stderr).write(self.logs() + "\n")

    def four_letter_word(self, cmd):
        return four_letter_word(self.host, self.port, cmd)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and not issubclass(exc_type, (KeyboardInterrupt, SystemExit, _Terminated)):
            self.dump_logs()
        self.cleanup()
        return False

    def __repr__(self):
        return "ZkServer(%s, %s, pid=%s)" % (self.kind, self.connect_string if self.port else "-", self.pid)


# -- helpers for test scripts ---------------------------------------------------------------------------------
def wait_until(condition, timeout, interval=0.05):
    """Polls condition() until it is true or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)  # the polling interval: the conditions are on other processes
    return condition()


def run_unittests(rest):
    """Runs the calling script's unittest cases with `rest` of its command line; returns the exit code."""
    import logging
    import unittest
    logging.basicConfig(level=os.environ.get("ZK_TEST_LOG", "CRITICAL"))
    started = time.monotonic()
    program = unittest.main(module="__main__", argv=[sys.argv[0]] + rest, exit=False, verbosity=2, warnings=False)
    print("total %.1f s" % (time.monotonic() - started), flush=True)
    return 0 if program.result.wasSuccessful() else 1


def add_server_arguments(parser):
    parser.add_argument("--kind", choices=KINDS, default=os.environ.get("ZK_KIND", "apache"),
                        help="which server to start (default: $ZK_KIND or apache)")
    parser.add_argument("--binary", default=os.environ.get("ZOOSCOPE_BINARY"),
                        help="zooscope-server executable (for --kind zooscope; default: $ZOOSCOPE_BINARY)")
    return parser


def parse_server_args(argv=None):
    """Take --kind/--binary out of argv (default sys.argv[1:]); return (kind, binary, remaining_args).
    Exits with a usage error when --kind zooscope has no binary."""
    parser = add_server_arguments(argparse.ArgumentParser(add_help=False))
    args, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.kind == "zooscope" and not args.binary:
        parser.error("--kind zooscope needs --binary PATH (or $ZOOSCOPE_BINARY)")
    return args.kind, args.binary, rest


def server_from_args(argv=None, **kwargs):
    """ZkServer (not started) from --kind/--binary in argv, plus the remaining args."""
    kind, binary, rest = parse_server_args(argv)
    return ZkServer(kind, binary=binary, **kwargs), rest


# -- CLI ------------------------------------------------------------------------------------------------------
class _Terminated(Exception):
    pass


def _raise_terminated(signum, frame):
    raise _Terminated(signum)


def _cmd_run(args):
    cmd = args.cmd
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        sys.stderr.write("zkserver run: no command given (usage: zkserver.py run --kind K -- CMD ARGS...)\n")
        return 2
    signal.signal(signal.SIGTERM, _raise_terminated)
    child = None
    if args.through:
        # One member (the leader, or a follower) of a 3-member ensemble stands in for the server.
        import zkensemble
        target = zkensemble.ZkEnsemble(args.kind, 3, binary=args.binary, extra_cfg=dict(
            tuple(part.strip() for part in line.split("=", 1)) for line in args.cfg))
    else:
        target = ZkServer(args.kind, binary=args.binary, extra_cfg=args.cfg)
    try:
        with target:
            if args.through:
                leader = target.wait_serving()
                server = leader if args.through == "leader" else next(m for m in target.members if m is not leader)
                sys.stderr.write("zkserver run: through member %d (%s) of a 3-member ensemble\n"
                                 % (server.myid, args.through))
            else:
                server = target
            env = dict(os.environ, ZK_CONNECT=server.connect_string, ZK_KIND=server.kind, ZK_HOST=server.host,
                       ZK_PORT=str(server.port), ZK_DATA_DIR=server.data_dir, ZK_CFG=server.cfg_path)
            try:
                child = subprocess.Popen(cmd, env=env)
            except OSError as e:
                sys.stderr.write("zkserver run: cannot start %r: %s\n" % (cmd[0], e))
                return 127
            rc = child.wait()
            return 128 - rc if rc < 0 else rc
    except _Terminated as t:
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return 128 + t.args[0]
    except KeyboardInterrupt:
        if child is not None:
            try:
                child.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return 130


def _cmd_serve(args):
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with ZkServer(args.kind, binary=args.binary, extra_cfg=args.cfg) as server:
            print("ZK_CONNECT=%s pid=%d dir=%s" % (server.connect_string, server.pid, server.tmp_dir), flush=True)
            while server.is_running():
                time.sleep(0.5)
            server.dump_logs()
            return 1
    except (KeyboardInterrupt, _Terminated):
        return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("run", "start a server, run CMD against it, stop it, exit with CMD's code"),
                           ("serve", "start a server and keep it up until Ctrl-C / SIGTERM")):
        p = add_server_arguments(sub.add_parser(name, help=helptext))
        p.add_argument("--cfg", action="append", default=[], metavar="KEY=VALUE",
                       help="extra zoo.cfg line (repeatable)")
        if name == "run":
            p.add_argument("--through", choices=("leader", "follower"),
                           help="run CMD against this member of a 3-member ensemble instead of a standalone server")
            p.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD ARGS...")
    args = parser.parse_args(argv)
    if args.kind == "zooscope" and not args.binary:
        parser.error("--kind zooscope needs --binary PATH")
    return _cmd_run(args) if args.command == "run" else _cmd_serve(args)


if __name__ == "__main__":
    sys.exit(main())
