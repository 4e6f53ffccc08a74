#!/usr/bin/python3
"""Seeded differential script: send one deterministic script of ZooKeeper requests over three sessions to a server
and record every reply and watch event, normalized so that recordings from Apache ZooKeeper 3.8 and ZooScope can be
compared record by record.

    python3 differential.py --seed 7 --ops 400 --kind apache --out /tmp/apache-7.json
    python3 differential.py --seed 7 --ops 400 --kind zooscope --binary build/app/zooscope-server --out /tmp/zs-7.json
    python3 differential.py --seed 7 --ops 400 --connect 127.0.0.1:2181 --out /tmp/x.json   # server already running

How determinism is achieved
  * The script is a pure function of (seed, ops); it never looks at replies. All paths live under /s<seed>.
  * One request at a time: a step sends one request on one session and reads that session until the reply (recording
    the notifications that arrive first). Then every other live session does a ping round trip, so notifications that
    the step caused on other sessions are read before the next step (the server queues them before the ping reply).
  * Records are grouped by (step, session) and kept in arrival order inside a session.
  * Asynchronous server transactions are awaited before the next step by polling a condition with a deadline:
    container / TTL deletion (a control session polls exists() on every container or short-TTL node the script
    created once it is eligible: no children and, for containers, cversion > 0) and session expiry (the server closes
    the expiring session's connection). So zxid numbering is deterministic; it is recorded relative to the zxid at the
    start of the seed ("zxid"; = raw zxid when the server is fresh), raw in reply headers ("raw_zxid"), and
    test_differential.py --zxid rank compares by rank of first appearance instead.
  * What legitimately differs is normalized: ctime/mtime -> "T" (0 stays 0), session ids and ephemeralOwner -> "S<k>"
    (k = order in which the seed's sessions were created; "C" = control session), passwords -> "<16 bytes>" /
    "<zeros>", child lists / getEphemerals / whoAmI / ACL lists sorted (Apache returns HashSet order), and the
    notifications of a closeSession / expiry step sorted per session (ephemerals are deleted in HashSet order).
  * Fields whose name starts with "raw" are kept for diagnosis and never compared.
  * The server is started with znode.container.checkIntervalMs=100 and maxSessionTimeout=60000 (see start_server).
"""

import argparse
import json
import os
import random
import select
import socket
import sys
import time

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from jute_client import (  # noqa: E402
    ConnectionClosed, JuteClient, digest_id, data_repr, ERR_NAMES, OP_NAMES,
    OP_CREATE, OP_CREATE2, OP_CREATE_CONTAINER, OP_CREATE_TTL, OP_DELETE, OP_EXISTS, OP_GET_DATA, OP_SET_DATA,
    OP_GET_ACL, OP_SET_ACL, OP_GET_CHILDREN, OP_GET_CHILDREN2, OP_SYNC, OP_PING, OP_CHECK, OP_MULTI, OP_MULTI_READ,
    OP_RECONFIG, OP_CHECK_WATCHES, OP_REMOVE_WATCHES, OP_DELETE_CONTAINER, OP_AUTH, OP_SET_WATCHES, OP_SASL,
    OP_GET_EPHEMERALS, OP_GET_ALL_CHILDREN_NUMBER, OP_SET_WATCHES2, OP_ADD_WATCH, OP_WHO_AM_I, OP_CLOSE_SESSION,
    XID_PING, XID_AUTH, XID_SET_WATCHES,
    req_path_watch, req_path, req_create, req_create_ttl, req_delete, req_set_data, req_set_acl, req_check,
    req_watch_type, req_add_watch, req_auth, req_set_watches, req_set_watches2, req_reconfig, req_sasl, req_multi,
)

NUM_SLOTS = 3
CONTAINER_CHECK_MS = 100      # servers are started with this container-manager interval (see start_server)
MAX_SESSION_TIMEOUT = 60000   # and with this maxSessionTimeout, so that a loaded machine does not expire sessions
MAX_TIMEOUTS = 3              # a seed whose server left this many requests unanswered is cut short ("aborted")


class SeedAborted(Exception):
    pass
SETTLE_DEADLINE = 8.0         # seconds to wait for a container / TTL node the server should delete
EXPIRE_DEADLINE = 20.0        # seconds to wait for a 400 ms session to expire (Apache: ~0.6 s; generous for loaded CI)
EXPIRE_TIMELY = 10.0          # a 400 ms session that took longer than this to expire is recorded as not timely
                              # (a server that kept the first connection's 60 s timeout is far beyond it)
CLOSE_DEADLINE = 2.0          # seconds to wait for the server to close a connection after a CLOSING_ERRORS reply
CLOSING_ERRORS = (-6, -115)   # Unimplemented (unknown op code), AuthFailed: Apache closes the connection after these
SHORT_TTL = 1                 # ms; TTL nodes with this TTL are awaited, longer ones never expire during a run
LONG_TTL = 3600000

USERS = {"u1": "pw1", "u2": "pw2"}
U1 = digest_id("u1", "pw1")
U2 = digest_id("u2", "pw2")

# name -> ACL list (perms, scheme, id); None = null vector
ACLS = {
    "open": [(31, "world", "anyone")],
    "read": [(1, "world", "anyone")],
    "nodelete": [(23, "world", "anyone")],
    "nocreate": [(27, "world", "anyone")],
    "noadmin": [(15, "world", "anyone")],
    "writeonly": [(2, "world", "anyone")],
    "u1": [(31, "digest", U1), (1, "world", "anyone")],
    "u2only": [(31, "digest", U2)],
    "u1admin": [(16, "digest", U1), (3, "world", "anyone")],
    "auth": [(31, "auth", "")],
    "auth+read": [(31, "auth", ""), (1, "world", "anyone")],
    "ip": [(31, "ip", "127.0.0.1")],
    "ipnet": [(31, "ip", "127.0.0.0/8")],
    "ipother": [(31, "ip", "10.1.2.3"), (1, "world", "anyone")],
    "dup": [(31, "world", "anyone"), (31, "world", "anyone"), (1, "world", "anyone")],
    "perms0": [(0, "world", "anyone")],
    "perms99": [(99, "world", "anyone")],
    # invalid ones (InvalidACL)
    "empty": [],
    "null": None,
    "worldnobody": [(31, "world", "nobody")],
    "badscheme": [(31, "foo", "bar")],
    "digestbad": [(31, "digest", "u1")],
    "ipbad": [(31, "ip", "300.1.1.1")],
}
ACL_WEIGHTS = {
    "open": 60, "read": 3, "nodelete": 2, "nocreate": 2, "noadmin": 2, "writeonly": 1, "u1": 4, "u2only": 2,
    "u1admin": 2, "auth": 3, "auth+read": 2, "ip": 2, "ipnet": 1, "ipother": 2, "dup": 1, "perms0": 1,
    "perms99": 1, "empty": 1, "null": 1, "worldnobody": 1, "badscheme": 1, "digestbad": 1, "ipbad": 1,
}
SET_ACL_WEIGHTS = dict(ACL_WEIGHTS, open=25)

AUTHS = [  # (scheme, credentials, weight)
    ("digest", "u1:pw1", 40), ("digest", "u2:pw2", 25), ("digest", "u1:wrong", 12), ("digest", "nocolon", 4),
    ("ip", "127.0.0.1", 5), ("world", "anyone", 4), ("foo", "bar", 3), ("digest", "", 2),
]


# =================================================================================================================
# script generation (pure function of seed and ops)
# =================================================================================================================
class ScriptGenerator:
    def __init__(self, seed, n_ops):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_ops = n_ops
        self.root = "/s%d" % seed
        r = self.root
        self.level1 = [r + "/a", r + "/b", r + "/c"]
        self.level2 = [r + "/a/x", r + "/a/y", r + "/b/x", r + "/c/x"]
        self.level3 = [r + "/a/x/z", r + "/b/x/z"]
        self.seq_paths = ([r + "/a/q%010d" % k for k in range(8)] + [r + "/q%010d" % k for k in range(8)]
                          + [r + "/b/%010d" % k for k in range(4)])
        self.bad_paths = [r + "/", r + "//a", r[1:] + "/a", r + "/a/./b", r + "/a/../b", r + "/.", r + "/..",
                          r + "/a\x01", r + "/a\x00b", r + "/\x7f", r + "/\ufff5", r + "/a/", r + "/a//x"]

    # -- random pieces -----------------------------------------------------------------------------------------
    def choice_w(self, weighted):
        items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        return self.rng.choices([i[0] for i in items], [i[1] for i in items])[0]

    def valid_path(self):
        x = self.rng.random()
        if x < 0.48:
            return self.rng.choice(self.level1)
        if x < 0.84:
            return self.rng.choice(self.level2)
        return self.rng.choice(self.level3)

    def path(self, allow_root=True, allow_empty=False, bad_rate=0.05):
        x = self.rng.random()
        if x < bad_rate:
            if allow_empty and self.rng.random() < 0.1:
                return ""
            return self.rng.choice(self.bad_paths)
        if x < bad_rate + 0.04:
            return self.rng.choice(self.seq_paths)
        if allow_root and x < bad_rate + 0.08:
            return self.root
        return self.valid_path()

    def delete_path(self):
        """Deletes aim at leaves more often than other ops do, so that the tree keeps changing."""
        x = self.rng.random()
        if x < 0.3:
            return self.rng.choice(self.level3)
        if x < 0.7:
            return self.rng.choice(self.level2)
        if x < 0.93:
            return self.rng.choice(self.level1)
        return self.path(allow_root=False, allow_empty=True, bad_rate=0.5)

    def parent_path(self):
        x = self.rng.random()
        if x < 0.3:
            return self.root
        if x < 0.8:
            return self.rng.choice(self.level1)
        return self.rng.choice(self.level2)

    def data(self):
        x = self.rng.random()
        if x < 0.25:
            return b""
        if x < 0.75:
            return ("v%d" % self.rng.randrange(100)).encode()
        if x < 0.85:
            return None
        if x < 0.92:
            return bytes([0, 255, 16, 200, self.rng.randrange(256)])
        if x < 0.97:
            return "数据-é".encode("utf-8")
        return b"L" * self.rng.choice([300, 1500])

    def version(self):
        return self.rng.choice([-1, -1, -1, -1, 0, 0, 0, 1, 1, 2, 3, 7])

    def acl(self, for_set=False):
        return self.choice_w(SET_ACL_WEIGHTS if for_set else ACL_WEIGHTS)

    def watch_paths(self, k):
        return [self.path(allow_root=True, bad_rate=0.03) for _ in range(self.rng.randint(0, k))]

    def create_fields(self, in_multi=False):
        code = self.choice_w({OP_CREATE: 40, OP_CREATE2: 30, OP_CREATE_CONTAINER: 15, OP_CREATE_TTL: 15})
        ttl = None
        if code in (OP_CREATE, OP_CREATE2):
            weights = {0: 50, 1: 12, 2: 12, 3: 8, 4: 6, 5: 3, 6: 2, 7: 2}
            if in_multi:
                weights = {0: 55, 1: 12, 2: 12, 3: 8, 4: 10, 7: 1}
            flags = self.choice_w(weights)
        elif code == OP_CREATE_CONTAINER:
            flags = self.choice_w({4: 80, 0: 8, 2: 6, 1: 3, 5: 3 if not in_multi else 0})
        else:
            flags = self.choice_w({5: 70, 6: 20, 0: 4, 1: 3, 4: 3})
            ttl = self.choice_w({LONG_TTL: 72, SHORT_TTL: 12, 0: 4, -1: 4, 1 << 41: 4, (1 << 40) - 1: 4})
        if flags in (2, 3, 6) and self.rng.random() < 0.85:
            parent = self.parent_path()
            path = parent + ("/q" if self.rng.random() < 0.75 else "/")
        else:
            path = self.path(allow_empty=True)
            if flags in (2, 3, 6) and path == self.root:
                path = self.root + "/q"  # a sequential sibling of the root would depend on other seeds
        return {"code": code, "path": path, "data": self.data(), "acl": self.acl(), "flags": flags, "ttl": ttl}

    # -- steps ---------------------------------------------------------------------------------------------------
    def random_op(self, slot):
        rng = self.rng
        kind = self.choice_w({
            "create": 26, "delete": 12, "exists": 6, "getData": 6, "setData": 8, "getChildren": 4,
            "getChildren2": 3, "getACL": 3, "setACL": 3, "sync": 1, "multi": 7, "multiRead": 3, "auth": 2,
            "setWatches": 2, "checkWatches": 2, "removeWatches": 3, "addWatch": 3, "getEphemerals": 2,
            "getAllChildrenNumber": 2, "whoAmI": 1, "ping": 1, "odd": 2,
        })
        s = {"s": slot, "op": kind}
        if kind == "create":
            s.update(self.create_fields())
        elif kind == "delete":
            s.update(path=self.delete_path(), version=self.rng.choice([-1] * 6 + [0] * 3 + [1, 2]))
        elif kind in ("exists", "getData", "getChildren", "getChildren2"):
            s.update(path=self.path(), watch=rng.random() < 0.5)
        elif kind == "setData":
            s.update(path=self.path(allow_empty=True), data=self.data(), version=self.version())
        elif kind == "getACL":
            s.update(path=self.path())
        elif kind == "setACL":
            s.update(path=self.path(allow_root=False, allow_empty=True), acl=self.acl(for_set=True),
                     version=self.version())
        elif kind == "sync":
            s.update(path=self.path(bad_rate=0.2, allow_empty=True))
        elif kind == "multi":
            s.update(ops=self.multi_ops())
        elif kind == "multiRead":
            ops = []
            for _ in range(rng.randint(1, 4)):
                ops.append({"op": rng.choice(["getData", "getChildren"]), "path": self.path(),
                            "watch": rng.random() < 0.3})
            if rng.random() < 0.04:
                ops.insert(rng.randrange(len(ops) + 1), {"op": "create", "code": OP_CREATE,
                                                         "path": self.valid_path(), "data": b"", "acl": "open",
                                                         "flags": 0, "ttl": None})
            s.update(ops=ops)
        elif kind == "auth":
            scheme, cred = self.choice_w([((a, b), w) for a, b, w in AUTHS])
            s.update(scheme=scheme, cred=cred)
        elif kind == "setWatches":
            s.update(v2=rng.random() < 0.5, rel="last" if rng.random() < 0.7 else 0,
                     data=self.watch_paths(2), exist=self.watch_paths(2), child=self.watch_paths(2))
            if s["v2"]:
                s.update(persistent=self.watch_paths(2), recursive=self.watch_paths(1))
        elif kind in ("checkWatches", "removeWatches"):
            s.update(path=self.path(bad_rate=0.03), wtype=self.choice_w({1: 3, 2: 3, 3: 4, 4: 1, 5: 1, 9: 1}))
        elif kind == "addWatch":
            s.update(path=self.path(bad_rate=0.03), mode=self.choice_w({0: 5, 1: 5, 2: 1}))
        elif kind == "getEphemerals":
            s.update(path=rng.choice([self.root, self.root + "/a", self.root + "/a/x", self.root + "/b", "/",
                                      "", self.root + "/q", "/nonexistent"]))
        elif kind == "getAllChildrenNumber":
            s.update(path=self.path())
        elif kind == "odd":
            s.update(self.odd_op())
        return s

    def coherent_multi_ops(self):
        """A multi that succeeds when its base node does not exist yet (and fails in the middle otherwise)."""
        rng = self.rng
        base = rng.choice(self.level1 + self.level2)
        child = base + rng.choice(["/x", "/y", "/z"])
        first = {"op": "create", "code": rng.choice([OP_CREATE, OP_CREATE2]), "path": base, "data": self.data(),
                 "acl": "open", "flags": self.choice_w({0: 6, 4: 3, 2: 1}), "ttl": None}
        if rng.random() < 0.15:
            first.update(code=OP_CREATE_TTL, flags=5, ttl=rng.choice([LONG_TTL, SHORT_TTL]))
        ops = [first,
               {"op": "create", "code": rng.choice([OP_CREATE, OP_CREATE2]), "path": child, "data": self.data(),
                "acl": "open", "flags": self.choice_w({0: 6, 1: 2}), "ttl": None}]
        if first["flags"] == 2:
            return ops[:1] + [{"op": "check", "path": base, "version": 0}]
        extra = [{"op": "setData", "path": child, "data": self.data(), "version": rng.choice([-1, 0, 0, 1])},
                 {"op": "check", "path": base, "version": rng.choice([-1, 0, 0, 1])},
                 {"op": "delete", "path": child, "version": rng.choice([-1, 0, 1])}]
        ops.extend(rng.sample(extra, rng.randint(0, 3)))
        return ops

    def multi_ops(self):
        rng = self.rng
        x = rng.random()
        if x < 0.35:
            return self.coherent_multi_ops()
        if x < 0.55:  # tear a subtree down, leaves first
            base = rng.choice(self.level1)
            mid = base + "/x"
            ops = [{"op": "delete", "path": mid + "/z", "version": -1}, {"op": "delete", "path": mid, "version": -1}]
            if rng.random() < 0.5:
                ops.append({"op": "delete", "path": base, "version": rng.choice([-1, -1, 0])})
            return ops[rng.randrange(2):]
        n = 0 if rng.random() < 0.03 else rng.randint(1, 5)
        ops = []
        for _ in range(n):
            k = self.choice_w({"create": 40, "delete": 25, "setData": 20, "check": 15})
            if k == "create":
                o = {"op": "create"}
                o.update(self.create_fields(in_multi=True))
            elif k == "delete":
                o = {"op": "delete", "path": self.path(allow_root=False), "version": self.version()}
            elif k == "setData":
                o = {"op": "setData", "path": self.path(), "data": self.data(), "version": self.version()}
            else:
                o = {"op": "check", "path": self.path(), "version": self.version()}
            ops.append(o)
        x = rng.random()
        if x < 0.03:   # a read inside multi -> MarshallingError for the whole request
            ops.insert(rng.randrange(len(ops) + 1), {"op": "getData", "path": self.valid_path(), "watch": False})
        elif x < 0.05:  # TTL flags on a plain create inside multi -> MarshallingError
            ops.insert(rng.randrange(len(ops) + 1), {"op": "create", "code": OP_CREATE, "path": self.valid_path(),
                                                     "data": b"", "acl": "open", "flags": 5, "ttl": None})
        return ops

    def odd_op(self):
        kind = self.choice_w({"sasl": 3, "saslNull": 1, "reconfig": 3, "unknownOp": 2, "deleteContainer": 2,
                              "truncated": 2, "disconnect": 3})
        s = {"op": kind}
        if kind == "sasl":
            s["token"] = self.rng.choice([b"", b"abc"])
        elif kind == "reconfig":
            s["args"] = self.rng.choice([(None, None, None, -1), ("server.9=127.0.0.1:2888:3888;2181", "", None, -1),
                                         (None, "1", None, 5)])
        elif kind == "unknownOp":
            s["code"] = self.rng.choice([999, 50, 10])
        elif kind == "deleteContainer":
            s["path"] = self.path(bad_rate=0.0)
        elif kind == "truncated":
            s["code"] = self.rng.choice([OP_CREATE, OP_SET_DATA, OP_DELETE, OP_GET_DATA])
        elif kind == "disconnect":
            s["timeout"] = self.session_timeout()
        return s

    def session_timeout(self):
        return self.rng.choice([4000, 10000, 30000, 100000])

    def generate(self):
        rng, n = self.rng, self.n_ops
        steps = []
        for k in range(NUM_SLOTS):
            steps.append({"s": k, "op": "open", "timeout": self.session_timeout(),
                          "readOnly": rng.choice([False, False, None])})
        close_at = rng.randrange(n // 5, n // 2) if n >= 10 else -1
        expire_at = rng.randrange(n // 2, n * 17 // 20) if n >= 10 else -1
        bad_connect_at = rng.randrange(n) if n else -1
        disconnect_at = set(rng.sample(range(n), min(2, n)))
        for i in range(n):
            slot = rng.randrange(NUM_SLOTS)
            if i == close_at or i == expire_at:
                steps.extend(self.death_scenario(slot, "close" if i == close_at else "expire"))
            if i == bad_connect_at:
                steps.append({"s": -1, "op": "badConnect"})
            if i in disconnect_at:
                steps.append({"s": slot, "op": "disconnect", "timeout": self.session_timeout()})
                if rng.random() < 0.7:
                    steps.append(self.random_op_of(slot, "setWatches"))
            steps.append(self.random_op(slot))
        for k in range(NUM_SLOTS):
            steps.append({"s": k, "op": "closeSession", "final": True})
        for i, s in enumerate(steps):
            s["i"] = i
        return steps

    def random_op_of(self, slot, kind):
        while True:
            s = self.random_op(slot)
            if s["op"] == kind:
                return s

    def death_scenario(self, slot, how):
        """An ephemeral owned by slot, watched by the other two sessions, then slot's session closes/expires."""
        others = [k for k in range(NUM_SLOTS) if k != slot]
        marker = self.root + ("/closing%d" % slot if how == "close" else "/expiring%d" % slot)
        steps = [
            {"s": slot, "op": "create", "code": OP_CREATE2, "path": marker, "data": b"m", "acl": "open",
             "flags": 1, "ttl": None},
            {"s": others[0], "op": "exists", "path": marker, "watch": True},
            {"s": others[1], "op": "getChildren", "path": self.root, "watch": True},
        ]
        if how == "close":
            steps.append({"s": slot, "op": "closeSession"})
        else:
            steps.append({"s": slot, "op": "expire", "marker": marker})
        steps.append({"s": slot, "op": "reattachOld"})
        steps.append({"s": slot, "op": "open", "timeout": self.session_timeout(),
                      "readOnly": self.rng.choice([False, None])})
        return steps


def generate_script(seed, n_ops):
    return ScriptGenerator(seed, n_ops).generate()


# =================================================================================================================
# running a script against a server
# =================================================================================================================
def encode_create(o):
    acl = ACLS[o["acl"]]
    if o["code"] == OP_CREATE_TTL:
        return req_create_ttl(o["path"], o["data"], acl, o["flags"], o["ttl"] if o["ttl"] is not None else 0)
    return req_create(o["path"], o["data"], acl, o["flags"])


def encode_sub_op(o):
    k = o["op"]
    if k == "create":
        return o["code"], encode_create(o)
    if k == "delete":
        return OP_DELETE, req_delete(o["path"], o["version"])
    if k == "setData":
        return OP_SET_DATA, req_set_data(o["path"], o["data"], o["version"])
    if k == "check":
        return OP_CHECK, req_check(o["path"], o["version"])
    if k == "getData":
        return OP_GET_DATA, req_path_watch(o["path"], o["watch"])
    if k == "getChildren":
        return OP_GET_CHILDREN, req_path_watch(o["path"], o["watch"])
    raise ValueError(k)


class Slot:
    def __init__(self, index):
        self.index = index
        self.client = None
        self.sid = None          # normalized session name "S<k>"
        self.session_id = 0
        self.passwd = None
        self.req_timeout = 4000
        self.read_only = False
        self.last_zxid = 0
        self.live = False        # connected with a valid session


class SeedRun:
    """Runs one seed's script against host:port and produces the recording."""

    def __init__(self, host, port, seed, n_ops, io_timeout=10.0, raw_frames=False):
        self.host, self.port = host, port
        self.seed, self.n_ops = seed, n_ops
        self.root = "/s%d" % seed
        self.io_timeout = io_timeout
        self.raw_frames = raw_frames
        self.records = []
        self.session_names = {}   # raw session id -> "S<k>" / "C"
        self.sessions_opened = 0
        self.base = None
        self.slots = [Slot(k) for k in range(NUM_SLOTS)]
        self.control = None
        self.tracked = {}         # path -> ("container",) or ("ttl", ttl_ms): nodes the server deletes on its own
        self.step = -1
        self.control_used = time.monotonic()
        self.timeouts = 0
        self.stats = {"settle_waits": 0, "settle_seconds": 0.0, "expire_seconds": 0.0}

    # -- normalization ------------------------------------------------------------------------------------------
    def zx(self, z):
        if z is None or z <= 0 or self.base is None:
            return z
        if z >= self.base:
            return z - self.base
        return "pre"

    def sess(self, sid):
        if sid == 0:
            return 0
        return self.session_names.get(sid, sid)

    def norm_stat(self, st):
        if st is None:
            return None
        out = dict(st)
        for f in ("czxid", "mzxid", "pzxid"):
            out[f] = self.zx(st[f])
        for f in ("ctime", "mtime"):
            out[f] = "T" if st[f] else 0
        out["ephemeralOwner"] = self.sess(st["ephemeralOwner"])
        return out

    def norm_body(self, body):
        if not isinstance(body, dict):
            return body
        out = {}
        for k, v in body.items():
            if k == "stat":
                out[k] = self.norm_stat(v)
            elif k in ("children", "ephemerals") and v is not None:
                out[k] = sorted(v)
            elif k == "acl" and v is not None:
                out[k] = sorted(v, key=lambda a: (a["scheme"] or "", a["id"] or "", a["perms"]))
            elif k == "clientInfo" and v is not None:
                out[k] = sorted(v, key=lambda c: (c["authScheme"] or "", c["user"] or ""))
            elif k == "results":
                out[k] = [self.norm_body(r) for r in v]
            else:
                out[k] = v
        return out

    # -- recording ----------------------------------------------------------------------------------------------
    def add(self, slot_index, rec):
        rec = dict(rec)
        rec["step"] = self.step
        rec["session"] = slot_index
        self.records.append(rec)

    def add_message(self, slot, msg, op_label=None):
        if msg["kind"] == "event":
            rec = {"kind": "event", "sid": slot.sid, "type": msg.get("type"), "state": msg.get("state"),
                   "path": msg.get("path"), "zxid": self.zx(msg["zxid"]), "err": msg["err"]}
        else:
            if msg["zxid"] > slot.last_zxid:
                slot.last_zxid = msg["zxid"]
            rec = {"kind": "reply", "sid": slot.sid, "op": op_label or msg.get("op"), "xid": msg["xid"],
                   "err": msg["err"], "zxid": self.zx(msg["zxid"]), "raw_zxid": msg["zxid"],
                   "body": self.norm_body(msg.get("body"))}
        for k in ("extra", "decode_error"):
            if k in msg:
                rec[k] = msg[k]
        self.add(slot.index, rec)

    def norm_connect(self, resp, purpose):
        rec = {"kind": "connect", "purpose": purpose}
        if "closed" in resp:
            rec["closed"] = True
            return rec
        pw = resp["passwd"]
        rec.update({"protocolVersion": resp["protocolVersion"], "timeOut": resp["timeOut"],
                    "sid": self.sess(resp["sessionId"]), "readOnly": resp["readOnly"],
                    "passwd": "<zeros>" if pw is not None and not any(pw) else "<%s bytes>" % (
                        len(pw) if pw is not None else "null")})
        if "extra" in resp:
            rec["extra"] = resp["extra"]
        return rec

    # -- session handling ---------------------------------------------------------------------------------------
    def new_client(self):
        return JuteClient(self.host, self.port, io_timeout=self.io_timeout)

    def open_session(self, slot, timeout, read_only):
        if slot.client is not None:
            slot.client.close()
        slot.client = self.new_client()
        slot.req_timeout, slot.read_only = timeout, read_only
        resp = slot.client.connect(session_timeout=timeout, read_only=read_only)
        if "closed" not in resp and resp["sessionId"] != 0:
            self.sessions_opened += 1
            name = "S%d" % self.sessions_opened
            self.session_names.setdefault(resp["sessionId"], name)
            slot.sid = self.session_names[resp["sessionId"]]
            slot.session_id, slot.passwd = resp["sessionId"], resp["passwd"]
            slot.live = True
            slot.last_zxid = 0
        else:
            slot.live = False
        self.add(slot.index, self.norm_connect(resp, "open"))

    def reattach(self, slot, timeout=None, purpose="reattach"):
        """Reconnect to slot's session with its id and password; returns True if the session is still valid."""
        if slot.client is not None:
            slot.client.close()
        slot.client = self.new_client()
        resp = slot.client.connect(session_timeout=timeout or slot.req_timeout, session_id=slot.session_id,
                                   passwd=slot.passwd, last_zxid=slot.last_zxid, read_only=slot.read_only)
        self.add(slot.index, self.norm_connect(resp, purpose))
        ok = "closed" not in resp and resp["timeOut"] > 0 and resp["sessionId"] == slot.session_id
        slot.live = ok
        if not ok:
            slot.client.close()
        return ok

    def connection_lost(self, slot, why):
        # EOF vs reset depends on timing (whether a request was in flight when the server closed): not compared
        self.add(slot.index, {"kind": "closed", "sid": slot.sid, "raw_why": why})
        if slot.client is not None:
            slot.client.close()
        slot.live = False

    def heal(self, slot):
        """After the server closed slot's connection: reattach; if the session is gone, open a new one."""
        if not self.reattach(slot):
            self.open_session(slot, slot.req_timeout, slot.read_only)

    def flush(self, exclude=None):
        """Ping every live session (pipelined: all pings first, then the replies) and record what arrives before
        each ping reply; heal sessions whose connection the server closed."""
        pending = []
        for slot in self.slots:
            if slot is exclude or not slot.live:
                continue
            try:
                pending.append((slot, slot.client.send(OP_PING, b"", XID_PING)))
            except ConnectionClosed as e:
                self.connection_lost(slot, "eof" if "EOF" in str(e) else "reset")
                self.heal(slot)
        for slot, xid in pending:
            try:
                reply, before = slot.client.read_until_reply(xid)
                for m in before:
                    self.add_message(slot, m)
                continue
            except ConnectionClosed as e:
                self.connection_lost(slot, "eof" if "EOF" in str(e) else "reset")
            except socket.timeout:
                self.connection_lost(slot, "timeout")
                self.count_timeout()
            self.heal(slot)

    # -- control session (not recorded) -------------------------------------------------------------------------
    def control_call(self, op, rec, xid=None):
        reply, _ = self.control.call(op, rec, xid)
        self.control_used = time.monotonic()
        return reply

    def control_exists(self, path):
        r = self.control_call(OP_EXISTS, req_path_watch(path, False))
        return r["body"]["stat"] if r["err"] == 0 else None

    # -- container / TTL settling -------------------------------------------------------------------------------
    def track_create(self, code, flags, ttl, path, in_multi):
        if path is None:
            return
        if in_multi:
            kind = ("container",) if flags == 4 else (("ttl", ttl) if code == OP_CREATE_TTL and flags in (5, 6)
                                                       else None)
        else:
            kind = ("container",) if code == OP_CREATE_CONTAINER else (("ttl", ttl) if code == OP_CREATE_TTL
                                                                      else None)
        if kind is not None and kind[0] == "ttl" and not (kind[1] is not None and 0 < kind[1] <= 1000):
            kind = None  # a long TTL never runs out during a run
        if kind is None:
            self.tracked.pop(path, None)
        else:
            self.tracked[path] = kind

    def update_tracking(self, step, reply):
        if reply is None or reply["kind"] != "reply" or reply["err"] != 0:
            return
        op, body = step["op"], reply.get("body") or {}
        if op == "create":
            self.track_create(step["code"], step["flags"], step["ttl"], body.get("path"), False)
        elif op == "delete":
            self.tracked.pop(step["path"], None)
        elif op == "multi":
            results = body.get("results") or []
            if any(r.get("type") == -1 for r in results):
                return
            for o, r in zip(step["ops"], results):
                if o["op"] == "create":
                    self.track_create(o["code"], o["flags"], o["ttl"], r.get("path"), True)
                elif o["op"] == "delete":
                    self.tracked.pop(o["path"], None)

    def eligible(self, path):
        st = self.control_exists(path)
        if st is None:
            # already deleted by the server (between the step and now): its notifications may still be on their
            # way to the sessions, so settle() flushes again
            self.tracked.pop(path, None)
            self.vanished = True
            return False
        kind = self.tracked[path]
        if st["numChildren"] != 0:
            return False
        if kind[0] == "container":
            return st["cversion"] > 0
        return kind[1] is not None and 0 < kind[1] <= 1000

    def settle(self):
        """Wait until the server has deleted every container / short-TTL node that is due for deletion."""
        t0 = time.monotonic()
        waited = False
        self.vanished = False
        while True:
            due = [p for p in sorted(self.tracked) if self.eligible(p)]
            if not due:
                break
            waited = True
            self.stats["settle_waits"] += 1
            deadline = time.monotonic() + SETTLE_DEADLINE
            last_ping = time.monotonic()
            while due and time.monotonic() < deadline:
                time.sleep(0.01)
                due = [p for p in due if self.control_exists(p) is not None]
                if time.monotonic() - last_ping > 0.3:
                    self.keepalive()
                    last_ping = time.monotonic()
            for p in due:
                self.add(-1, {"kind": "settleTimeout", "path": p})
                self.tracked.pop(p, None)
        if waited or self.vanished:
            self.flush()
        self.stats["settle_seconds"] += time.monotonic() - t0

    def keepalive(self, exclude=None):
        self.flush(exclude=exclude)
        self.control_call(OP_PING, b"", XID_PING)

    # -- steps --------------------------------------------------------------------------------------------------
    def request_for(self, step, slot):
        """(op code, record bytes, xid or None, label) for a plain request step."""
        op = step["op"]
        if op == "create":
            return step["code"], encode_create(step), None, OP_NAMES[step["code"]]
        if op == "delete":
            return OP_DELETE, req_delete(step["path"], step["version"]), None, op
        if op in ("exists", "getData", "getChildren", "getChildren2"):
            code = {"exists": OP_EXISTS, "getData": OP_GET_DATA, "getChildren": OP_GET_CHILDREN,
                    "getChildren2": OP_GET_CHILDREN2}[op]
            return code, req_path_watch(step["path"], step["watch"]), None, op
        if op == "setData":
            return OP_SET_DATA, req_set_data(step["path"], step["data"], step["version"]), None, op
        if op == "getACL":
            return OP_GET_ACL, req_path(step["path"]), None, op
        if op == "setACL":
            return OP_SET_ACL, req_set_acl(step["path"], ACLS[step["acl"]], step["version"]), None, op
        if op == "sync":
            return OP_SYNC, req_path(step["path"]), None, op
        if op == "multi":
            return OP_MULTI, req_multi([encode_sub_op(o) for o in step["ops"]]), None, op
        if op == "multiRead":
            return OP_MULTI_READ, req_multi([encode_sub_op(o) for o in step["ops"]]), None, op
        if op == "auth":
            return OP_AUTH, req_auth(step["scheme"], step["cred"]), XID_AUTH, op
        if op == "setWatches":
            rel = slot.last_zxid if step["rel"] == "last" else step["rel"]
            if step["v2"]:
                return (OP_SET_WATCHES2, req_set_watches2(rel, step["data"], step["exist"], step["child"],
                                                          step["persistent"], step["recursive"]),
                        XID_SET_WATCHES, "setWatches2")
            return (OP_SET_WATCHES, req_set_watches(rel, step["data"], step["exist"], step["child"]),
                    XID_SET_WATCHES, op)
        if op == "checkWatches":
            return OP_CHECK_WATCHES, req_watch_type(step["path"], step["wtype"]), None, op
        if op == "removeWatches":
            return OP_REMOVE_WATCHES, req_watch_type(step["path"], step["wtype"]), None, op
        if op == "addWatch":
            return OP_ADD_WATCH, req_add_watch(step["path"], step["mode"]), None, op
        if op == "getEphemerals":
            return OP_GET_EPHEMERALS, req_path(step["path"]), None, op
        if op == "getAllChildrenNumber":
            return OP_GET_ALL_CHILDREN_NUMBER, req_path(step["path"]), None, op
        if op == "whoAmI":
            return OP_WHO_AM_I, b"", None, op
        if op == "ping":
            return OP_PING, b"", XID_PING, op
        if op == "closeSession":
            return OP_CLOSE_SESSION, b"", None, op
        if op == "sasl":
            return OP_SASL, req_sasl(step["token"]), None, op
        if op == "saslNull":
            return OP_SASL, req_sasl(None), None, op
        if op == "reconfig":
            return OP_RECONFIG, req_reconfig(*step["args"]), None, op
        if op == "unknownOp":
            return step["code"], b"", None, "op%d" % step["code"]
        if op == "deleteContainer":
            # the server-internal request carries the bare path bytes (ContainerManager), not a jute ustring
            return OP_DELETE_CONTAINER, step["path"].encode("utf-8", "surrogatepass"), None, op
        if op == "truncated":
            return step["code"], b"\x00\x00", None, "truncated-" + OP_NAMES[step["code"]]
        raise ValueError("unknown step op %r" % op)

    def do_request(self, step, slot):
        code, rec, xid, label = self.request_for(step, slot)
        reply = None
        try:
            x = slot.client.send(code, rec, xid)
            reply, before = slot.client.read_until_reply(x)
            for m in before:
                self.add_message(slot, m)
            self.add_message(slot, reply, label)
            if self.raw_frames:
                self.records[-1]["raw_request"] = rec.hex()
            if reply["err"] in CLOSING_ERRORS:
                self.await_close(slot)
        except ConnectionClosed as e:
            self.add(slot.index, {"kind": "noReply", "sid": slot.sid, "op": label})
            self.connection_lost(slot, "eof" if "EOF" in str(e) else "reset")
            reply = None
        except socket.timeout:
            self.add(slot.index, {"kind": "noReply", "sid": slot.sid, "op": label, "why": "timeout"})
            self.connection_lost(slot, "timeout")
            self.count_timeout()
            reply = None
        return reply

    def count_timeout(self):
        self.timeouts += 1
        if self.timeouts >= MAX_TIMEOUTS:
            raise SeedAborted("%d requests without a reply within %.0f s" % (self.timeouts, self.io_timeout))

    def await_close(self, slot):
        """After a reply that Apache follows by closing the connection: wait for that close (with a deadline)
        before sending anything else, because a request sent meanwhile may or may not still be answered."""
        deadline = time.monotonic() + CLOSE_DEADLINE
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.add(slot.index, {"kind": "stillOpen", "sid": slot.sid})
                    return
                if slot.client.has_buffered_frame() or select.select([slot.client.sock], [], [], left)[0]:
                    self.add_message(slot, slot.client.recv_message(timeout=left))
        except ConnectionClosed as e:
            self.connection_lost(slot, "eof" if "EOF" in str(e) else "reset")
        except socket.timeout:
            self.add(slot.index, {"kind": "stillOpen", "sid": slot.sid})

    def run_step(self, step):
        self.step = step["i"]
        op = step["op"]
        slot = self.slots[step["s"]] if step["s"] >= 0 else None
        if op == "open":
            self.open_session(slot, step["timeout"], step["readOnly"])
        elif op == "badConnect":
            c = self.new_client()
            resp = c.connect(session_timeout=4000, last_zxid=1 << 40, read_only=False)
            c.close()
            self.add(-1, self.norm_connect(resp, "lastZxidFromFuture"))
        elif op == "disconnect":
            if slot.client is not None:
                slot.client.close()
            if not self.reattach(slot, timeout=step["timeout"]):
                self.open_session(slot, step["timeout"], slot.read_only)
            slot.req_timeout = step["timeout"]
        elif op == "expire":
            self.expire(slot, step)
        elif op == "reattachOld":
            self.reattach(slot, purpose="reattachDead")  # the session was closed / expired: expect a refusal
        elif op == "closeSession":
            if not slot.live:
                self.heal(slot)
            self.do_request(step, slot)
            slot.client.close()
            slot.live = False
        else:
            if not slot.live:
                self.heal(slot)
            reply = self.do_request(step, slot)
            self.update_tracking(step, reply)
            if not slot.live:
                self.heal(slot)
        self.flush()
        if self.tracked:
            self.settle()

    def expire(self, slot, step):
        """Let slot's session time out: reattach with the smallest timeout, then stop talking on it."""
        t0 = time.monotonic()
        marker_alive = self.control_exists(step["marker"]) is not None
        slot.client.close()
        if not self.reattach(slot, timeout=1, purpose="reattachForExpiry"):
            self.open_session(slot, slot.req_timeout, slot.read_only)
            return
        sock = slot.client.sock
        t_wait = time.monotonic()
        deadline = t_wait + EXPIRE_DEADLINE
        eof = False
        gone = not marker_alive
        last_ping = 0.0
        while time.monotonic() < deadline and not (eof and gone):
            if not eof:
                r = slot.client.has_buffered_frame() or select.select([sock], [], [], 0.02)[0]
                if r:
                    try:
                        msg = slot.client.recv_message(timeout=1.0)
                        self.add_message(slot, msg)
                    except (ConnectionClosed, socket.timeout):
                        eof = True
            else:
                time.sleep(0.02)
            if not gone:
                gone = self.control_exists(step["marker"]) is None
            if time.monotonic() - last_ping > 0.2:
                self.flush(exclude=slot)
                last_ping = time.monotonic()
        # Apache expires on the timeout negotiated by the latest connection (400 ms here), i.e. within ~0.6 s;
        # a server that keeps the session's first timeout takes seconds: visible as timely=false
        self.add(slot.index, {"kind": "expired", "sid": slot.sid, "connectionClosedByServer": eof,
                              "ephemeralsGone": gone, "timely": time.monotonic() - t_wait <= EXPIRE_TIMELY})
        if not eof:
            # the server did not expire the session in time: close it now, so that it cannot expire later at
            # an unpredictable moment (during later steps or seeds)
            try:
                reply, before = slot.client.call(OP_CLOSE_SESSION, b"")
                for m in before:
                    self.add_message(slot, m)
                self.add_message(slot, reply, "closeSession(after expiry deadline)")
            except (ConnectionClosed, socket.timeout):
                self.add(slot.index, {"kind": "noReply", "sid": slot.sid,
                                      "op": "closeSession(after expiry deadline)"})
        slot.client.close()
        slot.live = False
        self.stats["expire_seconds"] += time.monotonic() - t0

    # -- whole seed ---------------------------------------------------------------------------------------------
    def run(self, steps=None):
        t0 = time.monotonic()
        steps = steps if steps is not None else generate_script(self.seed, self.n_ops)
        try:
            self.begin()
            for step in steps:
                self.run_step(step)
                if time.monotonic() - self.control_used > 1.0:
                    self.control_call(OP_PING, b"", XID_PING)
            # every slot session was closed by the script; wait for containers emptied by ephemeral deletion
            if self.tracked:
                self.settle()
            self.step = len(steps)
            end_zxid = self.control_call(OP_PING, b"", XID_PING)["zxid"]
            self.add(-1, {"kind": "end", "zxid": self.zx(end_zxid)})
            self.control_call(OP_CLOSE_SESSION, b"")
        except SeedAborted as e:
            # keep the partial recording: its first difference is what matters
            self.add(-1, {"kind": "aborted", "reason": str(e)})
            self.cleanup_after_error()
        except Exception as e:
            self.cleanup_after_error()
            raise RuntimeError("seed %d failed at step %d (%.1f s since the control session was last used): %r"
                               % (self.seed, self.step, time.monotonic() - self.control_used, e)) from e
        finally:
            for c in [self.control] + [slot.client for slot in self.slots]:
                if c is not None:
                    c.close()
        self.records.sort(key=lambda r: (r["step"], r["session"]))
        self.unorder_session_close_events(steps)
        self.stats["seconds"] = round(time.monotonic() - t0, 3)
        self.stats["settle_seconds"] = round(self.stats["settle_seconds"], 3)
        self.stats["expire_seconds"] = round(self.stats["expire_seconds"], 3)
        return {
            "seed": self.seed, "ops": self.n_ops, "root": self.root, "zxid_base": self.base,
            "script": [script_json(s) for s in steps], "records": self.records, "stats": self.stats,
        }

    def unorder_session_close_events(self, steps):
        """A closing or expiring session's ephemerals are deleted in an unspecified order (Apache: the HashSet
        order of their paths), so the notifications of such a step are compared sorted by (path, type); replies
        and other records keep their places."""
        steps_with_close = {s["i"] for s in steps if s["op"] in ("closeSession", "expire")}
        groups = {}
        for idx, r in enumerate(self.records):
            if r["kind"] == "event" and r["step"] in steps_with_close:
                groups.setdefault((r["step"], r["session"]), []).append(idx)
        for idxs in groups.values():
            events = sorted((self.records[i] for i in idxs), key=lambda r: (r["path"] or "", r["type"] or 0))
            for i, e in zip(idxs, events):
                self.records[i] = e

    def begin(self):
        self.control = self.new_client()
        resp = self.control.connect(session_timeout=MAX_SESSION_TIMEOUT)
        if "closed" in resp:
            raise RuntimeError("control session could not connect to %s:%d" % (self.host, self.port))
        self.session_names[resp["sessionId"]] = "C"
        self.control_session = (resp["sessionId"], resp["passwd"])
        r = self.control_call(OP_CREATE, req_create(self.root, b"seed", ACLS["open"], 0))
        if r["err"] != 0:
            raise RuntimeError("cannot create seed root %s: err %d (server not fresh for this seed?)"
                               % (self.root, r["err"]))
        self.base = self.control_call(OP_PING, b"", XID_PING)["zxid"]

    def cleanup_after_error(self):
        """Close every session this seed opened, so that none of them expires later during another seed."""
        sessions = [(slot.session_id, slot.passwd) for slot in self.slots if slot.session_id]
        if getattr(self, "control_session", None):
            sessions.append(self.control_session)
        for sid, pw in sessions:
            c = self.new_client()
            try:
                resp = c.connect(session_timeout=4000, session_id=sid, passwd=pw)
                if "closed" not in resp and resp["timeOut"] > 0:
                    c.call(OP_CLOSE_SESSION, b"")
            except Exception:  # noqa: BLE001 - best effort
                pass
            finally:
                c.close()


def script_json(step):
    def conv(v):
        if isinstance(v, bytes):
            return data_repr(v)
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        return v
    out = conv(step)
    return out


def run_seed(host, port, seed, n_ops, **kwargs):
    return SeedRun(host, port, seed, n_ops, **kwargs).run()


# =================================================================================================================
# comparison helpers (used by test_differential.py)
# =================================================================================================================
ZXID_KEYS = ("zxid", "czxid", "mzxid", "pzxid")


def comparable(records, zxid_mode="rel"):
    """Records without raw_* fields; with zxid_mode 'rank' every positive zxid is replaced by the rank of its first
    appearance in the recording."""
    ranks = {}

    def rank(v):
        if isinstance(v, int) and v > 0:
            if v not in ranks:
                ranks[v] = len(ranks) + 1
            return "r%d" % ranks[v]
        return v

    def walk(v):
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                if k.startswith("raw"):
                    continue
                if zxid_mode == "rank" and k in ZXID_KEYS and not isinstance(x, (dict, list)):
                    out[k] = rank(x)
                else:
                    out[k] = walk(x)
            return out
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return [walk(r) for r in records]


def describe(rec):
    if rec is None:
        return "(nothing)"
    r = dict(rec)
    if r.get("kind") == "reply" and isinstance(r.get("err"), int) and r["err"] in ERR_NAMES and r["err"] != 0:
        r["err"] = "%d %s" % (r["err"], ERR_NAMES[r["err"]])
    return json.dumps(r, ensure_ascii=False, sort_keys=True)


def diff_recordings(expected, got, zxid_mode="rel", limit=5):
    """List of (index, expected_record, got_record) for the first `limit` differing positions."""
    a = comparable(expected["records"], zxid_mode)
    b = comparable(got["records"], zxid_mode)
    out = []
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        if x != y:
            out.append((i, x, y))
            if len(out) >= limit:
                break
    return out


# =================================================================================================================
# server start-up
# =================================================================================================================
def start_server(kind, binary=None, container_check_ms=CONTAINER_CHECK_MS):
    """A started ZkServer (from tests/integration/zkserver.py) with a faster container manager."""
    from zkserver import ZkServer
    extra_cfg = {"znode.container.checkIntervalMs": str(container_check_ms),
                 "maxSessionTimeout": str(MAX_SESSION_TIMEOUT)}
    jvm_flags = ["-Dznode.container.checkIntervalMs=%d" % container_check_ms] if kind == "apache" else None
    server = ZkServer(kind, binary=binary, extra_cfg=extra_cfg, jvm_flags=jvm_flags)
    server.__enter__()
    return server


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--ops", type=int, default=400)
    p.add_argument("--kind", choices=("apache", "zooscope"), default="apache")
    p.add_argument("--binary", help="zooscope-server executable (for --kind zooscope)")
    p.add_argument("--connect", metavar="HOST:PORT", help="use a running server instead of starting one")
    p.add_argument("--out", help="recording (JSON) to write")
    p.add_argument("--raw-frames", action="store_true", help="also record each request's bytes")
    p.add_argument("--print-script", action="store_true", help="print the generated script and exit")
    args = p.parse_args(argv)
    if args.print_script:
        for s in generate_script(args.seed, args.ops):
            print(json.dumps(script_json(s), ensure_ascii=False))
        return 0
    if not args.out:
        p.error("--out is required")
    server = None
    try:
        if args.connect:
            host, port = args.connect.rsplit(":", 1)
            port = int(port)
        else:
            if args.kind == "zooscope" and not args.binary:
                p.error("--kind zooscope needs --binary")
            server = start_server(args.kind, args.binary)
            host, port = server.host, server.port
        rec = run_seed(host, port, args.seed, args.ops, raw_frames=args.raw_frames)
        rec["kind"] = args.kind
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    with open(args.out, "w") as f:
        json.dump(rec, f, ensure_ascii=False, sort_keys=True, indent=0)
    print("seed %d: %d records, %.2f s (settle %.2f s, expiry %.2f s) -> %s"
          % (args.seed, len(rec["records"]), rec["stats"]["seconds"], rec["stats"]["settle_seconds"],
             rec["stats"]["expire_seconds"], args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
