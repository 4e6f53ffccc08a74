#!/usr/bin/python3
"""Real-client scenario: Apache's zkCli.sh (ZooKeeperMain, Java client 3.8) against a server started by zkserver.py.

    python3 test_zkcli_scenario.py --kind apache
    python3 test_zkcli_scenario.py --kind zooscope --binary build/zooscope-server

A JVM start costs about a second, so commands are batched: each ZkCli.run() feeds a whole script on stdin to one
zkCli.sh process (stdin not a terminal -> "JLine support is disabled", one command per line, executed in order).

zkCli writes results to stdout but errors and "Created ..." to stderr, and its event thread prints watch
notifications to stdout at any moment. The two streams are read from separate pipes (merging them can splice an
event line into a command's line). To find each command's output, every command is followed by two local,
server-free marker commands: `ls zkcli-marker` (prints "Path must start with / character" to stderr) and
`printwatches` (prints "printwatches is on" to stdout; it goes last because zkCli's exit code is the last
command's). The n-th marker on each stream ends the n-th command's output there. A command's output is its stdout
lines then its stderr lines, without blank lines and watch notifications; the notifications
("WatchedEvent state:.. type:.. path:..") are collected in order in CliRun.events.

Scripts always end with `quit` so that the session is closed (EOF alone exits without closing it).
The scenario runs in setUpClass; test methods assert on the recorded output.
"""

import os
import re
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkserver  # noqa: E402

ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
MARKER_CMD = "printwatches"
MARKER_LINE = "printwatches is on"
SERVER = None

ALICE_DIGEST = "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="  # alice:base64(sha1("alice:secret"))

STDERR_MARKER_CMD = "ls zkcli-marker"
STDERR_MARKER_LINE = "Path must start with / character"
_EVENT_LINE = re.compile(r"^WatchedEvent state:(\S+) type:(\S+) path:(\S+)$")


def _split(text, marker_line):
    """Lines of text split at each exact marker line: [preamble, segment 0, segment 1, ...]."""
    parts = [[]]
    for line in text.splitlines():
        if line == marker_line:
            parts.append([])
        else:
            parts[-1].append(line)
    return parts


def _content(lines):
    return [line for line in lines
            if line.strip() and line != "WATCHER::" and not _EVENT_LINE.match(line) and not line.startswith("SLF4J:")]


class CliRun:
    """Output of one zkCli.sh process, split per command."""

    def __init__(self, commands, stdout, stderr, returncode, seconds):
        self.commands = commands
        self.stdout = stdout
        self.stderr = stderr
        self.returncode = returncode
        self.seconds = seconds
        self.events = [m.groups() for m in map(_EVENT_LINE.match, stdout.splitlines()) if m]
        out_parts = _split(stdout, MARKER_LINE)
        err_parts = _split(stderr, STDERR_MARKER_LINE)
        # The script starts with a marker pair too, so part 0 is the banner and part i + 1 is command i's output.
        self.preamble = "\n".join(out_parts[0] + err_parts[0])
        self.complete = len(out_parts) == len(err_parts) == len(commands) + 2
        self.segments = []
        for i in range(min(len(out_parts), len(err_parts), len(commands) + 1) - 1):
            self.segments.append("\n".join(_content(out_parts[i + 1]) + _content(err_parts[i + 1])))
        self.by_label = {}
        for i, cmd in enumerate(commands):
            label = cmd
            n = 2
            while label in self.by_label:
                label = "%s #%d" % (cmd, n)
                n += 1
            self.by_label[label] = i

    @property
    def raw(self):
        return "----- stdout -----\n%s\n----- stderr -----\n%s" % (self.stdout, self.stderr)

    def __getitem__(self, label):
        """Output of the command with this exact text (repeated commands: 'cmd #2', 'cmd #3', ...)."""
        i = self.by_label[label]
        if i >= len(self.segments):
            raise AssertionError("no output recorded for %r (zkCli stopped early?)\n%s" % (label, self.raw))
        return self.segments[i]

    def transcript(self):
        out = []
        for i, cmd in enumerate(self.commands):
            out.append("> %s\n%s" % (cmd, self.segments[i] if i < len(self.segments) else "<missing>"))
        return "\n".join(out) + "\nevents: %r" % (self.events,)


class ZkCli:
    JVM_FLAGS = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"

    def __init__(self, connect_string):
        self.connect_string = connect_string

    def run(self, commands, timeout=90):
        markers = "%s\n%s\n" % (STDERR_MARKER_CMD, MARKER_CMD)  # printwatches last: exit code follows the last command
        script = markers + "".join(cmd + "\n" + markers for cmd in commands) + "quit\n"
        env = dict(os.environ, CLIENT_JVMFLAGS=self.JVM_FLAGS)
        started = time.monotonic()
        proc = subprocess.run([ZKCLI, "-server", self.connect_string], input=script, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=timeout, env=env)
        return CliRun(commands, proc.stdout, proc.stderr, proc.returncode, time.monotonic() - started)

    def single(self, *args, timeout=60):
        """Non-interactive single-command mode: zkCli.sh -server HOST:PORT CMD ARGS (exit code 1 on error).
        Returns (exit code, output lines without banner noise and watch notifications)."""
        env = dict(os.environ, CLIENT_JVMFLAGS=self.JVM_FLAGS)
        proc = subprocess.run([ZKCLI, "-server", self.connect_string] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)
        return proc.returncode, "\n".join(_content(proc.stdout.splitlines()))


def parse_stat(text):
    """'key = value' lines of a zkCli stat printout -> dict."""
    return dict(m.groups() for m in re.finditer(r"^(\w+) = (.*)$", text, flags=re.M))


def parse_list(text):
    """'[a, b, c]' -> ['a', 'b', 'c'] (first bracketed line)."""
    m = re.search(r"^\[(.*)\]$", text, flags=re.M)
    if not m:
        raise AssertionError("no [list] in %r" % text)
    return [x for x in m.group(1).split(", ") if x]


def parse_acl(text):
    """getAcl printout -> [(scheme, id, perms)]."""
    return re.findall(r"^'(\w+),'(.*)\n: (\w+)$", text, flags=re.M)


STAT_KEYS = ["cZxid", "ctime", "mZxid", "mtime", "pZxid", "cversion", "dataVersion", "aclVersion", "ephemeralOwner",
             "dataLength", "numChildren"]

# --------------------------------------------------------------------------------------------------------------
# Session A: one zkCli process doing the bulk of the scenario.
# --------------------------------------------------------------------------------------------------------------
SCRIPT_A = [
    "create /zc",
    "create /zc/p data1",
    "create /zc/p dup",
    "create /zc/missing/x",
    "create -e /zc/e eph",
    "create -s /zc/s- one",
    "create -s /zc/s- two",
    "create -e -s /zc/es- x",
    "create -c /zc/c",
    "create -t 60000 /zc/ttl tt",
    "create -t 60000 -s /zc/ttls- t",
    "create -e /zc/e/kid",
    "create /zc/nodata",
    "get /zc/nodata",
    "create /zc/empty ''",
    "get -s /zc/empty",
    "ls /zc",
    "ls -s /zc",
    "ls -R /zc",
    "ls /zc/nope",
    "get -s /zc/p",
    "get /zc/nope",
    "set /zc/p data2",
    "set -s -v 1 /zc/p data3",
    "set -v 0 /zc/p stale",
    "get /zc/p",
    "stat /zc/p",
    "stat /zc/e",
    "stat /zc/ttl",
    "stat /zc/c",
    "stat /zc/nope",
    "delete /zc",
    "delete -v 5 /zc/p",
    "delete /zc/nope",
    "delete -v 0 /zc/s-0000000002",
    "ls /zc",
    "getEphemerals /zc",
    "getEphemerals /zc/nope",
    "getAllChildrenNumber /zc",
    "getAllChildrenNumber /zc/nope",
    "whoami",
    "sync /zc",
    "addauth digest alice:secret",
    "whoami",
    "create /zc/secret s3 auth::cdrwa",
    "getAcl /zc/secret",
    "getAcl -s /zc/secret",
    "setAcl /zc/p world:anyone:r,digest:%s:cdrwa" % ALICE_DIGEST,
    "setAcl -v 0 /zc/p world:anyone:cdrwa",
    "getAcl -s /zc/p",
    "setAcl /zc/nope world:anyone:r",
    "getAcl /zc/nope",
    "get -w /zc/p",
    "ls -w /zc",
    "stat -w /zc/later",
    "create /zc/later",
    "set /zc/p data4",
    "set /zc/p data5",
    "get -w /zc/later",
    "removewatches /zc/later -d",
    "addWatch -m PERSISTENT_RECURSIVE /zc/tree",
    "create /zc/tree",
    "create /zc/tree/a",
    "set /zc/tree/a v",
    "delete /zc/tree/a",
    "removewatches /zc/tree -a",
]
# A repeated command's output is looked up as 'cmd #2', 'cmd #3', ... (see CliRun.__getitem__).

# Session B: a second client after A has quit (ephemerals gone), ACL checks without / with auth, cleanup.
SCRIPT_B = [
    "stat /zc/e",
    "ls /zc",
    "get /zc/p",
    "set /zc/p x",
    "get /zc/secret",
    "getAcl /zc/p",
    "addauth digest alice:wrong",
    "get /zc/secret",
    "addauth digest alice:secret",
    "get /zc/secret",
    "getAcl /zc/p",
    "deleteall /zc",
    "ls /zc",
]


class ZkCliScenario(unittest.TestCase):
    a = b = None

    @classmethod
    def setUpClass(cls):
        cli = ZkCli(SERVER.connect_string)
        cls.a = cli.run(SCRIPT_A)
        cls.b = cli.run(SCRIPT_B)
        sys.stderr.write("zkCli session A: %.1f s, session B: %.1f s\n" % (cls.a.seconds, cls.b.seconds))

    def check(self, run, label, expected):
        self.assertEqual(run[label], expected, "output of %r" % label)

    # -- process-level ------------------------------------------------------------------------------------
    def test_scripts_ran_to_completion(self):
        for name, run in (("A", self.a), ("B", self.b)):
            self.assertEqual(run.returncode, 0, "zkCli session %s exit code\n%s" % (name, run.raw[-5000:]))
            self.assertTrue(run.complete, "session %s: a marker pair per command expected\n%s\n%s"
                            % (name, run.transcript(), run.raw[-5000:]))
            self.assertIn("Welcome to ZooKeeper!", run.preamble)
            self.assertEqual(run.events[0], ("SyncConnected", "None", "null"), "first event is the connect")
            self.assertEqual(run.events[-1], ("Closed", "None", "null"), "quit closes the session")

    # -- create -------------------------------------------------------------------------------------------
    def test_create_modes(self):
        for cmd, expected in (("create /zc", "Created /zc"), ("create /zc/p data1", "Created /zc/p"),
                              ("create -e /zc/e eph", "Created /zc/e"),
                              ("create -s /zc/s- one", "Created /zc/s-0000000002"),
                              ("create -s /zc/s- two", "Created /zc/s-0000000003"),
                              ("create -e -s /zc/es- x", "Created /zc/es-0000000004"),
                              ("create -c /zc/c", "Created /zc/c"),
                              ("create -t 60000 /zc/ttl tt", "Created /zc/ttl"),
                              ("create -t 60000 -s /zc/ttls- t", "Created /zc/ttls-0000000007")):
            self.check(self.a, cmd, expected)

    def test_create_errors(self):
        self.check(self.a, "create /zc/p dup", "Node already exists: /zc/p")
        self.check(self.a, "create /zc/missing/x", "Node does not exist: /zc/missing/x")
        self.check(self.a, "create -e /zc/e/kid", "Ephemerals cannot have children: /zc/e/kid")

    def test_null_and_empty_data(self):
        # Created without data the Java client sends a null buffer (length -1); the server must hand back null
        # (printed "null"), while an explicitly empty value comes back as an empty buffer (printed as "").
        self.check(self.a, "get /zc/nodata", "null")
        out = self.a["get -s /zc/empty"]
        self.assertNotIn("null", out, "empty data must not come back as null")
        self.assertEqual(parse_stat(out)["dataLength"], "0")

    # -- ls -----------------------------------------------------------------------------------------------
    def test_ls(self):
        self.assertEqual(parse_list(self.a["ls /zc"]),
                         ["c", "e", "empty", "es-0000000004", "nodata", "p", "s-0000000002", "s-0000000003", "ttl",
                          "ttls-0000000007"], "zkCli prints children sorted")
        self.check(self.a, "ls /zc/nope", "Node does not exist: /zc/nope")
        self.assertNotIn("s-0000000002", parse_list(self.a["ls /zc #2"]), "deleted child not listed")

    def test_ls_s_prints_children_and_stat(self):
        out = self.a["ls -s /zc"]
        self.assertEqual(len(parse_list(out)), 10)
        stat = parse_stat(out)
        self.assertEqual(list(stat), STAT_KEYS, "ls -s prints the 11 stat fields in order")
        self.assertEqual((stat["numChildren"], stat["cversion"]), ("10", "10"))
        self.assertEqual(stat["ephemeralOwner"], "0x0")

    def test_ls_recursive(self):
        self.assertEqual(self.a["ls -R /zc"].splitlines(),
                         ["/zc", "/zc/c", "/zc/e", "/zc/empty", "/zc/es-0000000004", "/zc/nodata", "/zc/p",
                          "/zc/s-0000000002", "/zc/s-0000000003", "/zc/ttl", "/zc/ttls-0000000007"])

    # -- get / set / stat ---------------------------------------------------------------------------------
    def test_get_s(self):
        out = self.a["get -s /zc/p"]
        self.assertEqual(out.splitlines()[0], "data1")
        stat = parse_stat(out)
        self.assertEqual(list(stat), STAT_KEYS)
        self.assertEqual((stat["dataVersion"], stat["dataLength"], stat["numChildren"]), ("0", "5", "0"))
        self.assertEqual(stat["cZxid"], stat["mZxid"], "fresh node: mZxid == cZxid")
        self.assertEqual(stat["cZxid"], stat["pZxid"], "fresh node: pZxid == cZxid")
        self.assertRegex(stat["cZxid"], r"^0x[0-9a-f]+$")
        self.check(self.a, "get /zc/nope", "Node does not exist: /zc/nope")

    def test_set_with_version(self):
        self.check(self.a, "set /zc/p data2", "")
        stat = parse_stat(self.a["set -s -v 1 /zc/p data3"])
        self.assertEqual(stat["dataVersion"], "2", "set -s prints the new stat")
        self.check(self.a, "set -v 0 /zc/p stale", "version No is not valid : /zc/p")
        self.check(self.a, "get /zc/p", "data3")

    def test_stat(self):
        p = parse_stat(self.a["stat /zc/p"])
        self.assertEqual((p["dataVersion"], p["dataLength"]), ("2", "5"))
        self.assertGreater(int(p["mZxid"], 16), int(p["cZxid"], 16), "mZxid moved after set")
        e = parse_stat(self.a["stat /zc/e"])
        self.assertNotEqual(e["ephemeralOwner"], "0x0", "ephemeral shows its owner session")
        self.assertEqual(parse_stat(self.a["stat /zc/ttl"])["ephemeralOwner"], "0x0", "TTL node shows owner 0")
        self.assertEqual(parse_stat(self.a["stat /zc/c"])["ephemeralOwner"], "0x0", "container shows owner 0")
        self.check(self.a, "stat /zc/nope", "Node does not exist: /zc/nope")

    # -- delete / deleteall -------------------------------------------------------------------------------
    def test_delete(self):
        self.check(self.a, "delete /zc", "Node not empty: /zc")
        self.check(self.a, "delete -v 5 /zc/p", "version No is not valid : /zc/p")
        self.check(self.a, "delete /zc/nope", "Node does not exist: /zc/nope")
        self.check(self.a, "delete -v 0 /zc/s-0000000002", "")

    def test_deleteall(self):
        self.check(self.b, "deleteall /zc", "")
        self.check(self.b, "ls /zc #2", "Node does not exist: /zc")

    # -- misc reads ---------------------------------------------------------------------------------------
    def test_get_ephemerals(self):
        self.assertEqual(sorted(parse_list(self.a["getEphemerals /zc"])), ["/zc/e", "/zc/es-0000000004"])
        self.check(self.a, "getEphemerals /zc/nope", "[]")

    def test_get_all_children_number(self):
        self.check(self.a, "getAllChildrenNumber /zc", "9")
        self.check(self.a, "getAllChildrenNumber /zc/nope", "Node does not exist: /zc/nope")

    def test_whoami_and_sync(self):
        self.check(self.a, "whoami", "Auth scheme: User\nip: 127.0.0.1")
        # Apache lists the ids from a hash set, so their order carries no meaning: compare as a set.
        lines = self.a["whoami #2"].splitlines()
        self.assertEqual(lines[0], "Auth scheme: User")
        self.assertEqual(sorted(lines[1:]), ["digest: alice", "ip: 127.0.0.1"], "whoami after addauth digest")
        self.check(self.a, "sync /zc", "Sync is OK")

    # -- ACLs ---------------------------------------------------------------------------------------------
    def test_auth_acl_and_get_acl(self):
        self.check(self.a, "create /zc/secret s3 auth::cdrwa", "Created /zc/secret")
        self.assertEqual(parse_acl(self.a["getAcl /zc/secret"]), [("digest", ALICE_DIGEST, "cdrwa")],
                         "auth:: ACL becomes the caller's digest id")
        out = self.a["getAcl -s /zc/secret"]
        self.assertEqual(parse_acl(out), [("digest", ALICE_DIGEST, "cdrwa")])
        self.assertEqual(parse_stat(out)["aclVersion"], "0")

    def test_set_acl_with_version(self):
        self.check(self.a, "setAcl /zc/p world:anyone:r,digest:%s:cdrwa" % ALICE_DIGEST, "")
        self.check(self.a, "setAcl -v 0 /zc/p world:anyone:cdrwa", "version No is not valid : /zc/p")
        out = self.a["getAcl -s /zc/p"]
        self.assertEqual(parse_acl(out), [("world", "anyone", "r"), ("digest", ALICE_DIGEST, "cdrwa")])
        self.assertEqual(parse_stat(out)["aclVersion"], "1")
        self.check(self.a, "setAcl /zc/nope world:anyone:r", "Node does not exist: /zc/nope")
        self.check(self.a, "getAcl /zc/nope", "Node does not exist: /zc/nope")

    def test_second_client_no_auth(self):
        self.check(self.b, "get /zc/p", "data5")
        self.check(self.b, "set /zc/p x", "Insufficient permission : /zc/p")
        self.check(self.b, "get /zc/secret", "Insufficient permission : /zc/secret")
        self.assertEqual(parse_acl(self.b["getAcl /zc/p"]), [("world", "anyone", "r"), ("digest", "alice:x", "cdrwa")],
                         "without ADMIN permission the digest hash is redacted to 'x'")
        self.check(self.b, "addauth digest alice:wrong", "")
        self.check(self.b, "get /zc/secret #2", "Insufficient permission : /zc/secret")
        self.check(self.b, "get /zc/secret #3", "s3")
        self.assertEqual(parse_acl(self.b["getAcl /zc/p #2"]),
                         [("world", "anyone", "r"), ("digest", ALICE_DIGEST, "cdrwa")])

    # -- sessions -----------------------------------------------------------------------------------------
    def test_ephemerals_gone_for_next_session(self):
        self.check(self.b, "stat /zc/e", "Node does not exist: /zc/e")
        children = parse_list(self.b["ls /zc"])
        self.assertNotIn("e", children)
        self.assertNotIn("es-0000000004", children)
        self.assertIn("p", children)

    # -- watches ------------------------------------------------------------------------------------------
    def test_watch_events(self):
        self.check(self.a, "stat -w /zc/later", "Node does not exist: /zc/later")
        self.check(self.a, "get -w /zc/later", "null")
        self.check(self.a, "removewatches /zc/later -d", "")
        self.check(self.a, "addWatch -m PERSISTENT_RECURSIVE /zc/tree", "")
        expected = [
            ("SyncConnected", "None", "null"),
            ("SyncConnected", "NodeCreated", "/zc/later"),          # stat -w (exists watch)
            ("SyncConnected", "NodeChildrenChanged", "/zc"),        # ls -w
            ("SyncConnected", "NodeDataChanged", "/zc/p"),          # get -w, once (data5 does not fire again)
            ("SyncConnected", "DataWatchRemoved", "/zc/later"),     # removewatches -d
            ("SyncConnected", "NodeCreated", "/zc/tree"),           # persistent recursive from here on
            ("SyncConnected", "NodeCreated", "/zc/tree/a"),
            ("SyncConnected", "NodeDataChanged", "/zc/tree/a"),
            ("SyncConnected", "NodeDeleted", "/zc/tree/a"),
            ("SyncConnected", "PersistentWatchRemoved", "/zc/tree"),
            ("Closed", "None", "null"),
        ]
        self.assertEqual(self.a.events, expected, "watch events of session A, in order")

    def test_single_command_mode(self):
        cli = ZkCli(SERVER.connect_string)
        rc, out = cli.single("get", "/definitely-missing")
        self.assertEqual(rc, 1, "an error in single-command mode exits 1")
        self.assertIn("Node does not exist: /definitely-missing", out)


def main():
    global SERVER
    kind, binary, rest = zkserver.parse_server_args()
    print("zkCli (%s) against %s%s" % (ZKCLI, kind, " (%s)" % binary if binary else ""), flush=True)
    started = time.monotonic()
    through = None
    if "--through" in rest:  # --through leader|follower: one member of a 3-member ensemble
        at = rest.index("--through")
        through = rest[at + 1]
        del rest[at:at + 2]
    if through:
        import zkensemble
        target = zkensemble.ZkEnsemble(kind, 3, binary=binary)
    else:
        target = SERVER = zkserver.ZkServer(kind, binary=binary)
    with target:
        if through:
            leader = target.wait_serving()
            SERVER = leader if through == "leader" else next(m for m in target.members if m is not leader)
            print("through member %d (%s) of a 3-member ensemble" % (SERVER.myid, through), flush=True)
        program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
        ok = program.result.wasSuccessful()
        if not ok:
            cls = ZkCliScenario
            for name, run in (("A", cls.a), ("B", cls.b)):
                if run is not None:
                    sys.stderr.write("----- zkCli session %s transcript -----\n%s\n" % (name, run.transcript()))
            SERVER.dump_logs()
    print("total %.1f s" % (time.monotonic() - started), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
