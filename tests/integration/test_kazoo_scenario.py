#!/usr/bin/python3
"""Real-client scenario: kazoo (python3-kazoo 2.8) against one standalone server started by zkserver.py.

    python3 test_kazoo_scenario.py --kind apache
    python3 test_kazoo_scenario.py --kind zooscope --binary build/zooscope-server
    python3 test_kazoo_scenario.py --kind apache WatchTests.test_persistent_recursive_watch   # any unittest args
    python3 test_kazoo_scenario.py --kind zooscope --binary build/zooscope-server --through follower  # ensemble

kazoo 2.8 has no public API for containers, TTL nodes, addWatch (persistent / recursive watches), removeWatches,
getEphemerals, getAllChildrenNumber, multiRead or whoAmI. Those ops are sent through kazoo's own connection with small
request classes defined below (jute layouts from zookeeper.jute), so they still travel the same wire as every other
request. Watch events that kazoo itself would drop (persistent-watch events have no registered kazoo watcher) are
observed with WireTap, which records what the connection thread reads, in wire order.

Session expiry is produced honestly: the client talks to the server through TcpProxy; the test cuts the proxy and
refuses reconnects until the *server* expires the session, then lets the client back in.

RestartTests starts a second server of the same kind to check that data, stats, sequence counters and live sessions
survive a SIGKILL + start and a clean restart (through ZkServer.kill()/start()/restart()).

Every wait is on a condition with a deadline (WAIT seconds); there are no fixed sleeps.
"""

import base64
import hashlib
import logging
import os
import select
import socket
import struct
import sys
import threading
import time
import unittest
import warnings
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkserver  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import (BadArgumentsError, BadVersionError, InvalidACLError, NoAuthError,  # noqa: E402
                              NoChildrenForEphemeralsError, NodeExistsError, NoNodeError, NotEmptyError,
                              RolledBackError, RuntimeInconsistency)
from kazoo.protocol.serialization import (Connect, Create, Watch, int_struct, long_struct, read_buffer,  # noqa: E402
                                          read_string, stat_struct, write_buffer, write_string)
from kazoo.protocol.states import EventType, KazooState, ZnodeStat  # noqa: E402
from kazoo.recipe.cache import TreeCache, TreeEvent  # noqa: E402
from kazoo.security import ACL, Id, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, make_digest_acl  # noqa: E402
from kazoo.security import make_digest_acl_credential, Permissions  # noqa: E402
import kazoo.version  # noqa: E402

WAIT = 10.0          # deadline for anything that should happen "soon"
TICK_MS = 200        # tickTime in zkserver.standard_cfg
SERVER = None        # the zkserver.ZkServer all tests share (one per run)
EXPECTED_MODE = "standalone"  # what srvr reports for SERVER: its role when it is an ensemble member

# ---------------------------------------------------------------------------------------------------------------
# Requests kazoo 2.8 has no API for (layouts: zookeeper-jute/src/main/resources/zookeeper.jute)
# ---------------------------------------------------------------------------------------------------------------

OP_CREATE_CONTAINER = 19
OP_CREATE_TTL = 21
OP_MULTI_READ = 22
OP_GET_EPHEMERALS = 103
OP_GET_ALL_CHILDREN_NUMBER = 104
OP_ADD_WATCH = 106
OP_WHO_AM_I = 107
OP_REMOVE_WATCHES = 18
OP_GET_DATA = 4
OP_GET_CHILDREN = 8

MODE_CONTAINER = 4
MODE_PERSISTENT_WITH_TTL = 5
MODE_PERSISTENT_SEQUENTIAL_WITH_TTL = 6
ADD_WATCH_PERSISTENT = 0
ADD_WATCH_PERSISTENT_RECURSIVE = 1
WATCHER_TYPE_DATA = 2

EV_CREATED, EV_DELETED, EV_CHANGED, EV_CHILD = 1, 2, 3, 4


def _acl_bytes(acls):
    b = bytearray(int_struct.pack(len(acls)))
    for a in acls:
        b += int_struct.pack(a.perms) + write_string(a.id.scheme) + write_string(a.id.id)
    return bytes(b)


def _read_string_vector(b, off):
    n = int_struct.unpack_from(b, off)[0]
    off += 4
    out = []
    for _ in range(max(n, 0)):
        s, off = read_string(b, off)
        out.append(s)
    return out, off


def _read_create2_response(b, off):
    path, off = read_string(b, off)
    return path, ZnodeStat._make(stat_struct.unpack_from(b, off))


class _AlwaysTrue:
    # kazoo's reader skips deserialize for a falsy request object; an empty namedtuple is falsy.
    def __bool__(self):
        return True


class CreateContainer(_AlwaysTrue, namedtuple("CreateContainer", "path data acl")):
    type = OP_CREATE_CONTAINER

    def serialize(self):  # CreateRequest with flags=CONTAINER, sent as opcode createContainer
        return (write_string(self.path) + write_buffer(self.data) + _acl_bytes(self.acl)
                + int_struct.pack(MODE_CONTAINER))

    @classmethod
    def deserialize(cls, b, off):
        return _read_create2_response(b, off)


class CreateTTL(_AlwaysTrue, namedtuple("CreateTTL", "path data acl flags ttl")):
    type = OP_CREATE_TTL

    def serialize(self):
        return (write_string(self.path) + write_buffer(self.data) + _acl_bytes(self.acl)
                + int_struct.pack(self.flags) + long_struct.pack(self.ttl))

    @classmethod
    def deserialize(cls, b, off):
        return _read_create2_response(b, off)


class AddWatch(_AlwaysTrue, namedtuple("AddWatch", "path mode")):
    type = OP_ADD_WATCH

    def serialize(self):
        return write_string(self.path) + int_struct.pack(self.mode)

    @classmethod
    def deserialize(cls, b, off):
        return True


class RemoveWatches(_AlwaysTrue, namedtuple("RemoveWatches", "path watcher_type")):
    type = OP_REMOVE_WATCHES

    def serialize(self):
        return write_string(self.path) + int_struct.pack(self.watcher_type)

    @classmethod
    def deserialize(cls, b, off):
        return True


class GetEphemerals(_AlwaysTrue, namedtuple("GetEphemerals", "prefix")):
    type = OP_GET_EPHEMERALS

    def serialize(self):
        return write_string(self.prefix)

    @classmethod
    def deserialize(cls, b, off):
        return _read_string_vector(b, off)[0]


class GetAllChildrenNumber(_AlwaysTrue, namedtuple("GetAllChildrenNumber", "path")):
    type = OP_GET_ALL_CHILDREN_NUMBER

    def serialize(self):
        return write_string(self.path)

    @classmethod
    def deserialize(cls, b, off):
        return int_struct.unpack_from(b, off)[0]


class WhoAmI(_AlwaysTrue, namedtuple("WhoAmI", "")):
    type = OP_WHO_AM_I

    def serialize(self):
        return b""

    @classmethod
    def deserialize(cls, b, off):
        n = int_struct.unpack_from(b, off)[0]
        off += 4
        out = []
        for _ in range(n):
            scheme, off = read_string(b, off)
            user, off = read_string(b, off)
            out.append((scheme, user))
        return out


class MultiRead(_AlwaysTrue, namedtuple("MultiRead", "ops")):
    """ops: list of ('get', path) / ('children', path). Result per op: (data, stat) / [children] / error code."""
    type = OP_MULTI_READ

    def serialize(self):
        b = bytearray()
        for kind, path in self.ops:
            op = OP_GET_DATA if kind == "get" else OP_GET_CHILDREN
            b += struct.pack("!iBi", op, 0, -1) + write_string(path) + b"\x00"  # watch=false
        return bytes(b + struct.pack("!iBi", -1, 1, -1))

    @classmethod
    def deserialize(cls, b, off):
        results = []
        while True:
            op, done, err = struct.unpack_from("!iBi", b, off)
            off += 9
            if done:
                return results
            if op == OP_GET_DATA:
                data, off = read_buffer(b, off)
                stat = ZnodeStat._make(stat_struct.unpack_from(b, off))
                off += stat_struct.size
                results.append((data, stat))
            elif op == OP_GET_CHILDREN:
                children, off = _read_string_vector(b, off)
                results.append(children)
            elif op == -1:
                results.append(int_struct.unpack_from(b, off)[0])
                off += 4
            else:
                raise ValueError("unexpected multiRead result type %d" % op)


def call(zk, request, timeout=WAIT):
    """Send a request through kazoo's connection and wait for its reply (raises kazoo's exception on error)."""
    result = zk.handler.async_result()
    zk._call(request, result)
    return result.get(timeout=timeout)


# ---------------------------------------------------------------------------------------------------------------
# Helpers: recorders, wire tap, TCP proxy, raw connect
# ---------------------------------------------------------------------------------------------------------------

class Recorder:
    """Thread-safe list; callable (records its single argument); wait_for(predicate) with a deadline."""

    def __init__(self):
        self.items = []
        self._cond = threading.Condition()

    def __call__(self, item):
        with self._cond:
            self.items.append(item)
            self._cond.notify_all()

    def snapshot(self):
        with self._cond:
            return list(self.items)

    def wait_for(self, predicate, timeout=WAIT):
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.items), timeout)

    def wait_count(self, n, timeout=WAIT):
        return self.wait_for(lambda items: len(items) >= n, timeout)


def wait_until(predicate, timeout=WAIT, interval=0.05):
    """Poll a condition that has no notification (e.g. a recipe's internal state) until true or deadline."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


class WireTap:
    """Records, in the order kazoo's connection thread reads them, every watch event ('event', type, path) and
    every reply ('reply', request_type, err) on one client's connection."""

    def __init__(self, zk):
        self.log = Recorder()
        conn = zk._connection
        orig_event, orig_response = conn._read_watch_event, conn._read_response

        def read_watch_event(buffer, offset):
            watch, _ = Watch.deserialize(buffer, offset)
            self.log(("event", watch.type, watch.path))
            return orig_event(buffer, offset)

        def read_response(header, buffer, offset):
            request = zk._pending[0][0] if zk._pending else None
            self.log(("reply", getattr(request, "type", None), header.err))
            return orig_response(header, buffer, offset)

        conn._read_watch_event = read_watch_event
        conn._read_response = read_response

    def events(self):
        return [(t, p) for kind, t, p in self.log.snapshot() if kind == "event"]

    def wait_events(self, expected, timeout=WAIT):
        """Wait until the recorded (type, path) events equal expected (a list)."""
        return self.log.wait_for(lambda items: [(t, p) for k, t, p in items if k == "event"] == expected, timeout)


class TcpProxy:
    """Loopback TCP forwarder. cut() drops every forwarded connection and refuses new ones (accept + close) until
    restore(). Lets a test make a client lose its server without touching either process."""

    def __init__(self, host, port):
        self.upstream = (host, port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.connect_string = "127.0.0.1:%d" % self.port
        self._lock = threading.Lock()
        self._pairs = []
        self._refusing = False
        self._closed = False
        self.accepted = 0
        self.refused = 0
        self._thread = threading.Thread(target=self._accept_loop, name="tcpproxy-accept", daemon=True)
        self._thread.start()

    def _accept_loop(self):
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self._lock:
                refusing = self._refusing
            if refusing:
                self.refused += 1
                conn.close()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                conn.close()
                continue
            conn.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._pairs.append((conn, upstream))
                self.accepted += 1
            threading.Thread(target=self._pump, args=(conn, upstream), name="tcpproxy-pump", daemon=True).start()

    def _pump(self, a, b):
        peer = {a: b, b: a}
        try:
            while True:
                readable, _, _ = select.select([a, b], [], [], 1.0)
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    peer[s].sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass
            with self._lock:
                if (a, b) in self._pairs:
                    self._pairs.remove((a, b))

    def cut(self):
        with self._lock:
            self._refusing = True
            pairs = list(self._pairs)
        for pair in pairs:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)  # wakes the pump's select; the pump closes both ends
                except OSError:
                    pass

    def restore(self):
        with self._lock:
            self._refusing = False

    def close(self):
        self.cut()
        self._closed = True
        self._thread.join(timeout=2)
        self._listener.close()


def raw_connect(host, port, timeout_ms, session_id=0, passwd=b"\x00" * 16, last_zxid=0):
    """One ConnectRequest on a fresh socket; returns kazoo's Connect tuple for the ConnectResponse (time_out,
    session_id, passwd, ...). Closes the socket without closing the session."""
    request = Connect(0, last_zxid, timeout_ms, session_id, passwd, False).serialize()
    with socket.create_connection((host, port), timeout=WAIT) as s:
        s.sendall(int_struct.pack(len(request)) + request)
        header = _recv_exact(s, 4)
        body = _recv_exact(s, int_struct.unpack(header)[0])
    return Connect.deserialize(body, 0)[0]


def _recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError("server closed the connection after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def digest_id(user, password):
    return "%s:%s" % (user, base64.b64encode(hashlib.sha1(("%s:%s" % (user, password)).encode()).digest()).decode())


# ---------------------------------------------------------------------------------------------------------------
# Base class
# ---------------------------------------------------------------------------------------------------------------

class ZkTestCase(unittest.TestCase):
    """Each test gets its own client self.zk and its own empty root znode self.root."""

    def setUp(self):
        self._clients = []
        self._cleanups_extra = []
        self.zk = self.client()
        cls, method = self.id().split(".")[-2:]
        self.root = "/%s.%s" % (cls, method)
        self.zk.create(self.root)

    def tearDown(self):
        for fn in reversed(self._cleanups_extra):
            try:
                fn()
            except Exception:  # noqa: BLE001 - cleanup must not mask the test's outcome
                pass
        for c in self._clients:
            try:
                c.stop()
                c.close()
            except Exception:  # noqa: BLE001
                pass

    def client(self, start=True, **kwargs):
        kwargs.setdefault("hosts", SERVER.connect_string)
        kwargs.setdefault("timeout", 4.0)
        c = KazooClient(**kwargs)
        self._clients.append(c)
        if start:
            c.start(timeout=WAIT)
        return c

    def p(self, *parts):
        return "/".join((self.root,) + parts)

    def flush_watch_events(self, zk):
        """Barrier: returns once every watch event the server sent to zk before now has been delivered to its
        callbacks (kazoo runs watch callbacks on one thread, in wire order; the server sends the events of an
        earlier change before the events of a later one)."""
        done = threading.Event()
        marker = self.p("flush-%d" % int(time.monotonic() * 1e6))
        zk.exists(marker, watch=lambda ev: done.set())
        self.zk.create(marker)
        self.assertTrue(done.wait(WAIT), "flush marker watch on %s never fired" % marker)


# ---------------------------------------------------------------------------------------------------------------
# Create modes
# ---------------------------------------------------------------------------------------------------------------

class CreateTests(ZkTestCase):
    def test_persistent_create_returns_path_and_stores_data(self):
        path = self.zk.create(self.p("a"), b"hello")
        self.assertEqual(path, self.p("a"), "create should return the created path")
        data, stat = self.zk.get(self.p("a"))
        self.assertEqual(data, b"hello", "get should return the data given to create")
        self.assertEqual(stat.ephemeralOwner, 0, "a persistent node has ephemeralOwner 0")

    def test_create2_returns_stat(self):
        path, stat = self.zk.create(self.p("c2"), b"xyz", include_data=True)
        self.assertEqual(path, self.p("c2"))
        self.assertEqual(stat.dataLength, 3, "create2 stat.dataLength should be len(data)")
        self.assertEqual(stat.version, 0, "create2 stat.version should be 0")
        self.assertEqual(stat, self.zk.exists(self.p("c2")), "create2 stat should equal a later exists() stat")

    def test_create_existing_raises_node_exists(self):
        self.zk.create(self.p("dup"))
        with self.assertRaises(NodeExistsError, msg="creating an existing path must fail with NodeExists"):
            self.zk.create(self.p("dup"))

    def test_create_without_parent_raises_no_node(self):
        with self.assertRaises(NoNodeError, msg="create under a missing parent must fail with NoNode"):
            self.zk.create(self.p("missing", "child"))

    def test_makepath_creates_missing_parents(self):
        self.zk.create(self.p("x", "y", "z"), b"deep", makepath=True)
        self.assertEqual(self.zk.get(self.p("x", "y", "z"))[0], b"deep")
        self.assertEqual(self.zk.get_children(self.p("x")), ["y"], "makepath should create the intermediate node")

    def test_ephemeral_owner_is_session_id(self):
        self.zk.create(self.p("eph"), ephemeral=True)
        stat = self.zk.exists(self.p("eph"))
        self.assertEqual(stat.ephemeralOwner, self.zk.client_id[0],
                         "ephemeralOwner of an ephemeral must be the creating session's id")

    def test_sequential_names_use_ten_digit_parent_counter(self):
        names = [self.zk.create(self.p("job-"), sequence=True) for _ in range(3)]
        self.assertEqual(names, [self.p("job-%010d" % i) for i in range(3)],
                         "sequential names should be prefix + %010d counter starting at 0")
        other = self.zk.create(self.p("other-"), sequence=True)
        self.assertEqual(other, self.p("other-0000000003"),
                         "the sequence counter belongs to the parent, shared by all prefixes")
        self.assertEqual(self.zk.create(self.p(""), sequence=True), self.p("0000000004"),
                         "an empty prefix yields a bare 10-digit child name")

    def test_sequence_counts_creates_but_cversion_counts_creates_and_deletes(self):
        for name in ("a", "b", "c"):
            self.zk.create(self.p(name))
        self.zk.delete(self.p("b"))
        stat = self.zk.exists(self.root)
        self.assertEqual(stat.cversion, 4, "exposed cversion should count 3 creates + 1 delete")
        self.assertEqual(stat.numChildren, 2)
        seq = self.zk.create(self.p("s-"), sequence=True)
        self.assertEqual(seq, self.p("s-0000000003"),
                         "sequence suffix should count child creates only (3), not the delete")
        self.assertEqual(self.zk.exists(self.root).cversion, 5)

    def test_ephemeral_sequential(self):
        path = self.zk.create(self.p("es-"), b"v", ephemeral=True, sequence=True)
        self.assertEqual(path, self.p("es-0000000000"))
        self.assertEqual(self.zk.exists(path).ephemeralOwner, self.zk.client_id[0],
                         "ephemeral-sequential node must be owned by the session")

    def test_no_children_for_ephemerals(self):
        self.zk.create(self.p("eph"), ephemeral=True)
        with self.assertRaises(NoChildrenForEphemeralsError, msg="an ephemeral cannot have children"):
            self.zk.create(self.p("eph", "child"))

    def test_server_rejects_invalid_paths_with_bad_arguments(self):
        # Sent raw: kazoo would otherwise normalise some of these on the client side.
        self.zk.create(self.p("a"))
        for bad in (self.p("a") + "/", self.p("."), self.p(".."), self.p("a", "."), "relative", self.p("ctl\x01"),
                    self.p("nul\x00"), self.p("del\x7f"), self.p("special\ufff5")):
            with self.subTest(path=bad):
                with self.assertRaises(BadArgumentsError, msg="server should reject %r with BadArguments" % bad):
                    call(self.zk, Create(bad, b"", OPEN_ACL_UNSAFE, 0))
        self.assertEqual(sorted(self.zk.get_children(self.root)), ["a"], "no invalid path may have been created")

    def test_create_checks_parent_before_validating_the_full_path(self):
        # Apache looks up the parent (text before the last '/') first, and validates the whole path only later.
        self.zk.create(self.p("a"))
        for bad in (self.p("a") + "//b", self.p("missing") + "//b", self.p("missing", ".", "b"),
                    self.p("missing", "..", "b")):
            with self.subTest(path=bad):
                with self.assertRaises(NoNodeError, msg="invalid path %r under a missing parent: NoNode" % bad):
                    call(self.zk, Create(bad, b"", OPEN_ACL_UNSAFE, 0))
        with self.assertRaises(NodeExistsError, msg="creating / must fail with NodeExists"):
            call(self.zk, Create("/", b"", OPEN_ACL_UNSAFE, 0))
        self.assertEqual(call(self.zk, Create(self.p("..."), b"", OPEN_ACL_UNSAFE, 0)), self.p("..."),
                         "'...' is an ordinary node name")

    def test_unicode_path_and_binary_data_roundtrip(self):
        path = self.p("ünïcødé-路径")
        data = bytes(range(256))
        self.zk.create(path, data)
        self.assertIn("ünïcødé-路径", self.zk.get_children(self.root), "unicode child name should list back")
        self.assertEqual(self.zk.get(path)[0], data, "binary data should round-trip byte for byte")

    def test_empty_and_large_data(self):
        self.zk.create(self.p("empty"), b"")
        data, stat = self.zk.get(self.p("empty"))
        self.assertEqual((data, stat.dataLength), (b"", 0), "empty data should read back empty, dataLength 0")
        call(self.zk, Create(self.p("null"), None, OPEN_ACL_UNSAFE, 0))  # data buffer length -1
        data, stat = self.zk.get(self.p("null"))
        self.assertEqual((data, stat.dataLength), (None, 0), "null data (length -1) should read back as null")
        big = os.urandom(512 * 1024)
        self.zk.create(self.p("big"), big)
        data, stat = self.zk.get(self.p("big"))
        self.assertEqual(stat.dataLength, len(big))
        self.assertEqual(data, big, "512 KiB value should round-trip")


class ContainerAndTtlTests(ZkTestCase):
    """Sent with raw createContainer / createTTL requests (kazoo 2.8 has no API for them).
    The server runs with znode.container.checkIntervalMs=500 and extendedTypesEnabled=true."""

    def wait_deleted(self, path, timeout=WAIT):
        gone = threading.Event()
        if self.zk.exists(path, watch=lambda ev: gone.set() if ev.type == EventType.DELETED else None) is None:
            return True
        return gone.wait(timeout)

    def test_container_deleted_after_its_last_child_goes(self):
        path, stat = call(self.zk, CreateContainer(self.p("box"), b"c", OPEN_ACL_UNSAFE))
        self.assertEqual(path, self.p("box"))
        self.assertEqual(stat.ephemeralOwner, 0, "clients see ephemeralOwner 0 for a container")
        call(self.zk, CreateContainer(self.p("never-used"), b"", OPEN_ACL_UNSAFE))
        self.zk.create(self.p("box", "item"))
        self.zk.delete(self.p("box", "item"))
        self.assertTrue(self.wait_deleted(self.p("box")),
                        "a container whose last child was deleted should be removed by the server")
        self.assertIsNotNone(self.zk.exists(self.p("never-used")),
                             "a container that never had a child must not be removed")

    def test_container_with_child_survives(self):
        call(self.zk, CreateContainer(self.p("keep"), b"", OPEN_ACL_UNSAFE))
        self.zk.create(self.p("keep", "a"))
        self.zk.create(self.p("keep", "b"))
        call(self.zk, CreateContainer(self.p("probe"), b"", OPEN_ACL_UNSAFE))
        self.zk.create(self.p("probe", "x"))
        self.zk.delete(self.p("probe", "x"))
        self.assertTrue(self.wait_deleted(self.p("probe")), "emptied probe container should be removed")
        self.zk.delete(self.p("keep", "a"))
        self.assertIsNotNone(self.zk.exists(self.p("keep")), "a container that still has a child must stay")

    def test_ttl_node_deleted_after_ttl(self):
        path, stat = call(self.zk, CreateTTL(self.p("ttl"), b"t", OPEN_ACL_UNSAFE, MODE_PERSISTENT_WITH_TTL, 300))
        self.assertEqual(path, self.p("ttl"))
        self.assertEqual(stat.ephemeralOwner, 0, "clients see ephemeralOwner 0 for a TTL node")
        self.assertEqual(self.zk.get(path)[0], b"t")
        self.assertTrue(self.wait_deleted(path), "an unmodified childless TTL node should expire")

    def test_ttl_node_with_child_is_kept(self):
        call(self.zk, CreateTTL(self.p("parent"), b"", OPEN_ACL_UNSAFE, MODE_PERSISTENT_WITH_TTL, 100))
        self.zk.create(self.p("parent", "kid"))
        call(self.zk, CreateTTL(self.p("probe"), b"", OPEN_ACL_UNSAFE, MODE_PERSISTENT_WITH_TTL, 100))
        self.assertTrue(self.wait_deleted(self.p("probe")), "childless TTL probe should expire")
        self.assertIsNotNone(self.zk.exists(self.p("parent")), "a TTL node with a child must not expire")
        self.zk.delete(self.p("parent", "kid"))
        self.assertTrue(self.wait_deleted(self.p("parent")), "TTL node should expire once its child is gone")

    def test_ttl_sequential(self):
        path, _ = call(self.zk, CreateTTL(self.p("tseq-"), b"", OPEN_ACL_UNSAFE,
                                          MODE_PERSISTENT_SEQUENTIAL_WITH_TTL, 60000))
        self.assertEqual(path, self.p("tseq-0000000000"), "TTL sequential should get a %010d suffix")

    def test_ttl_bad_arguments(self):
        with self.assertRaises(BadArgumentsError, msg="ttl=0 must be rejected"):
            call(self.zk, CreateTTL(self.p("t0"), b"", OPEN_ACL_UNSAFE, MODE_PERSISTENT_WITH_TTL, 0))
        with self.assertRaises(BadArgumentsError, msg="createTTL with a non-TTL mode must be rejected"):
            call(self.zk, CreateTTL(self.p("t1"), b"", OPEN_ACL_UNSAFE, 0, 1000))
        self.assertIsNone(self.zk.exists(self.p("t0")))


# ---------------------------------------------------------------------------------------------------------------
# Data, versions, stat, children
# ---------------------------------------------------------------------------------------------------------------

class DataTests(ZkTestCase):
    def test_stat_after_create(self):
        before_ms = int(time.time() * 1000)
        self.zk.create(self.p("n"), b"12345")
        stat = self.zk.exists(self.p("n"))
        self.assertEqual((stat.version, stat.cversion, stat.aversion), (0, 0, 0), "fresh node versions are 0")
        self.assertEqual((stat.numChildren, stat.dataLength), (0, 5))
        self.assertEqual(stat.czxid, stat.mzxid, "fresh node: mzxid == czxid")
        self.assertEqual(stat.pzxid, stat.czxid, "fresh node: pzxid == czxid")
        self.assertEqual(stat.ctime, stat.mtime, "fresh node: mtime == ctime")
        self.assertLess(abs(stat.ctime - before_ms), 60000, "ctime should be wall-clock milliseconds")

    def test_reply_zxid_is_the_txn_zxid(self):
        self.zk.create(self.p("z"))
        create_zxid = self.zk.last_zxid
        self.assertEqual(self.zk.exists(self.p("z")).czxid, create_zxid,
                         "the create reply header's zxid should be the node's czxid")
        self.zk.set(self.p("z"), b"1")
        self.assertGreater(self.zk.last_zxid, create_zxid)
        self.assertEqual(self.zk.exists(self.p("z")).mzxid, self.zk.last_zxid,
                         "the setData reply zxid should be the node's new mzxid")

    def test_set_updates_version_mzxid_mtime_datalength(self):
        self.zk.create(self.p("n"), b"a")
        s0 = self.zk.exists(self.p("n"))
        s1 = self.zk.set(self.p("n"), b"bbbb")
        self.assertEqual(s1.version, 1, "setData increments version")
        self.assertEqual(s1.dataLength, 4)
        self.assertGreater(s1.mzxid, s0.mzxid, "setData moves mzxid forward")
        self.assertEqual(s1.czxid, s0.czxid, "setData keeps czxid")
        self.assertGreaterEqual(s1.mtime, s0.mtime)
        self.assertEqual(s1.pzxid, s0.pzxid, "setData does not touch pzxid")
        self.assertEqual(s1, self.zk.exists(self.p("n")), "setData's returned stat equals a later exists()")

    def test_set_with_matching_version_succeeds(self):
        self.zk.create(self.p("n"), b"a")
        self.zk.set(self.p("n"), b"b", version=0)
        stat = self.zk.set(self.p("n"), b"c", version=1)
        self.assertEqual(stat.version, 2)
        self.assertEqual(self.zk.get(self.p("n"))[0], b"c")

    def test_set_with_stale_version_raises_bad_version(self):
        self.zk.create(self.p("n"), b"a")
        self.zk.set(self.p("n"), b"b")
        with self.assertRaises(BadVersionError, msg="set with version 0 after one update must fail"):
            self.zk.set(self.p("n"), b"c", version=0)
        data, stat = self.zk.get(self.p("n"))
        self.assertEqual((data, stat.version), (b"b", 1), "a failed conditional set must not change the node")

    def test_delete_with_version(self):
        self.zk.create(self.p("n"))
        self.zk.set(self.p("n"), b"x")
        with self.assertRaises(BadVersionError, msg="delete with a wrong version must fail"):
            self.zk.delete(self.p("n"), version=0)
        self.assertIsNotNone(self.zk.exists(self.p("n")))
        self.zk.delete(self.p("n"), version=1)
        self.assertIsNone(self.zk.exists(self.p("n")), "delete with the right version removes the node")

    def test_missing_node_errors(self):
        with self.assertRaises(NoNodeError, msg="get of a missing node"):
            self.zk.get(self.p("nope"))
        with self.assertRaises(NoNodeError, msg="set of a missing node"):
            self.zk.set(self.p("nope"), b"x")
        with self.assertRaises(NoNodeError, msg="delete of a missing node"):
            self.zk.delete(self.p("nope"))
        with self.assertRaises(NoNodeError, msg="get_children of a missing node"):
            self.zk.get_children(self.p("nope"))
        self.assertIsNone(self.zk.exists(self.p("nope")), "exists of a missing node returns None")

    def test_delete_non_empty_raises_not_empty(self):
        self.zk.create(self.p("parent", "child"), makepath=True)
        with self.assertRaises(NotEmptyError, msg="deleting a node with children must fail with NotEmpty"):
            self.zk.delete(self.p("parent"))
        self.zk.delete(self.p("parent"), recursive=True)
        self.assertIsNone(self.zk.exists(self.p("parent")))

    def test_children_and_parent_stat_track_child_changes(self):
        parent = self.zk.exists(self.root)
        self.zk.create(self.p("c1"), b"x")
        c1 = self.zk.exists(self.p("c1"))
        after_create = self.zk.exists(self.root)
        self.assertEqual(after_create.numChildren, 1)
        self.assertEqual(after_create.cversion, parent.cversion + 1, "child create bumps parent cversion")
        self.assertEqual(after_create.pzxid, c1.czxid, "child create sets parent pzxid to the child's czxid")
        self.assertEqual((after_create.version, after_create.mzxid), (parent.version, parent.mzxid),
                         "child create leaves the parent's data version and mzxid alone")
        self.zk.set(self.p("c1"), b"y")
        self.assertEqual(self.zk.exists(self.root), after_create, "child data change leaves the parent stat alone")
        self.zk.delete(self.p("c1"))
        delete_zxid = self.zk.last_zxid
        after_delete = self.zk.exists(self.root)
        self.assertEqual(after_delete.numChildren, 0)
        self.assertEqual(after_delete.cversion, parent.cversion + 2, "child delete bumps parent cversion")
        self.assertEqual(after_delete.pzxid, delete_zxid, "child delete sets parent pzxid to the delete's zxid")

    def test_get_children(self):
        for name in ("b", "a", "c"):
            self.zk.create(self.p(name), name.encode())
        self.zk.create(self.p("a", "deeper"))
        self.assertEqual(sorted(self.zk.get_children(self.root)), ["a", "b", "c"],
                         "get_children returns direct children only")
        children, stat = self.zk.get_children(self.root, include_data=True)
        self.assertEqual(sorted(children), ["a", "b", "c"])
        self.assertEqual(stat, self.zk.exists(self.root), "getChildren2 returns the parent's stat")
        self.assertEqual(self.zk.get_children(self.p("b")), [], "leaf has no children")

    def test_get_all_children_number(self):
        for path in ("a", "a/b", "a/b/c", "d"):
            self.zk.create(self.p(path))
        self.assertEqual(call(self.zk, GetAllChildrenNumber(self.root)), 4,
                         "getAllChildrenNumber counts all descendants")
        self.assertEqual(call(self.zk, GetAllChildrenNumber(self.p("a"))), 2)

    def test_get_ephemerals_lists_own_session_only(self):
        self.zk.create(self.p("e1"), ephemeral=True)
        self.zk.create(self.p("sub", "e2"), ephemeral=True, makepath=True)
        other = self.client()
        other.create(self.p("theirs"), ephemeral=True)
        self.assertEqual(sorted(call(self.zk, GetEphemerals(self.root))), [self.p("e1"), self.p("sub", "e2")],
                         "getEphemerals lists this session's ephemerals under the prefix")
        self.assertEqual(call(self.zk, GetEphemerals(self.p("sub"))), [self.p("sub", "e2")])
        self.assertEqual(call(other, GetEphemerals(self.root)), [self.p("theirs")])

    def test_multi_read(self):
        self.zk.create(self.p("a"), b"A")
        self.zk.create(self.p("a", "k1"))
        results = call(self.zk, MultiRead([("get", self.p("a")), ("children", self.p("a")),
                                           ("get", self.p("missing")), ("children", self.root)]))
        self.assertEqual(len(results), 4, "multiRead returns one result per op")
        self.assertEqual(results[0][0], b"A")
        self.assertEqual(results[0][1], self.zk.exists(self.p("a")))
        self.assertEqual(results[1], ["k1"])
        self.assertEqual(results[2], NoNodeError.code, "a failing read gives its own error, others still run")
        self.assertEqual(results[3], ["a"])

    def test_sync_then_read_sees_other_clients_write(self):
        other = self.client()
        self.zk.create(self.p("n"), b"v1")
        self.assertEqual(other.sync(self.p("n")), self.p("n"), "sync returns the synced path")
        self.assertEqual(other.get(self.p("n"))[0], b"v1")

    def test_who_am_i(self):
        self.assertEqual(call(self.zk, WhoAmI()), [("ip", "127.0.0.1")], "unauthenticated client is its ip")
        self.zk.add_auth("digest", "alice:secret")
        self.assertEqual(sorted(call(self.zk, WhoAmI())), [("digest", "alice"), ("ip", "127.0.0.1")],
                         "after addauth digest the client also has the digest user")

    def test_four_letter_words(self):
        self.assertEqual(self.zk.command(b"ruok"), "imok")
        srvr = self.zk.command(b"srvr")
        self.assertIn("Zookeeper version:", srvr)
        self.assertIn("Mode: %s" % EXPECTED_MODE, srvr)
        self.assertGreaterEqual(self.zk.server_version()[:2], (3, 5), "srvr should report a 3.5+ version")
        self.assertIn("zk_znode_count", self.zk.command(b"mntr"))


# ---------------------------------------------------------------------------------------------------------------
# Watches
# ---------------------------------------------------------------------------------------------------------------

class WatchTests(ZkTestCase):
    def test_data_watch_fires_exactly_once(self):
        self.zk.create(self.p("n"), b"0")
        fired = Recorder()
        self.zk.get(self.p("n"), watch=fired)
        other = self.client()
        other.set(self.p("n"), b"1")
        self.assertTrue(fired.wait_count(1), "data watch should fire on the first change")
        other.set(self.p("n"), b"2")
        self.flush_watch_events(self.zk)
        events = fired.snapshot()
        self.assertEqual(len(events), 1, "a standard watch fires once, got %r" % events)
        self.assertEqual((events[0].type, events[0].path), (EventType.CHANGED, self.p("n")))

    def test_exists_watch_fires_on_create(self):
        fired = Recorder()
        self.assertIsNone(self.zk.exists(self.p("later"), watch=fired))
        self.client().create(self.p("later"))
        self.assertTrue(fired.wait_count(1), "exists watch on a missing node should fire when it is created")
        self.assertEqual(fired.items[0].type, EventType.CREATED)

    def test_data_watch_fires_on_delete(self):
        self.zk.create(self.p("n"))
        fired = Recorder()
        self.zk.get(self.p("n"), watch=fired)
        self.client().delete(self.p("n"))
        self.assertTrue(fired.wait_count(1))
        self.assertEqual((fired.items[0].type, fired.items[0].path), (EventType.DELETED, self.p("n")))

    def test_child_watch_fires_once_on_membership_change_only(self):
        self.zk.create(self.p("kid"))
        fired = Recorder()
        self.zk.get_children(self.root, watch=fired)
        other = self.client()
        other.set(self.p("kid"), b"data change is not a child change")
        other.create(self.p("kid2"))
        self.assertTrue(fired.wait_count(1), "child watch should fire on child create")
        other.delete(self.p("kid2"))
        self.flush_watch_events(self.zk)
        events = fired.snapshot()
        self.assertEqual([(e.type, e.path) for e in events], [(EventType.CHILD, self.root)],
                         "exactly one CHILD event expected, got %r" % events)

    def test_child_watch_fires_on_child_delete(self):
        self.zk.create(self.p("kid"))
        fired = Recorder()
        self.zk.get_children(self.root, watch=fired)
        self.client().delete(self.p("kid"))
        self.assertTrue(fired.wait_count(1))
        self.assertEqual(fired.items[0].type, EventType.CHILD)

    def test_child_watch_gets_deleted_when_node_deleted(self):
        self.zk.create(self.p("n"))
        fired = Recorder()
        self.zk.get_children(self.p("n"), watch=fired)
        self.client().delete(self.p("n"))
        self.assertTrue(fired.wait_count(1))
        self.assertEqual((fired.items[0].type, fired.items[0].path), (EventType.DELETED, self.p("n")))

    def test_event_reaches_client_before_the_reply_of_the_change(self):
        tap = WireTap(self.zk)
        self.zk.create(self.p("n"), b"0")
        self.zk.get(self.p("n"), watch=lambda ev: None)
        self.zk.set(self.p("n"), b"1")
        log = tap.log.snapshot()
        event_at = log.index(("event", EV_CHANGED, self.p("n")))
        set_reply_at = max(i for i, item in enumerate(log) if item[:2] == ("reply", 5))
        self.assertLess(event_at, set_reply_at,
                        "the CHANGED event must be on the wire before the setData reply: %r" % log)

    def test_persistent_recursive_watch(self):
        tap = WireTap(self.zk)
        w = self.p("w")
        self.assertTrue(call(self.zk, AddWatch(w, ADD_WATCH_PERSISTENT_RECURSIVE)))
        other = self.client()
        other.create(w)
        other.create(w + "/a")
        other.create(w + "/a/b", b"")
        other.set(w + "/a/b", b"1")
        other.set(w + "/a/b", b"2")
        other.delete(w + "/a/b")
        other.set(w, b"top")
        expected = [(EV_CREATED, w), (EV_CREATED, w + "/a"), (EV_CREATED, w + "/a/b"), (EV_CHANGED, w + "/a/b"),
                    (EV_CHANGED, w + "/a/b"), (EV_DELETED, w + "/a/b"), (EV_CHANGED, w)]
        self.assertTrue(tap.wait_events(expected),
                        "recursive watch: expected %r (no child events, fires repeatedly), got %r"
                        % (expected, tap.events()))

    def test_persistent_watch_on_one_node(self):
        tap = WireTap(self.zk)
        n = self.p("n")
        self.zk.create(n)
        self.assertTrue(call(self.zk, AddWatch(n, ADD_WATCH_PERSISTENT)))
        other = self.client()
        other.set(n, b"1")
        other.set(n, b"2")
        other.create(n + "/kid")
        other.set(n + "/kid", b"grandchild data change is not watched")
        other.delete(n + "/kid")
        other.delete(n)
        expected = [(EV_CHANGED, n), (EV_CHANGED, n), (EV_CHILD, n), (EV_CHILD, n), (EV_DELETED, n)]
        self.assertTrue(tap.wait_events(expected),
                        "persistent watch: expected %r, got %r" % (expected, tap.events()))

    def test_remove_watches_stops_a_data_watch(self):
        self.zk.create(self.p("n"))
        fired = Recorder()
        self.zk.get(self.p("n"), watch=fired)
        self.assertTrue(call(self.zk, RemoveWatches(self.p("n"), WATCHER_TYPE_DATA)))
        self.client().set(self.p("n"), b"changed")
        self.flush_watch_events(self.zk)
        self.assertEqual(fired.snapshot(), [], "a removed data watch must not fire")


# ---------------------------------------------------------------------------------------------------------------
# Multi / transactions
# ---------------------------------------------------------------------------------------------------------------

class MultiTests(ZkTestCase):
    def test_transaction_success(self):
        self.zk.create(self.p("existing"), b"old")
        self.zk.create(self.p("doomed"))
        t = self.zk.transaction()
        t.create(self.p("new"), b"n")
        t.set_data(self.p("existing"), b"newer")
        t.check(self.p("existing"), 1)
        t.delete(self.p("doomed"))
        t.create(self.p("seq-"), sequence=True)
        results = t.commit()
        self.assertEqual(len(results), 5, "one result per op")
        self.assertEqual(results[0], self.p("new"))
        self.assertIsInstance(results[1], ZnodeStat)
        self.assertEqual(results[1].version, 1, "setData result stat has the new version")
        self.assertEqual(results[2:4], [True, True], "check and delete succeed")
        self.assertEqual(results[4], self.p("seq-0000000003"), "sequential create in multi returns the real name")
        self.assertEqual(self.zk.get(self.p("existing"))[0], b"newer")
        self.assertIsNone(self.zk.exists(self.p("doomed")))
        self.assertEqual(self.zk.exists(self.p("new")).czxid, self.zk.exists(self.p("seq-0000000003")).czxid,
                         "all ops of one multi share one zxid")

    def test_transaction_failure_is_atomic_and_reports_per_op(self):
        t = self.zk.transaction()
        t.create(self.p("first"))
        t.delete(self.p("missing"))
        t.create(self.p("third"))
        results = t.commit()
        self.assertEqual([type(r) for r in results], [RolledBackError, NoNodeError, RuntimeInconsistency],
                         "expected [ok-but-rolled-back(0), NoNode, RuntimeInconsistency], got %r" % results)
        self.assertIsNone(self.zk.exists(self.p("first")), "a failed multi must not apply its earlier ops")
        self.assertIsNone(self.zk.exists(self.p("third")))

    def test_transaction_check_bad_version(self):
        self.zk.create(self.p("n"))
        t = self.zk.transaction()
        t.check(self.p("n"), 7)
        t.set_data(self.p("n"), b"never")
        results = t.commit()
        self.assertEqual([type(r) for r in results], [BadVersionError, RuntimeInconsistency])
        self.assertEqual(self.zk.get(self.p("n"))[0], b"", "failed multi must not set data")

    def test_transaction_node_exists(self):
        self.zk.create(self.p("n"))
        t = self.zk.transaction()
        t.set_data(self.p("n"), b"x")
        t.create(self.p("n"))
        results = t.commit()
        self.assertEqual([type(r) for r in results], [RolledBackError, NodeExistsError])
        self.assertEqual(self.zk.exists(self.p("n")).version, 0, "failed multi must leave version 0")


# ---------------------------------------------------------------------------------------------------------------
# ACLs
# ---------------------------------------------------------------------------------------------------------------

class AclTests(ZkTestCase):
    def alice(self):
        return self.client(auth_data=[("digest", "alice:secret")])

    def test_digest_acl_blocks_other_client_until_it_authenticates(self):
        alice = self.alice()
        alice.create(self.p("secret"), b"s3cr3t", acl=[make_digest_acl("alice", "secret", all=True)])
        self.assertEqual(alice.get(self.p("secret"))[0], b"s3cr3t", "the owner can read")
        bob = self.client()
        with self.assertRaises(NoAuthError, msg="unauthenticated read of a digest-protected node"):
            bob.get(self.p("secret"))
        with self.assertRaises(NoAuthError, msg="unauthenticated write of a digest-protected node"):
            bob.set(self.p("secret"), b"x")
        with self.assertRaises(NoAuthError, msg="unauthenticated getChildren of a digest-protected node"):
            bob.get_children(self.p("secret"))
        self.assertIsNotNone(bob.exists(self.p("secret")), "exists is not ACL-checked")
        bob.add_auth("digest", "alice:secret")
        self.assertEqual(bob.get(self.p("secret"))[0], b"s3cr3t", "after addauth the second client can read")

    def test_wrong_password_is_no_auth(self):
        self.alice().create(self.p("secret"), acl=[make_digest_acl("alice", "secret", all=True)])
        mallory = self.client(auth_data=[("digest", "alice:guess")])
        with self.assertRaises(NoAuthError, msg="digest with the wrong password must not match"):
            mallory.get(self.p("secret"))

    def test_get_acls_returns_digest_id(self):
        alice = self.alice()
        alice.create(self.p("n"), acl=[make_digest_acl("alice", "secret", all=True)])
        acls, stat = alice.get_acls(self.p("n"))
        self.assertEqual(len(acls), 1)
        self.assertEqual((acls[0].perms, acls[0].id.scheme), (Permissions.ALL, "digest"))
        self.assertEqual(acls[0].id.id, digest_id("alice", "secret"),
                         "digest id must be user:base64(sha1(user:password))")
        self.assertEqual(acls[0].id.id, make_digest_acl_credential("alice", "secret"))
        self.assertEqual(stat.aversion, 0)
        with self.assertRaises(NoAuthError, msg="getACL without READ/ADMIN permission"):
            self.client().get_acls(self.p("n"))

    def test_auth_scheme_acl_uses_callers_identity(self):
        alice = self.alice()
        alice.create(self.p("n"), acl=[ACL(Permissions.ALL, Id("auth", ""))])
        acls, _ = alice.get_acls(self.p("n"))
        self.assertEqual([(a.perms, a.id.scheme, a.id.id) for a in acls],
                         [(Permissions.ALL, "digest", digest_id("alice", "secret"))],
                         "an auth-scheme ACL becomes the caller's digest identity")
        with self.assertRaises(InvalidACLError, msg="auth-scheme ACL without any authenticated id"):
            self.zk.create(self.p("m"), acl=[ACL(Permissions.ALL, Id("auth", ""))])

    def test_read_only_acl_for_everyone(self):
        alice = self.alice()
        alice.create(self.p("pub"), b"public",
                     acl=[make_digest_acl("alice", "secret", all=True)] + list(READ_ACL_UNSAFE))
        bob = self.client()
        self.assertEqual(bob.get(self.p("pub"))[0], b"public", "world:anyone READ lets anyone read")
        with self.assertRaises(NoAuthError, msg="READ-only user cannot write"):
            bob.set(self.p("pub"), b"x")
        with self.assertRaises(NoAuthError, msg="READ-only user cannot create children"):
            bob.create(self.p("pub", "kid"))
        with self.assertRaises(NoAuthError, msg="READ-only user cannot change the ACL"):
            bob.set_acls(self.p("pub"), OPEN_ACL_UNSAFE)
        acls, _ = bob.get_acls(self.p("pub"))
        self.assertEqual(sorted((a.perms, a.id.scheme, a.id.id) for a in acls),
                         [(Permissions.READ, "world", "anyone"), (Permissions.ALL, "digest", "alice:x")],
                         "getACL without ADMIN permission redacts digest hashes to 'x'")
        acls, _ = alice.get_acls(self.p("pub"))
        self.assertIn(digest_id("alice", "secret"), [a.id.id for a in acls], "with ADMIN the hash is shown")
        alice.create(self.p("pub", "kid"))
        with self.assertRaises(NoAuthError, msg="deleting a child needs DELETE on the parent"):
            bob.delete(self.p("pub", "kid"))

    def test_set_acls_with_version_check(self):
        self.zk.create(self.p("n"))
        read_admin = [ACL(Permissions.READ | Permissions.ADMIN, Id("world", "anyone"))]
        stat = self.zk.set_acls(self.p("n"), read_admin, version=0)
        self.assertEqual(stat.aversion, 1, "setACL bumps aversion")
        acls, _ = self.zk.get_acls(self.p("n"))
        self.assertEqual([(a.perms, a.id.scheme, a.id.id) for a in acls],
                         [(Permissions.READ | Permissions.ADMIN, "world", "anyone")])
        with self.assertRaises(BadVersionError, msg="setACL with a stale aversion"):
            self.zk.set_acls(self.p("n"), OPEN_ACL_UNSAFE, version=0)
        with self.assertRaises(NoAuthError, msg="READ|ADMIN node refuses setData"):
            self.zk.set(self.p("n"), b"x")
        self.zk.set_acls(self.p("n"), READ_ACL_UNSAFE, version=1)
        with self.assertRaises(NoAuthError, msg="without ADMIN the ACL check fails before the version check"):
            self.zk.set_acls(self.p("n"), OPEN_ACL_UNSAFE, version=0)


# ---------------------------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------------------------

class SessionTests(ZkTestCase):
    def test_ephemeral_gone_after_session_close_as_seen_by_other_client(self):
        owner = self.client()
        owner.create(self.p("eph"), ephemeral=True)
        gone = threading.Event()
        self.assertIsNotNone(self.zk.exists(self.p("eph"), watch=lambda ev: gone.set()))
        owner.stop()
        self.assertTrue(gone.wait(WAIT), "other client's watch should fire when the owner closes its session")
        self.assertIsNone(self.zk.exists(self.p("eph")), "ephemeral must be gone after its session closed")

    def test_negotiated_timeout_is_clamped_to_2_and_20_ticks(self):
        low = raw_connect(SERVER.host, SERVER.port, 1)
        high = raw_connect(SERVER.host, SERVER.port, 10 ** 6)
        mid = raw_connect(SERVER.host, SERVER.port, 1500)
        self.assertEqual(low.time_out, 2 * TICK_MS, "timeout below minSessionTimeout is raised to 2*tickTime")
        self.assertEqual(high.time_out, 20 * TICK_MS, "timeout above maxSessionTimeout is cut to 20*tickTime")
        self.assertEqual(mid.time_out, 1500, "a timeout inside the bounds is kept")
        self.assertNotEqual(low.session_id, 0)
        self.assertEqual(len(low.passwd), 16, "session password is 16 bytes")
        self.assertEqual(len({low.session_id, high.session_id, mid.session_id}), 3, "session ids are unique")

    def test_reconnect_with_bad_password_or_unknown_session_is_expired(self):
        live = raw_connect(SERVER.host, SERVER.port, 4000)
        wrong_pw = raw_connect(SERVER.host, SERVER.port, 4000, session_id=live.session_id, passwd=b"\x01" * 16)
        self.assertEqual(wrong_pw.time_out, 0, "wrong password must be answered like an expired session")
        unknown = raw_connect(SERVER.host, SERVER.port, 4000, session_id=live.session_id ^ 0x5A5A5A,
                              passwd=live.passwd)
        self.assertEqual(unknown.time_out, 0, "unknown session id must be answered like an expired session")
        again = raw_connect(SERVER.host, SERVER.port, 4000, session_id=live.session_id, passwd=live.passwd)
        self.assertEqual((again.session_id, again.time_out), (live.session_id, 4000),
                         "reconnecting with the right id and password resumes the session")

    def test_session_survives_short_disconnect(self):
        proxy = TcpProxy(SERVER.host, SERVER.port)
        self._cleanups_extra.append(proxy.close)
        states = Recorder()
        c = self.client(start=False, hosts=proxy.connect_string, timeout=4.0,
                        connection_retry=dict(max_tries=-1, delay=0.05, backoff=1, max_jitter=0.1, max_delay=0.2))
        c.add_listener(states)
        c.start(timeout=WAIT)
        sid = c.client_id[0]
        c.create(self.p("eph"), ephemeral=True)
        proxy.cut()
        self.assertTrue(states.wait_for(lambda s: KazooState.SUSPENDED in s), "client should notice the cut")
        proxy.restore()
        self.assertTrue(states.wait_for(lambda s: s[-1] == KazooState.CONNECTED and KazooState.SUSPENDED in s),
                        "client should reconnect, states: %r" % states.snapshot())
        self.assertNotIn(KazooState.LOST, states.snapshot(), "a short disconnect must not lose the session")
        self.assertEqual(c.client_id[0], sid, "the same session should be resumed")
        self.assertEqual(self.zk.exists(self.p("eph")).ephemeralOwner, sid, "ephemeral survives a reconnect")
        self.assertEqual(c.get(self.p("eph"))[0], b"", "resumed session can still read")

    def test_session_expiry_deletes_ephemerals_and_client_sees_lost(self):
        proxy = TcpProxy(SERVER.host, SERVER.port)
        self._cleanups_extra.append(proxy.close)
        states = Recorder()
        c = self.client(start=False, hosts=proxy.connect_string, timeout=1.0,
                        connection_retry=dict(max_tries=-1, delay=0.05, backoff=1, max_jitter=0.1, max_delay=0.2))
        c.add_listener(states)
        c.start(timeout=WAIT)
        sid = c.client_id[0]
        c.create(self.p("eph"), ephemeral=True)
        gone = Recorder()
        self.zk.exists(self.p("eph"), watch=gone)
        child_watch = Recorder()
        self.zk.get_children(self.root, watch=child_watch)
        cut_at = time.monotonic()
        proxy.cut()  # client can no longer reach the server: no pings, no reconnect
        self.assertTrue(gone.wait_count(1), "server should expire the session and delete its ephemeral")
        expired_after = time.monotonic() - cut_at
        self.assertEqual(gone.items[0].type, EventType.DELETED)
        self.assertTrue(child_watch.wait_count(1), "parent's child watch fires when the ephemeral is removed")
        self.assertIsNone(self.zk.exists(self.p("eph")))
        self.assertLess(expired_after, 8.0, "a 1 s session should expire within a few seconds (took %.1f s)"
                        % expired_after)
        self.assertGreater(expired_after, 0.3, "the session must not expire as soon as the connection drops")
        proxy.restore()
        self.assertTrue(states.wait_for(lambda s: KazooState.LOST in s),
                        "on reconnect the client should learn its session expired, states: %r" % states.snapshot())
        self.assertTrue(wait_until(lambda: c.connected and c.client_id and c.client_id[0] != sid),
                        "kazoo should then open a fresh session")
        self.assertIsNone(c.exists(self.p("eph")), "the new session does not get the old ephemeral back")


class RestartTests(unittest.TestCase):
    """Uses a server of its own (same kind/binary) so that restarting it does not disturb the other tests."""

    def setUp(self):
        self.server = zkserver.ZkServer(SERVER.kind, binary=SERVER.binary)
        self.server.start()
        self.addCleanup(self.server.cleanup)
        self.zk = self.client()

    def client(self):
        c = KazooClient(hosts=self.server.connect_string, timeout=4.0)
        c.start(timeout=WAIT)
        self.addCleanup(c.close)
        self.addCleanup(c.stop)
        return c

    def populate(self):
        self.zk.create("/r/data", b"kept", makepath=True)
        self.zk.set("/r/data", b"kept-v1")
        for _ in range(3):
            self.zk.create("/r/seq-", sequence=True)
        self.zk.delete("/r/seq-0000000001")
        self.zk.create("/r/eph", ephemeral=True)
        return self.zk.exists("/r/data"), self.zk.exists("/r")

    def check_after_restart(self, data_stat, parent_stat, sid, passwd):
        # Right after the restart, before the old client's own reconnect logic matters: the server must have
        # restored the session from its log (answering with the same id and a non-zero timeout) ...
        resumed = raw_connect(self.server.host, self.server.port, 4000, session_id=sid, passwd=passwd)
        self.assertEqual((resumed.session_id, resumed.time_out), (sid, 4000),
                         "a session created before the restart should be resumable after it")
        # ... and kept its ephemeral (the session's timeout starts again when the server loads it).
        fresh = self.client()
        self.assertEqual(fresh.exists("/r/eph").ephemeralOwner, sid, "the live session keeps its ephemeral")
        data, stat = fresh.get("/r/data")
        self.assertEqual((data, stat), (b"kept-v1", data_stat), "data and stat survive the restart")
        self.assertEqual(fresh.exists("/r"), parent_stat, "parent stat (cversion, pzxid) survives")
        self.assertEqual(sorted(fresh.get_children("/r")), ["data", "eph", "seq-0000000002", "seq-0000000003"])
        self.assertEqual(fresh.create("/r/seq-", sequence=True), "/r/seq-0000000005",
                         "the sequence counter continues after the restart")
        return fresh

    def test_state_and_session_survive_kill_then_stop(self):
        # One test, one server: every JVM start costs seconds.
        data_stat, parent_stat = self.populate()
        sid, passwd = self.zk.client_id
        self.server.kill()   # crash: no clean shutdown
        self.server.start()  # same cfg, data dir and port
        fresh = self.check_after_restart(data_stat, parent_stat, sid, passwd)
        fresh.create("/r/after-crash", b"2")
        after_crash = fresh.exists("/r")
        self.server.restart()  # clean SIGTERM, then start
        resumed = raw_connect(self.server.host, self.server.port, 4000, session_id=sid, passwd=passwd)
        self.assertEqual(resumed.session_id, sid, "session resumable after a clean restart too")
        fresh = self.client()
        self.assertEqual(fresh.get("/r/after-crash")[0], b"2", "writes made after the crash recovery survive")
        self.assertEqual(fresh.exists("/r"), after_crash)


# ---------------------------------------------------------------------------------------------------------------
# Recipes
# ---------------------------------------------------------------------------------------------------------------

def _thread(target, *args):
    t = threading.Thread(target=target, args=args, daemon=True)
    t.start()
    return t


class RecipeTests(ZkTestCase):
    def test_lock_is_exclusive_and_handed_over_on_release(self):
        other = self.client()
        l1 = self.zk.Lock(self.p("lock"), "one")
        l2 = other.Lock(self.p("lock"), "two")
        self.assertTrue(l1.acquire(timeout=WAIT), "first contender should get the free lock")
        self.assertFalse(l2.acquire(blocking=False), "second contender must not get a held lock")
        got = threading.Event()
        t = _thread(lambda: l2.acquire(timeout=WAIT) and got.set())
        self.assertTrue(wait_until(lambda: l1.contenders() == ["one", "two"]),
                        "both contenders should be queued in order, got %r" % l1.contenders())
        self.assertFalse(got.is_set(), "waiter must not hold the lock while the holder has it")
        l1.release()
        self.assertTrue(got.wait(WAIT), "waiter should get the lock after release")
        t.join(WAIT)
        self.assertEqual(l2.contenders(), ["two"])
        l2.release()

    def test_lock_released_when_holder_session_closes(self):
        holder = self.client()
        waiter = self.client()
        self.assertTrue(holder.Lock(self.p("lock"), "h").acquire(timeout=WAIT))
        got = threading.Event()
        lock = waiter.Lock(self.p("lock"), "w")
        _thread(lambda: lock.acquire(timeout=WAIT) and got.set())
        self.assertTrue(wait_until(lambda: len(lock.contenders()) == 2))
        holder.stop()
        self.assertTrue(got.wait(WAIT), "lock should pass on when the holder's session ends")
        lock.release()

    def test_election_one_leader_then_successor(self):
        other = self.client()
        e1 = self.zk.Election(self.p("election"), "alpha")
        e2 = other.Election(self.p("election"), "beta")
        lead1, lead2, release1, release2 = (threading.Event() for _ in range(4))
        t1 = _thread(e1.run, lambda: (lead1.set(), release1.wait(WAIT)))
        self.assertTrue(lead1.wait(WAIT), "the only candidate should be elected")
        t2 = _thread(e2.run, lambda: (lead2.set(), release2.wait(WAIT)))
        self.assertTrue(wait_until(lambda: e1.contenders() == ["alpha", "beta"]),
                        "contenders should list the leader first, got %r" % e1.contenders())
        self.assertFalse(lead2.is_set(), "two leaders at once")
        release1.set()
        t1.join(WAIT)
        self.assertTrue(lead2.wait(WAIT), "the second candidate should lead after the first steps down")
        release2.set()
        t2.join(WAIT)
        self.assertFalse(t2.is_alive())

    def test_barrier(self):
        b = self.zk.Barrier(self.p("barrier"))
        b.create()
        waiter = self.client().Barrier(self.p("barrier"))
        self.assertFalse(waiter.wait(timeout=0.3), "wait must time out while the barrier node exists")
        result = []
        t = _thread(lambda: result.append(waiter.wait(timeout=WAIT)))
        b.remove()
        t.join(WAIT)
        self.assertEqual(result, [True], "wait should return True once the barrier is removed")

    def test_double_barrier(self):
        other = self.client()
        d1 = self.zk.DoubleBarrier(self.p("dbl"), 2)
        d2 = other.DoubleBarrier(self.p("dbl"), 2)
        entered = Recorder()
        t1 = _thread(lambda: (d1.enter(), entered("one")))
        self.assertTrue(wait_until(lambda: self.zk.exists(self.p("dbl")) is not None
                                   and len(self.zk.get_children(self.p("dbl"))) >= 1))
        self.assertEqual(entered.snapshot(), [], "one participant of two must not pass the barrier")
        t2 = _thread(lambda: (d2.enter(), entered("two")))
        self.assertTrue(entered.wait_count(2), "both participants should pass once both arrived")
        t1.join(WAIT)
        t2.join(WAIT)
        left = Recorder()
        t3 = _thread(lambda: (d1.leave(), left(1)))
        t4 = _thread(lambda: (d2.leave(), left(2)))
        self.assertTrue(left.wait_count(2), "both participants should leave")
        t3.join(WAIT)
        t4.join(WAIT)

    def test_queue_orders_by_priority_then_fifo(self):
        q = self.zk.Queue(self.p("queue"))
        q.put(b"low", priority=200)
        q.put(b"first")
        q.put(b"second")
        q.put(b"urgent", priority=1)
        self.assertEqual(len(q), 4)
        consumer = self.client().Queue(self.p("queue"))
        self.assertEqual([consumer.get() for _ in range(4)], [b"urgent", b"first", b"second", b"low"])
        self.assertIsNone(consumer.get(), "empty queue returns None")
        self.assertEqual(len(q), 0)

    def test_counter_with_concurrent_increments(self):
        c = self.zk.Counter(self.p("counter"))
        c += 5
        c -= 2
        self.assertEqual(c.value, 3)
        others = [self.client().Counter(self.p("counter")) for _ in range(2)]

        def bump(counter):
            for _ in range(15):
                counter += 1

        threads = [_thread(bump, o) for o in others]
        for t in threads:
            t.join(WAIT * 3)
        self.assertEqual(self.zk.Counter(self.p("counter")).value, 33,
                         "version-checked increments from two clients must not be lost")

    def test_data_watch_recipe(self):
        self.zk.create(self.p("n"), b"v0")
        seen = Recorder()

        @self.zk.DataWatch(self.p("n"))
        def watcher(data, stat):
            seen((data, stat.version if stat else None))

        self.assertTrue(seen.wait_for(lambda s: s == [(b"v0", 0)]), "initial call with current data")
        other = self.client()
        other.set(self.p("n"), b"v1")
        self.assertTrue(seen.wait_for(lambda s: s[-1:] == [(b"v1", 1)]), "called again on change: %r" % seen.items)
        other.delete(self.p("n"))
        self.assertTrue(seen.wait_for(lambda s: s[-1:] == [(None, None)]), "called with None on delete")
        other.create(self.p("n"), b"v2")
        self.assertTrue(seen.wait_for(lambda s: s[-1:] == [(b"v2", 0)]), "called again on re-create: %r"
                        % seen.items)

    def test_children_watch_recipe(self):
        seen = Recorder()
        self.zk.ChildrenWatch(self.root)(lambda children: seen(sorted(children)))
        self.assertTrue(seen.wait_for(lambda s: s == [[]]), "initial call with no children")
        other = self.client()
        other.create(self.p("a"))
        self.assertTrue(seen.wait_for(lambda s: s[-1] == ["a"]), "got %r" % seen.items)
        other.create(self.p("b"))
        self.assertTrue(seen.wait_for(lambda s: s[-1] == ["a", "b"]), "got %r" % seen.items)
        other.delete(self.p("a"))
        self.assertTrue(seen.wait_for(lambda s: s[-1] == ["b"]), "got %r" % seen.items)

    def test_tree_cache(self):
        self.zk.create(self.p("pre"), b"before")
        events = Recorder()
        cache = TreeCache(self.zk, self.root)
        cache.listen(lambda ev: events((ev.event_type, ev.event_data.path if ev.event_data else None)))
        cache.start()
        self._cleanups_extra.append(cache.close)
        self.assertTrue(events.wait_for(lambda s: (TreeEvent.INITIALIZED, None) in s), "cache should initialise")
        self.assertEqual(cache.get_data(self.p("pre")).data, b"before")
        self.assertEqual(cache.get_children(self.root), frozenset(["pre"]))
        other = self.client()
        other.create(self.p("a", "b"), b"x", makepath=True)
        self.assertTrue(events.wait_for(lambda s: (TreeEvent.NODE_ADDED, self.p("a", "b")) in s))
        self.assertEqual(cache.get_data(self.p("a", "b")).data, b"x")
        other.set(self.p("a", "b"), b"y")
        self.assertTrue(events.wait_for(lambda s: (TreeEvent.NODE_UPDATED, self.p("a", "b")) in s))
        self.assertEqual(cache.get_data(self.p("a", "b")).data, b"y")
        self.assertEqual(cache.get_data(self.p("a", "b")).stat.version, 1)
        other.delete(self.p("a", "b"))
        self.assertTrue(events.wait_for(lambda s: (TreeEvent.NODE_REMOVED, self.p("a", "b")) in s))
        self.assertIsNone(cache.get_data(self.p("a", "b")))
        self.assertEqual(cache.get_children(self.p("a")), frozenset())


# ---------------------------------------------------------------------------------------------------------------

def main():
    global SERVER, EXPECTED_MODE
    kind, binary, rest = zkserver.parse_server_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="kazoo")  # kazoo 2.8 uses isSet()
    logging.basicConfig(level=os.environ.get("ZK_TEST_LOG", "ERROR"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print("kazoo %s against %s%s" % (kazoo.version.__version__, kind, " (%s)" % binary if binary else ""),
          flush=True)
    started = time.monotonic()
    # --through leader|follower: the same tests against one member of a 3-member ensemble.
    through = None
    if "--through" in rest:
        at = rest.index("--through")
        through = rest[at + 1]
        del rest[at:at + 2]
    if through:
        import zkensemble
        ensemble = zkensemble.ZkEnsemble(kind, 3, binary=binary)
        with ensemble:
            leader = ensemble.wait_serving()
            SERVER = leader if through == "leader" else next(m for m in ensemble.members if m is not leader)
            EXPECTED_MODE = through
            print("through member %d (%s) of a 3-member ensemble" % (SERVER.myid, through), flush=True)
            program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2, warnings=False)
            ok = program.result.wasSuccessful()
            if not ok:
                ensemble.dump_logs()
    else:
        SERVER = zkserver.ZkServer(kind, binary=binary)
        with SERVER:
            program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2, warnings=False)
            ok = program.result.wasSuccessful()
            if not ok:
                SERVER.dump_logs()
    print("total %.1f s" % (time.monotonic() - started), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
