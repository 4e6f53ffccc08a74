#!/usr/bin/python3
"""SASL DIGEST-MD5 logins against a server started by zkserver.py, with kazoo (pure-sasl) and zkCli.sh (the Java client).

    python3 test_sasl.py --kind apache
    python3 test_sasl.py --kind zooscope --binary build/zooscope-server

The server reads a JAAS file whose Server section lists DigestLoginModule users (alice, bob, admin), has
authProvider.1=SASLAuthenticationProvider (the sasl ACL scheme) in zoo.cfg and zookeeper.superUser=admin. Apache
ZooKeeper gets the JAAS file as -Djava.security.auth.login.config; zooscope-server the same way, but through the
SERVER_JVMFLAGS environment variable as zkServer.sh users write it (and -Dzookeeper.superUser on its command line).

Checked: the owner of a sasl:alice:cdrwa node reads it, bob and an anonymous client get NoAuth, the super user
passes; "auth" ACLs expand to the sasl id; a wrong password or an unknown user ends with kazoo's AuthFailedError
while the server keeps serving the other sessions; zkCli.sh with a JAAS Client section logs in, creates a node with
a sasl ACL, reads it and prints its ACL.

SaslWireReplies speaks the protocol itself (pure-sasl computes the DIGEST-MD5 answers) against three more servers
of the same kind, with zookeeper.allowSaslFailedClients, with zookeeper.sessionRequireClientSASLAuth and with
zookeeper.enforce.auth.enabled + enforce.auth.schemes=digest, and checks the exact replies: xid echoed, zxid 0, AuthFailed (-115) or SessionClosedRequireSaslAuth (-124) with a null token, and
whether the connection is closed afterwards.
"""

import os
import socket
import struct
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkserver  # noqa: E402
from test_zkcli_scenario import ZkCli, parse_acl  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import AuthFailedError, NoAuthError  # noqa: E402
from kazoo.security import ACL, Id, make_acl  # noqa: E402
from puresasl.client import SASLClient  # noqa: E402

SERVER = None
JAAS_DIR = None
KIND = None
BINARY = None
SERVER_JAAS_PATH = None
PASSWORDS = {"alice": "alice-secret", "bob": "bob-secret", "admin": "admin-secret"}
SASL_PROVIDER = "org.apache.zookeeper.server.auth.SASLAuthenticationProvider"

SERVER_JAAS = """/* ZooKeeper's DIGEST-MD5 users */
Server {
    org.apache.zookeeper.server.auth.DigestLoginModule required
    user_alice="%(alice)s"
    user_bob="%(bob)s"
    // the super user, named by zookeeper.superUser
    user_admin="%(admin)s";
};
""" % PASSWORDS

CLIENT_JAAS = """Client {
    org.apache.zookeeper.server.auth.DigestLoginModule required
    username="alice"
    password="%(alice)s";
};
""" % PASSWORDS


def sasl_client(user, password=None):
    options = {"mechanism": "DIGEST-MD5", "username": user, "password": PASSWORDS[user] if password is None else password}
    return KazooClient(hosts=SERVER.connect_string, sasl_options=options, timeout=10)


def start_logged_in(user):
    client = sasl_client(user)
    client.start(timeout=15)
    # kazoo reports CONNECTED before its SASL exchange; the first request waits for the exchange.
    client.exists("/")
    return client


def login_error(user, password):
    """Starts a client with these credentials and returns the exception its login ended with (or None)."""
    client = sasl_client(user, password)
    try:
        client.start(timeout=15)
        client.exists("/")  # raises once kazoo saw the failed exchange
        return None
    except Exception as error:  # noqa: BLE001 - the test asserts on the type
        return error
    finally:
        client.stop()
        client.close()


OP_GET_DATA = 4
OP_SASL = 102
AUTH_FAILED = -115
SESSION_CLOSED_REQUIRE_SASL_AUTH = -124


class RawSession:
    """One connection speaking ZooKeeper's wire protocol directly: a new session, then framed requests."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self._send(struct.pack(">iqiqi", 0, 0, 10000, 0, 16) + b"\0" * 16 + b"\0")
        if self._receive() is None:
            raise AssertionError("no connect response")
        self.xid = 0

    def close(self):
        self.sock.close()

    def _send(self, payload):
        self.sock.sendall(struct.pack(">i", len(payload)) + payload)

    def _exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def _receive(self):
        head = self._exactly(4)
        return None if head is None else self._exactly(struct.unpack(">i", head)[0])

    def request(self, op, body):
        """(xid, zxid, err, body bytes) of the reply; None when the server closed the connection instead."""
        self.xid += 1
        self._send(struct.pack(">ii", self.xid, op) + body)
        reply = self._receive()
        if reply is None:
            return None
        xid, zxid, err = struct.unpack(">iqi", reply[:16])
        return xid, zxid, err, reply[16:]

    def sasl(self, token):
        return self.request(OP_SASL, struct.pack(">i", len(token)) + token)

    def add_digest_auth(self, credentials):
        """An auth packet (xid -4) for scheme digest; returns the reply's (xid, zxid, err)."""
        body = struct.pack(">i", 0) + struct.pack(">i", 6) + b"digest" + struct.pack(">i", len(credentials)) + credentials
        self._send(struct.pack(">ii", -4, 100) + body)
        reply = self._receive()
        return None if reply is None else struct.unpack(">iqi", reply[:16])

    def get_root(self):
        return self.request(OP_GET_DATA, struct.pack(">i", 1) + b"/" + b"\0")

    def closed_by_server(self, timeout=10.0):
        """True once the server closes the connection (EOF); False if it stays open for `timeout` seconds."""
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(1) == b""
        except socket.timeout:
            return False
        except OSError:
            return True

    def login(self, user, password):
        """A DIGEST-MD5 exchange as kazoo runs it; returns the reply to the client's answer."""
        challenge = self.sasl(b"")
        if challenge is None or challenge[2] != 0:
            raise AssertionError("the first SASL step failed: %r" % (challenge,))
        length = struct.unpack(">i", challenge[3][:4])[0]
        client = SASLClient("zk-sasl-md5", service="zookeeper", mechanism="DIGEST-MD5", username=user,
                            password=password)
        return self.sasl(client.process(challenge[3][4:4 + length]))


NULL_TOKEN = struct.pack(">i", -1)


class SaslWireReplies(unittest.TestCase):
    """Exact replies of failed logins and enforcement, on servers with other SASL settings."""

    def start_server(self, extra):
        cfg = {"authProvider.1": SASL_PROVIDER}
        cfg.update(extra)
        server = zkserver.ZkServer(KIND, binary=BINARY, extra_cfg=cfg,
                                   jvm_flags=["-Djava.security.auth.login.config=" + SERVER_JAAS_PATH])
        server.start()
        self.addCleanup(server.stop)
        return server

    def session(self, server):
        raw = RawSession(server.port)
        self.addCleanup(raw.close)
        return raw

    def test_failed_login_closes_the_connection(self):
        raw = self.session(SERVER)
        reply = raw.login("alice", "wrong")
        self.assertEqual(reply, (2, 0, AUTH_FAILED, NULL_TOKEN), "AuthFailed with zxid 0 and a null token")
        self.assertTrue(raw.closed_by_server(), "the connection closes after a failed login")
        good = self.session(SERVER)
        reply = good.login("alice", PASSWORDS["alice"])
        self.assertEqual(reply[:3], (2, 0, 0))
        self.assertTrue(reply[3][4:].startswith(b"rspauth="), "the last server token is rspauth: %r" % (reply,))
        self.assertEqual(good.get_root()[2], 0, "a logged-in connection is served")

    def test_allow_sasl_failed_clients_keeps_the_connection(self):
        server = self.start_server({"allowSaslFailedClients": "true"})
        raw = self.session(server)
        self.assertEqual(raw.login("alice", "wrong"), (2, 0, 0, NULL_TOKEN), "Ok with a null token")
        reply = raw.get_root()
        self.assertIsNotNone(reply, "the connection stays open")
        self.assertEqual(reply[:1] + reply[2:3], (3, 0), "and is served")

    def test_session_require_client_sasl_auth(self):
        server = self.start_server({"sessionRequireClientSASLAuth": "true"})
        anonymous = self.session(server)
        self.assertEqual(anonymous.get_root(), (1, 0, SESSION_CLOSED_REQUIRE_SASL_AUTH, b""),
                         "a request before any login is refused with -124 and no body")
        self.assertTrue(anonymous.closed_by_server())
        failed = self.session(server)
        self.assertEqual(failed.login("alice", "wrong"), (2, 0, SESSION_CLOSED_REQUIRE_SASL_AUTH, NULL_TOKEN))
        self.assertTrue(failed.closed_by_server())
        alice = self.session(server)
        self.assertEqual(alice.login("alice", PASSWORDS["alice"])[:3], (2, 0, 0))
        self.assertEqual(alice.get_root()[2], 0, "a logged-in connection is served")

    def test_enforced_digest_scheme(self):
        server = self.start_server({"enforce.auth.enabled": "true", "enforce.auth.schemes": "digest"})
        anonymous = self.session(server)
        self.assertEqual(anonymous.get_root(), (1, 0, SESSION_CLOSED_REQUIRE_SASL_AUTH, b""))
        self.assertTrue(anonymous.closed_by_server())
        sasl_only = self.session(server)
        self.assertEqual(sasl_only.login("alice", PASSWORDS["alice"])[:3], (2, 0, 0), "SASL logins still work")
        self.assertEqual(sasl_only.get_root()[:3], (3, 0, SESSION_CLOSED_REQUIRE_SASL_AUTH),
                         "but a sasl id is not a digest id")
        digest = self.session(server)
        self.assertEqual(digest.add_digest_auth(b"carol:pw"), (-4, 0, 0))
        self.assertEqual(digest.get_root()[2], 0, "a connection with a digest id is served")


class SaslScenario(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.alice = start_logged_in("alice")
        cls.alice.create("/sasl-alice", b"alice's data", acl=[make_acl("sasl", "alice", all=True)])

    @classmethod
    def tearDownClass(cls):
        cls.alice.stop()
        cls.alice.close()

    def test_owner_reads_node_with_sasl_acl(self):
        data, _ = self.alice.get("/sasl-alice")
        self.assertEqual(data, b"alice's data")
        acl, _ = self.alice.get_acls("/sasl-alice")
        self.assertEqual([(entry.perms, entry.id.scheme, entry.id.id) for entry in acl], [(31, "sasl", "alice")])

    def test_other_user_gets_no_auth(self):
        bob = start_logged_in("bob")
        try:
            with self.assertRaises(NoAuthError, msg="bob must not read alice's node"):
                bob.get("/sasl-alice")
            with self.assertRaises(NoAuthError, msg="bob must not write alice's node"):
                bob.set("/sasl-alice", b"bob was here")
        finally:
            bob.stop()
            bob.close()

    def test_anonymous_client_gets_no_auth(self):
        anonymous = KazooClient(hosts=SERVER.connect_string, timeout=10)
        anonymous.start(timeout=15)
        try:
            with self.assertRaises(NoAuthError):
                anonymous.get("/sasl-alice")
        finally:
            anonymous.stop()
            anonymous.close()

    def test_super_user_passes_every_acl(self):
        admin = start_logged_in("admin")
        try:
            data, _ = admin.get("/sasl-alice")
            self.assertEqual(data, b"alice's data")
            admin.create("/sasl-admin-only", b"", acl=[make_acl("sasl", "nobody", all=True)])
            admin.set("/sasl-admin-only", b"still mine")
            self.assertEqual(admin.get("/sasl-admin-only")[0], b"still mine")
        finally:
            admin.stop()
            admin.close()

    def test_auth_acl_expands_to_sasl_id(self):
        self.alice.create("/sasl-auth-acl", b"", acl=[ACL(31, Id("auth", ""))])
        acl, _ = self.alice.get_acls("/sasl-auth-acl")
        self.assertEqual([(entry.perms, entry.id.scheme, entry.id.id) for entry in acl], [(31, "sasl", "alice")])

    def test_wrong_password_fails_and_server_serves_others(self):
        error = login_error("alice", "not-the-password")
        self.assertIsInstance(error, AuthFailedError, "a wrong password ends with AuthFailedError, got %r" % (error,))
        # The server keeps serving the established session and new ones.
        self.assertEqual(self.alice.get("/sasl-alice")[0], b"alice's data")
        bob = start_logged_in("bob")
        try:
            bob.create("/sasl-bob-after-failure", b"ok")
            self.assertEqual(bob.get("/sasl-bob-after-failure")[0], b"ok")
        finally:
            bob.stop()
            bob.close()

    def test_unknown_user_fails(self):
        error = login_error("mallory", "whatever")
        self.assertIsInstance(error, AuthFailedError, "an unknown user ends with AuthFailedError, got %r" % (error,))

    def test_zkcli_with_jaas_client_section(self):
        client_jaas = os.path.join(JAAS_DIR, "client.jaas")
        with open(client_jaas, "w") as f:
            f.write(CLIENT_JAAS)

        class SaslZkCli(ZkCli):
            JVM_FLAGS = ZkCli.JVM_FLAGS + " -Djava.security.auth.login.config=" + client_jaas

        run = SaslZkCli(SERVER.connect_string).run([
            "whoami",
            "create /sasl-cli cli-data sasl:alice:cdrwa",
            "get /sasl-cli",
            "getAcl /sasl-cli",
            "getAcl /sasl-alice",
            "get /sasl-alice",
        ])
        self.assertTrue(run.complete, "zkCli ran every command\n" + run.raw)
        self.assertIn("sasl: alice", run["whoami"], run.transcript())
        self.assertIn("Created /sasl-cli", run["create /sasl-cli cli-data sasl:alice:cdrwa"], run.transcript())
        self.assertEqual(run["get /sasl-cli"].strip(), "cli-data", run.transcript())
        self.assertEqual(parse_acl(run["getAcl /sasl-cli"]), [("sasl", "alice", "cdrwa")], run.transcript())
        self.assertEqual(parse_acl(run["getAcl /sasl-alice"]), [("sasl", "alice", "cdrwa")], run.transcript())
        self.assertEqual(run["get /sasl-alice"].strip(), "alice's data", run.transcript())
        # kazoo (another client library) sees the node zkCli made, and only alice may read it.
        self.assertEqual(self.alice.get("/sasl-cli")[0], b"cli-data")


def main():
    global SERVER, JAAS_DIR, KIND, BINARY, SERVER_JAAS_PATH
    kind, binary, rest = zkserver.parse_server_args()
    KIND, BINARY = kind, binary
    print("SASL DIGEST-MD5 against %s%s" % (kind, " (%s)" % binary if binary else ""), flush=True)
    started = time.monotonic()
    ok = False
    with tempfile.TemporaryDirectory(prefix="zk-sasl-") as JAAS_DIR:
        server_jaas = SERVER_JAAS_PATH = os.path.join(JAAS_DIR, "server.jaas")
        with open(server_jaas, "w") as f:
            f.write(SERVER_JAAS)
        jaas_flag = "-Djava.security.auth.login.config=" + server_jaas
        jvm_flags = ["-Dzookeeper.superUser=admin"]
        if kind == "apache":
            jvm_flags.append(jaas_flag)
        SERVER = zkserver.ZkServer(kind, binary=binary, jvm_flags=jvm_flags,
                                   extra_cfg={"authProvider.1": SASL_PROVIDER})
        previous = os.environ.get("SERVER_JVMFLAGS")
        try:
            if kind == "zooscope":
                os.environ["SERVER_JVMFLAGS"] = "-Xmx64m " + jaas_flag  # as zkServer.sh users write it
            SERVER.start()
        finally:
            if previous is None:
                os.environ.pop("SERVER_JVMFLAGS", None)
            else:
                os.environ["SERVER_JVMFLAGS"] = previous
        try:
            program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
            ok = program.result.wasSuccessful()
            if not ok:
                SERVER.dump_logs()
        finally:
            SERVER.stop()
    print("total %.1f s" % (time.monotonic() - started), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
