#!/usr/bin/python3
"""A small raw-protocol ZooKeeper client: own jute encoder/decoder, one blocking socket, no kazoo.

Record layouts follow Apache ZooKeeper 3.8 (zookeeper-jute/src/main/resources/zookeeper.jute, ZooDefs.OpCode,
MultiOperationRecord / MultiResponse, FinalRequestProcessor for which replies carry a body).

Replies and watch notifications are read in arrival order and returned as plain dicts:

    {"kind": "reply", "xid": 3, "zxid": 17, "err": 0, "op": "getData", "body": {...}}
    {"kind": "event", "xid": -1, "zxid": -1, "err": 0, "type": 3, "state": 3, "path": "/a"}

A reply body is decoded only when err == 0 (as the Java client does); any bytes left over after decoding, or any
bytes at all after an error header, are kept as "extra" (hex) so that nothing the server sends goes unrecorded.

Library use::

    c = JuteClient("127.0.0.1", 2181)
    info = c.connect(session_timeout=4000)
    reply, events = c.call(OP_CREATE, req_create("/a", b"x", OPEN_ACL_UNSAFE, 0))
"""

import base64
import hashlib
import socket
import struct

# --- op codes (ZooDefs.OpCode) -----------------------------------------------------------------------------------
OP_NOTIFICATION = 0
OP_CREATE = 1
OP_DELETE = 2
OP_EXISTS = 3
OP_GET_DATA = 4
OP_SET_DATA = 5
OP_GET_ACL = 6
OP_SET_ACL = 7
OP_GET_CHILDREN = 8
OP_SYNC = 9
OP_PING = 11
OP_GET_CHILDREN2 = 12
OP_CHECK = 13
OP_MULTI = 14
OP_CREATE2 = 15
OP_RECONFIG = 16
OP_CHECK_WATCHES = 17
OP_REMOVE_WATCHES = 18
OP_CREATE_CONTAINER = 19
OP_DELETE_CONTAINER = 20
OP_CREATE_TTL = 21
OP_MULTI_READ = 22
OP_AUTH = 100
OP_SET_WATCHES = 101
OP_SASL = 102
OP_GET_EPHEMERALS = 103
OP_GET_ALL_CHILDREN_NUMBER = 104
OP_SET_WATCHES2 = 105
OP_ADD_WATCH = 106
OP_WHO_AM_I = 107
OP_CREATE_SESSION = -10
OP_CLOSE_SESSION = -11
OP_ERROR = -1

OP_NAMES = {
    0: "notification", 1: "create", 2: "delete", 3: "exists", 4: "getData", 5: "setData", 6: "getACL",
    7: "setACL", 8: "getChildren", 9: "sync", 11: "ping", 12: "getChildren2", 13: "check", 14: "multi",
    15: "create2", 16: "reconfig", 17: "checkWatches", 18: "removeWatches", 19: "createContainer",
    20: "deleteContainer", 21: "createTTL", 22: "multiRead", 100: "auth", 101: "setWatches", 102: "sasl",
    103: "getEphemerals", 104: "getAllChildrenNumber", 105: "setWatches2", 106: "addWatch", 107: "whoAmI",
    -10: "createSession", -11: "closeSession", -1: "error",
}

# --- well-known xids ---------------------------------------------------------------------------------------------
XID_NOTIFICATION = -1
XID_PING = -2
XID_AUTH = -4
XID_SET_WATCHES = -8

# --- error codes (KeeperException.Code) --------------------------------------------------------------------------
ERR_NAMES = {
    0: "Ok", -1: "SystemError", -2: "RuntimeInconsistency", -3: "DataInconsistency", -4: "ConnectionLoss",
    -5: "MarshallingError", -6: "Unimplemented", -7: "OperationTimeout", -8: "BadArguments",
    -12: "UnknownSession", -13: "NewConfigNoQuorum", -14: "ReconfigInProgress", -100: "APIError",
    -101: "NoNode", -102: "NoAuth", -103: "BadVersion", -108: "NoChildrenForEphemerals", -110: "NodeExists",
    -111: "NotEmpty", -112: "SessionExpired", -113: "InvalidCallback", -114: "InvalidACL", -115: "AuthFailed",
    -118: "SessionMoved", -119: "NotReadOnly", -120: "EphemeralOnLocalSession", -121: "NoWatcher",
    -122: "RequestTimeout", -123: "ReconfigDisabled", -124: "SessionClosedRequireSaslAuth",
    -125: "QuotaExceeded", -127: "Throttled",
}

# --- create modes, perms, watcher types, addWatch modes -----------------------------------------------------------
PERSISTENT = 0
EPHEMERAL = 1
PERSISTENT_SEQUENTIAL = 2
EPHEMERAL_SEQUENTIAL = 3
CONTAINER = 4
PERSISTENT_WITH_TTL = 5
PERSISTENT_SEQUENTIAL_WITH_TTL = 6

PERM_READ, PERM_WRITE, PERM_CREATE, PERM_DELETE, PERM_ADMIN, PERM_ALL = 1, 2, 4, 8, 16, 31

WATCHER_CHILDREN, WATCHER_DATA, WATCHER_ANY, WATCHER_PERSISTENT, WATCHER_PERSISTENT_RECURSIVE = 1, 2, 3, 4, 5
ADD_WATCH_PERSISTENT, ADD_WATCH_PERSISTENT_RECURSIVE = 0, 1

OPEN_ACL_UNSAFE = [(PERM_ALL, "world", "anyone")]
READ_ACL_UNSAFE = [(PERM_READ, "world", "anyone")]
CREATOR_ALL_ACL = [(PERM_ALL, "auth", "")]

STAT_FIELDS = ("czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion", "ephemeralOwner",
               "dataLength", "numChildren", "pzxid")


def digest_id(user, password):
    """The digest scheme id for user:password: user:base64(sha1("user:password"))."""
    raw = hashlib.sha1(("%s:%s" % (user, password)).encode("utf-8")).digest()
    return "%s:%s" % (user, base64.b64encode(raw).decode("ascii"))


# --- encoder ----------------------------------------------------------------------------------------------------
class Encoder:
    """jute binary archive writer (big-endian; buffer/ustring/vector carry an int32 length, -1 for null)."""

    def __init__(self):
        self.parts = []

    def int(self, v):
        self.parts.append(struct.pack(">i", v))
        return self

    def long(self, v):
        self.parts.append(struct.pack(">q", v))
        return self

    def bool(self, v):
        self.parts.append(b"\x01" if v else b"\x00")
        return self

    def buffer(self, b):
        if b is None:
            return self.int(-1)
        self.int(len(b))
        self.parts.append(bytes(b))
        return self

    def ustring(self, s):
        if s is None:
            return self.int(-1)
        if isinstance(s, str):
            s = s.encode("utf-8", "surrogatepass")
        return self.buffer(s)

    def raw(self, b):
        self.parts.append(bytes(b))
        return self

    def vector(self, items, write_item):
        if items is None:
            return self.int(-1)
        self.int(len(items))
        for item in items:
            write_item(self, item)
        return self

    def ustrings(self, items):
        return self.vector(items, lambda e, s: e.ustring(s))

    def acl_list(self, acls):
        """acls: list of (perms, scheme, id) tuples."""
        return self.vector(acls, lambda e, a: e.int(a[0]).ustring(a[1]).ustring(a[2]))

    def bytes(self):
        return b"".join(self.parts)


class DecodeError(Exception):
    pass


class Decoder:
    def __init__(self, data, pos=0):
        self.data = data
        self.pos = pos

    def remaining(self):
        return len(self.data) - self.pos

    def _take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise DecodeError("need %d bytes at offset %d of %d" % (n, self.pos, len(self.data)))
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def int(self):
        return struct.unpack(">i", self._take(4))[0]

    def long(self):
        return struct.unpack(">q", self._take(8))[0]

    def bool(self):
        return self._take(1) != b"\x00"

    def buffer(self):
        n = self.int()
        if n == -1:
            return None
        if n < -1:
            raise DecodeError("negative buffer length %d" % n)
        return self._take(n)

    def ustring(self):
        b = self.buffer()
        return None if b is None else b.decode("utf-8", "replace")

    def vector(self, read_item):
        n = self.int()
        if n == -1:
            return None
        if n < -1 or n > self.remaining():
            raise DecodeError("bad vector length %d" % n)
        return [read_item(self) for _ in range(n)]

    def ustrings(self):
        return self.vector(lambda d: d.ustring())

    def stat(self):
        return {
            "czxid": self.long(), "mzxid": self.long(), "ctime": self.long(), "mtime": self.long(),
            "version": self.int(), "cversion": self.int(), "aversion": self.int(),
            "ephemeralOwner": self.long(), "dataLength": self.int(), "numChildren": self.int(),
            "pzxid": self.long(),
        }

    def acl_list(self):
        return self.vector(lambda d: {"perms": d.int(), "scheme": d.ustring(), "id": d.ustring()})


def data_repr(b):
    """JSON-friendly form of a data buffer: null, a printable UTF-8 string, or 'hex:...'."""
    if b is None:
        return None
    try:
        s = b.decode("utf-8")
        if all(c.isprintable() for c in s) and not s.startswith("hex:"):
            return s
    except UnicodeDecodeError:
        pass
    return "hex:" + b.hex()


# --- request records ---------------------------------------------------------------------------------------------
def req_path_watch(path, watch):  # ExistsRequest, GetDataRequest, GetChildrenRequest, GetChildren2Request
    return Encoder().ustring(path).bool(watch).bytes()


def req_path(path):  # GetACLRequest, SyncRequest, GetAllChildrenNumberRequest, GetEphemeralsRequest
    return Encoder().ustring(path).bytes()


def req_create(path, data, acl, flags):  # CreateRequest (create, create2, createContainer)
    return Encoder().ustring(path).buffer(data).acl_list(acl).int(flags).bytes()


def req_create_ttl(path, data, acl, flags, ttl):  # CreateTTLRequest
    return Encoder().ustring(path).buffer(data).acl_list(acl).int(flags).long(ttl).bytes()


def req_delete(path, version):  # DeleteRequest
    return Encoder().ustring(path).int(version).bytes()


def req_set_data(path, data, version):  # SetDataRequest
    return Encoder().ustring(path).buffer(data).int(version).bytes()


def req_set_acl(path, acl, version):  # SetACLRequest
    return Encoder().ustring(path).acl_list(acl).int(version).bytes()


def req_check(path, version):  # CheckVersionRequest
    return Encoder().ustring(path).int(version).bytes()


def req_watch_type(path, wtype):  # CheckWatchesRequest, RemoveWatchesRequest
    return Encoder().ustring(path).int(wtype).bytes()


def req_add_watch(path, mode):  # AddWatchRequest
    return Encoder().ustring(path).int(mode).bytes()


def req_auth(scheme, auth, auth_type=0):  # AuthPacket
    if isinstance(auth, str):
        auth = auth.encode("utf-8")
    return Encoder().int(auth_type).ustring(scheme).buffer(auth).bytes()


def req_set_watches(relative_zxid, data, exist, child):  # SetWatches
    return Encoder().long(relative_zxid).ustrings(data).ustrings(exist).ustrings(child).bytes()


def req_set_watches2(relative_zxid, data, exist, child, persistent, recursive):  # SetWatches2
    return (Encoder().long(relative_zxid).ustrings(data).ustrings(exist).ustrings(child)
            .ustrings(persistent).ustrings(recursive).bytes())


def req_reconfig(joining, leaving, new_members, cur_config_id):  # ReconfigRequest
    return Encoder().ustring(joining).ustring(leaving).ustring(new_members).long(cur_config_id).bytes()


def req_sasl(token):  # GetSASLRequest
    return Encoder().buffer(token).bytes()


def req_multi(sub_ops):
    """MultiOperationRecord: sub_ops is a list of (op_code, record_bytes); each is preceded by
    MultiHeader{type, done=false, err=-1} and the list ends with MultiHeader{-1, true, -1}."""
    e = Encoder()
    for op, rec in sub_ops:
        e.int(op).bool(False).int(-1).raw(rec)
    e.int(-1).bool(True).int(-1)
    return e.bytes()


# --- response decoding -------------------------------------------------------------------------------------------
def _decode_multi(d):
    results = []
    while True:
        mtype, done, err = d.int(), d.bool(), d.int()
        if done:
            break
        r = {"type": mtype, "op": OP_NAMES.get(mtype, str(mtype)), "err": err}
        if mtype == OP_CREATE:
            r["path"] = d.ustring()
        elif mtype in (OP_CREATE2, OP_CREATE_TTL, OP_CREATE_CONTAINER):
            r["path"] = d.ustring()
            r["stat"] = d.stat()
        elif mtype in (OP_DELETE, OP_CHECK, OP_DELETE_CONTAINER):
            pass
        elif mtype == OP_SET_DATA:
            r["stat"] = d.stat()
        elif mtype == OP_GET_CHILDREN:
            r["children"] = d.ustrings()
        elif mtype == OP_GET_DATA:
            r["data"] = data_repr(d.buffer())
            r["stat"] = d.stat()
        elif mtype == OP_ERROR:
            r["err"] = d.int()  # ErrorResponse{err}; header err carries it too
            r["header_err"] = err
        else:
            raise DecodeError("unknown multi result type %d" % mtype)
        results.append(r)
    return {"results": results, "end": {"type": mtype, "err": err}}


def _decode_body(op, d):
    """Decode the success body for request type op; returns a dict (possibly empty)."""
    if op == OP_CREATE:
        return {"path": d.ustring()}
    if op in (OP_CREATE2, OP_CREATE_TTL, OP_CREATE_CONTAINER):
        return {"path": d.ustring(), "stat": d.stat()}
    if op in (OP_EXISTS, OP_SET_DATA, OP_SET_ACL, OP_CHECK):
        return {"stat": d.stat()}
    if op in (OP_GET_DATA, OP_RECONFIG):
        return {"data": data_repr(d.buffer()), "stat": d.stat()}
    if op == OP_GET_ACL:
        return {"acl": d.acl_list(), "stat": d.stat()}
    if op == OP_GET_CHILDREN:
        return {"children": d.ustrings()}
    if op == OP_GET_CHILDREN2:
        return {"children": d.ustrings(), "stat": d.stat()}
    if op == OP_SYNC:
        return {"path": d.ustring()}
    if op in (OP_MULTI, OP_MULTI_READ):
        return _decode_multi(d)
    if op == OP_GET_EPHEMERALS:
        return {"ephemerals": d.ustrings()}
    if op == OP_GET_ALL_CHILDREN_NUMBER:
        return {"totalNumber": d.int()}
    if op == OP_WHO_AM_I:
        return {"clientInfo": d.vector(lambda x: {"authScheme": x.ustring(), "user": x.ustring()})}
    if op == OP_SASL:
        return {"token": data_repr(d.buffer())} if d.remaining() else {}
    if op == OP_ADD_WATCH:
        return {"err": d.int()} if d.remaining() else {}  # Apache answers addWatch with ErrorResponse{0}
    # delete, ping, checkWatches, removeWatches, auth, setWatches(2), addWatch, closeSession: header only
    return {}


class ConnectionClosed(Exception):
    """The server closed the connection (EOF or reset)."""


class JuteClient:
    """One TCP connection speaking the ZooKeeper client protocol. Not thread-safe."""

    def __init__(self, host, port, io_timeout=10.0):
        self.host = host
        self.port = port
        self.io_timeout = io_timeout
        self.sock = None
        self.next_xid = 1
        self.pending = {}  # xid -> op code, for decoding replies
        self.closed = True
        self.last_zxid = 0
        self.session_id = 0
        self.passwd = b"\x00" * 16
        self.negotiated_timeout = 0
        self.rbuf = bytearray()
        self._sock_timeout = None

    # -- transport ----------------------------------------------------------------------------------------------
    def open(self):
        self.sock = socket.create_connection((self.host, self.port), timeout=self.io_timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock_timeout = self.io_timeout
        self.rbuf = bytearray()
        self.closed = False
        self.pending = {}

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.closed = True

    def send_frame(self, payload):
        if self.sock is None:
            raise ConnectionClosed("not connected")
        try:
            self.sock.sendall(struct.pack(">i", len(payload)) + payload)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as e:
            self.close()
            raise ConnectionClosed(str(e))

    def _fill(self, timeout):
        if timeout != self._sock_timeout:
            self.sock.settimeout(timeout)
            self._sock_timeout = timeout
        try:
            b = self.sock.recv(65536)
        except (ConnectionResetError, ConnectionAbortedError) as e:
            self.close()
            raise ConnectionClosed(str(e))
        if not b:
            self.close()
            raise ConnectionClosed("EOF")
        self.rbuf += b

    def has_buffered_frame(self):
        if len(self.rbuf) < 4:
            return False
        (n,) = struct.unpack(">i", bytes(self.rbuf[:4]))
        return len(self.rbuf) >= 4 + n

    def recv_frame(self, timeout=None):
        """One length-prefixed frame; raises ConnectionClosed on EOF/reset, socket.timeout on timeout."""
        if self.sock is None:
            raise ConnectionClosed("not connected")
        t = self.io_timeout if timeout is None else timeout
        while len(self.rbuf) < 4:
            self._fill(t)
        (n,) = struct.unpack(">i", bytes(self.rbuf[:4]))
        if n < 0 or n > 64 * 1024 * 1024:
            self.close()
            raise ConnectionClosed("bad frame length %d" % n)
        while len(self.rbuf) < 4 + n:
            self._fill(t)
        frame = bytes(self.rbuf[4:4 + n])
        del self.rbuf[:4 + n]
        return frame

    # -- session establishment ----------------------------------------------------------------------------------
    def connect(self, session_timeout=4000, session_id=0, passwd=None, last_zxid=0, read_only=False,
                protocol_version=0):
        """Open the socket, send ConnectRequest (read_only=None omits the trailing readOnly byte), return the
        decoded ConnectResponse as a dict, or {"closed": reason} if the server closed the connection instead."""
        if passwd is None:
            passwd = b"\x00" * 16
        self.open()
        e = Encoder().int(protocol_version).long(last_zxid).int(session_timeout).long(session_id).buffer(passwd)
        if read_only is not None:
            e.bool(read_only)
        try:
            self.send_frame(e.bytes())
            frame = self.recv_frame()
        except ConnectionClosed as exc:
            return {"closed": str(exc)}
        d = Decoder(frame)
        resp = {"protocolVersion": d.int(), "timeOut": d.int(), "sessionId": d.long(), "passwd": d.buffer()}
        resp["readOnly"] = d.bool() if d.remaining() >= 1 else None
        if d.remaining():
            resp["extra"] = frame[d.pos:].hex()
        self.session_id = resp["sessionId"]
        self.passwd = resp["passwd"]
        self.negotiated_timeout = resp["timeOut"]
        self.next_xid = 1
        return resp

    # -- requests -----------------------------------------------------------------------------------------------
    def send(self, op, record=b"", xid=None):
        """Send RequestHeader{xid, op} + record; returns the xid used (fresh one unless given)."""
        if xid is None:
            xid = self.next_xid
            self.next_xid += 1
        self.pending[xid] = op
        self.send_frame(Encoder().int(xid).int(op).bytes() + record)
        return xid

    def parse(self, frame):
        d = Decoder(frame)
        xid, zxid, err = d.int(), d.long(), d.int()
        if xid == XID_NOTIFICATION:
            msg = {"kind": "event", "xid": xid, "zxid": zxid, "err": err}
            try:
                msg.update({"type": d.int(), "state": d.int(), "path": d.ustring()})
            except DecodeError as ex:
                msg["decode_error"] = str(ex)
            if d.remaining():
                msg["extra"] = frame[d.pos:].hex()
            return msg
        op = self.pending.pop(xid, None)
        msg = {"kind": "reply", "xid": xid, "zxid": zxid, "err": err,
               "op": OP_NAMES.get(op, str(op)) if op is not None else None, "body": None}
        if zxid > self.last_zxid:
            self.last_zxid = zxid
        if err == 0 and op is not None:
            try:
                msg["body"] = _decode_body(op, d)
            except DecodeError as ex:
                msg["decode_error"] = str(ex)
                d.pos = len(frame)
        if d.remaining():
            msg["extra"] = frame[d.pos:].hex()
        return msg

    def recv_message(self, timeout=None):
        return self.parse(self.recv_frame(timeout))

    def read_until_reply(self, xid, timeout=None):
        """Read messages until the reply with this xid; returns (reply, [messages before it]).
        Replies with other xids (unexpected) are included in the list."""
        before = []
        while True:
            msg = self.recv_message(timeout)
            if msg["kind"] == "reply" and msg["xid"] == xid:
                return msg, before
            before.append(msg)

    def call(self, op, record=b"", xid=None, timeout=None):
        """send + read_until_reply: returns (reply, messages_that_arrived_first)."""
        x = self.send(op, record, xid)
        return self.read_until_reply(x, timeout)

    # -- convenience wrappers ------------------------------------------------------------------------------------
    def ping(self):
        return self.call(OP_PING, b"", XID_PING)

    def create(self, path, data=b"", acl=OPEN_ACL_UNSAFE, flags=PERSISTENT, op=OP_CREATE, ttl=None):
        if op == OP_CREATE_TTL:
            rec = req_create_ttl(path, data, acl, flags, ttl)
        else:
            rec = req_create(path, data, acl, flags)
        return self.call(op, rec)

    def delete(self, path, version=-1):
        return self.call(OP_DELETE, req_delete(path, version))

    def exists(self, path, watch=False):
        return self.call(OP_EXISTS, req_path_watch(path, watch))

    def get_data(self, path, watch=False):
        return self.call(OP_GET_DATA, req_path_watch(path, watch))

    def set_data(self, path, data, version=-1):
        return self.call(OP_SET_DATA, req_set_data(path, data, version))

    def get_acl(self, path):
        return self.call(OP_GET_ACL, req_path(path))

    def set_acl(self, path, acl, version=-1):
        return self.call(OP_SET_ACL, req_set_acl(path, acl, version))

    def get_children(self, path, watch=False, op=OP_GET_CHILDREN):
        return self.call(op, req_path_watch(path, watch))

    def sync(self, path):
        return self.call(OP_SYNC, req_path(path))

    def multi(self, sub_ops, op=OP_MULTI):
        return self.call(op, req_multi(sub_ops))

    def auth(self, scheme, auth):
        return self.call(OP_AUTH, req_auth(scheme, auth), XID_AUTH)

    def set_watches(self, relative_zxid, data=(), exist=(), child=(), persistent=None, recursive=None):
        if persistent is None and recursive is None:
            rec = req_set_watches(relative_zxid, list(data), list(exist), list(child))
            return self.call(OP_SET_WATCHES, rec, XID_SET_WATCHES)
        rec = req_set_watches2(relative_zxid, list(data), list(exist), list(child), list(persistent or ()),
                               list(recursive or ()))
        return self.call(OP_SET_WATCHES2, rec, XID_SET_WATCHES)

    def check_watches(self, path, wtype):
        return self.call(OP_CHECK_WATCHES, req_watch_type(path, wtype))

    def remove_watches(self, path, wtype):
        return self.call(OP_REMOVE_WATCHES, req_watch_type(path, wtype))

    def add_watch(self, path, mode):
        return self.call(OP_ADD_WATCH, req_add_watch(path, mode))

    def get_ephemerals(self, prefix):
        return self.call(OP_GET_EPHEMERALS, req_path(prefix))

    def get_all_children_number(self, path):
        return self.call(OP_GET_ALL_CHILDREN_NUMBER, req_path(path))

    def who_am_i(self):
        return self.call(OP_WHO_AM_I, b"")

    def close_session(self):
        return self.call(OP_CLOSE_SESSION, b"")
