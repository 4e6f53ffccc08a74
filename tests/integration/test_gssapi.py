#!/usr/bin/python3
"""SASL GSSAPI (Kerberos) logins against a server started by zkserver.py, with a throwaway KDC (testkdc.py).

    python3 test_gssapi.py --kind apache
    python3 test_gssapi.py --kind zooscope --binary build/zooscope-server

The realm EXAMPLE.COM has the service principal zookeeper/localhost (its key in the server's keytab), the users
alice, bob and admin, a host-based client principal batch/localhost, and other/localhost, a service the server has
no key for. The server's JAAS Server section is Apache ZooKeeper's Kerberos set-up (Krb5LoginModule with
useKeyTab, keyTab and principal); both kinds get it and the generated krb5.conf as -D properties
(java.security.auth.login.config, java.security.krb5.conf), with authProvider.1=SASLAuthenticationProvider and
zookeeper.superUser=admin@EXAMPLE.COM. Clients connect to "localhost" (the host part of the service principal).
kazoo (pure-sasl over python3-kerberos) takes its ticket from a credential cache collection (DIR:) that kinit -k -t
fills from each user's keytab, each client naming its principal in sasl_options; zkCli.sh logs in itself from a
JAAS Client section with Krb5LoginModule and the keytab.

Checked, with the same expectations for both servers:
- the sasl id of a Kerberos user is its whole principal (alice@EXAMPLE.COM, batch/localhost@EXAMPLE.COM): a node
  with that sasl ACL is readable by its owner, NoAuth for another Kerberos user and for an anonymous client, and
  the super user (named by principal) passes;
- zkCli.sh with Krb5LoginModule logs in (whoami), reads alice's node and creates one with a sasl ACL;
- a client holding a ticket for a service the server has no key for (other/localhost) gets AuthFailed (kazoo
  closes with AUTH_FAILED and no reason of its own); a garbage GSSAPI token or an empty first token gets (xid,
  zxid 0, AuthFailed, null token) and the connection closes; the server keeps serving the other sessions and
  new logins; a client without a ticket fails in kazoo itself (AUTH_FAILED before any token is sent) and the
  server keeps serving;
- on the wire (pure-sasl over a raw connection): three Ok replies with zxid 0, the last with a null token;
- a second server with zookeeper.kerberos.removeHostFromPrincipal and removeRealmFromPrincipal grants "alice" and
  "batch" instead;
- a section with both DigestLoginModule and Krb5LoginModule serves Kerberos logins and refuses DIGEST-MD5 ones
  (Apache creates GSSAPI SaslServers only once its login has a principal);
- start-up fails for a missing keytab and for a keytab without the server's key (Apache: "Could not configure
  server because SASL configuration did not allow the ZooKeeper server to authenticate itself properly:
  ...LoginException: No password provided"; zooscope-server names the keytab, the JAAS file and what the keytab
  holds), and zooscope-server refuses to start without Cyrus's GSSAPI plugin (a SASL_PATH without it), naming the
  package; Apache, which has its own GSSAPI in the JVM, is not affected by that and serves Kerberos logins.
"""

import logging
import os
import struct
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import testkdc  # noqa: E402
import zkserver  # noqa: E402
from test_sasl import AUTH_FAILED, NULL_TOKEN, RawSession  # noqa: E402
from test_zkcli_scenario import ZkCli, parse_acl  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import NoAuthError  # noqa: E402
from kazoo.security import make_acl  # noqa: E402
from puresasl.client import SASLClient  # noqa: E402

KIND = None
BINARY = None
KDC = None
SERVER = None
SASL_PROVIDER = "org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
REALM = "EXAMPLE.COM"
SERVICE_PRINCIPAL = "zookeeper/localhost"
USERS = ("alice", "bob", "admin", "batch/localhost")

SERVER_JAAS = """Server {
    com.sun.security.auth.module.Krb5LoginModule required
    useKeyTab=true
    keyTab="%(keytab)s"
    storeKey=true
    useTicketCache=false
    principal="zookeeper/localhost@EXAMPLE.COM";
};
"""

CLIENT_JAAS = """Client {
    com.sun.security.auth.module.Krb5LoginModule required
    useKeyTab=true
    keyTab="%(keytab)s"
    storeKey=true
    useTicketCache=false
    principal="alice@EXAMPLE.COM";
};
"""


def keytab_of(user):
    return KDC.path(user.replace("/", "_") + ".keytab")


def credential_caches():
    """The credential cache collection (DIR:) holding a ticket-granting ticket of each user; kazoo's clients pick
    theirs by principal, so every client (and kazoo's re-login after a reconnect) keeps its own identity."""
    return "DIR:" + KDC.path("ccaches")


def get_tickets():
    os.makedirs(KDC.path("ccaches"), exist_ok=True)
    for user in USERS:
        KDC._run([testkdc.KINIT, "-k", "-t", keytab_of(user), KDC.qualified(user)],
                 env=dict(KDC.environment(), KRB5CCNAME=credential_caches()))


def start_server(extra_flags=(), server_jaas=None):
    server_jaas = server_jaas or KDC.path("server.jaas")
    flags = ["-Djava.security.auth.login.config=" + server_jaas, "-Djava.security.krb5.conf=" + KDC.krb5_conf,
             "-Dzookeeper.superUser=admin@" + REALM] + list(extra_flags)
    server = zkserver.ZkServer(KIND, binary=BINARY, jvm_flags=flags, extra_cfg={"authProvider.1": SASL_PROVIDER})
    # The server finds the realm through -Djava.security.krb5.conf alone, not through this process's KRB5_CONFIG.
    krb5_config = os.environ.pop("KRB5_CONFIG", None)
    try:
        server.start()
    finally:
        if krb5_config is not None:
            os.environ["KRB5_CONFIG"] = krb5_config
    return server


class KerberosClient:
    """A kazoo client logging in as `user` over GSSAPI with its ticket from the collection (None: no login)."""

    def __init__(self, server, user, service="zookeeper"):
        options = {"mechanism": "GSSAPI", "service": service, "principal": KDC.qualified(user)} if user else None
        self.client = KazooClient(hosts="localhost:%d" % server.port, sasl_options=options, timeout=10)

    def start(self):
        self.client.start(timeout=15)
        self.client.exists("/")  # kazoo reports CONNECTED before its SASL exchange; this waits for it
        return self.client

    def close(self):
        self.client.stop()
        self.client.close()


def failed_login(test, server, sasl_options):
    """Starts a kazoo client with these options and returns kazoo's log line of the failed login: "AUTH_FAILED
    closing: " plus a reason, which is empty when the server answered AuthFailed. (Whether kazoo's start() then
    raises AuthFailedError or a time-out is a race between its threads, so the log line is what is checked.)"""
    logger_name = "gssapi.failed-login.%d" % id(sasl_options)
    client = KazooClient(hosts="localhost:%d" % server.port, logger=logging.getLogger(logger_name),
                         sasl_options=sasl_options, timeout=10)
    try:
        with test.assertLogs(logger_name, level="WARNING") as logged:
            client.start_async()
            zkserver.wait_until(lambda: any("AUTH_FAILED closing" in line for line in logged.output), 15)
        failures = [line.split(":", 2)[2] for line in logged.output if "AUTH_FAILED closing" in line]
        test.assertTrue(failures, "kazoo closes with AUTH_FAILED: %s" % logged.output)
        return failures[0]
    finally:
        client.stop()
        client.close()


class GssapiScenario(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.alice_client = KerberosClient(SERVER, "alice")
        cls.alice = cls.alice_client.start()
        cls.alice.create("/gss-alice", b"alice's data", acl=[make_acl("sasl", "alice@" + REALM, all=True)])

    @classmethod
    def tearDownClass(cls):
        cls.alice_client.close()

    def logged_in(self, user):
        client = KerberosClient(SERVER, user)
        self.addCleanup(client.close)
        return client.start()

    def test_owner_reads_node_with_principal_acl(self):
        data, _ = self.alice.get("/gss-alice")
        self.assertEqual(data, b"alice's data")
        acl, _ = self.alice.get_acls("/gss-alice")
        self.assertEqual([(entry.perms, entry.id.scheme, entry.id.id) for entry in acl],
                         [(31, "sasl", "alice@" + REALM)])
        self.alice.set("/gss-alice", b"alice's data")

    def test_other_kerberos_user_gets_no_auth(self):
        bob = self.logged_in("bob")
        with self.assertRaises(NoAuthError, msg="bob must not read alice's node"):
            bob.get("/gss-alice")
        with self.assertRaises(NoAuthError, msg="bob must not write alice's node"):
            bob.set("/gss-alice", b"bob was here")

    def test_anonymous_client_gets_no_auth(self):
        anonymous = self.logged_in(None)
        with self.assertRaises(NoAuthError):
            anonymous.get("/gss-alice")

    def test_short_name_is_not_the_id(self):
        self.alice.create("/gss-short", b"", acl=[make_acl("sasl", "alice", all=True)])
        with self.assertRaises(NoAuthError, msg="the id is alice@EXAMPLE.COM, not alice"):
            self.alice.get("/gss-short")

    def test_host_based_principal_keeps_host_and_realm(self):
        batch = self.logged_in("batch/localhost")
        batch.create("/gss-batch", b"batch data", acl=[make_acl("sasl", "batch/localhost@" + REALM, all=True)])
        self.assertEqual(batch.get("/gss-batch")[0], b"batch data")
        with self.assertRaises(NoAuthError):
            self.alice.get("/gss-batch")

    def test_super_user_named_by_principal_passes(self):
        admin = self.logged_in("admin")
        self.assertEqual(admin.get("/gss-alice")[0], b"alice's data")

    def test_ticket_for_another_service_fails_and_server_serves_others(self):
        failure = failed_login(self, SERVER, {"mechanism": "GSSAPI", "service": "other", "principal": "bob@" + REALM})
        self.assertEqual(failure, "AUTH_FAILED closing: ", "the server answers a ticket for other/localhost with "
                         "AuthFailed")
        if KIND == "zooscope":  # the log says why (Apache logs its GSSException)
            self.assertIn("Request ticket server other/localhost@EXAMPLE.COM not found in keytab", SERVER.logs())
        self.assertEqual(self.alice.get("/gss-alice")[0], b"alice's data", "the established session is served")
        bob = self.logged_in("bob")
        bob.create("/gss-bob-after-failure", b"ok")
        self.assertEqual(bob.get("/gss-bob-after-failure")[0], b"ok", "a new login after the failure works")

    def test_no_ticket_fails_in_the_client_and_server_serves_others(self):
        # python3-kerberos finds no credentials, so kazoo gives up before sending a token (the server sees none).
        previous = os.environ.get("KRB5CCNAME")
        os.environ["KRB5CCNAME"] = "FILE:" + KDC.path("empty.cc")
        try:
            failure = failed_login(self, SERVER, {"mechanism": "GSSAPI", "service": "zookeeper"})
        finally:
            os.environ["KRB5CCNAME"] = previous
        self.assertIn("No Kerberos credentials available", failure)
        self.assertEqual(self.alice.get("/gss-alice")[0], b"alice's data")

    def test_exchange_on_the_wire(self):
        """pure-sasl's GSSAPI steps over a raw connection: three Ok replies with zxid 0, the first carrying the
        server's AP-REP, the second the wrapped 4-byte security-layer offer, the last a null token."""
        raw = RawSession(SERVER.port)
        self.addCleanup(raw.close)
        client = SASLClient("localhost", service="zookeeper", mechanism="GSSAPI", principal="alice@" + REALM)
        replies = []
        token = client.process(None)
        while not client.complete:
            reply = raw.sasl(token)
            replies.append(reply)
            self.assertEqual(reply[:3], (len(replies), 0, 0), "step %d answered Ok with zxid 0" % len(replies))
            length = struct.unpack(">i", reply[3][:4])[0]
            self.assertGreater(length, 0, "step %d carries a token" % len(replies))
            token = client.process(reply[3][4:4 + length])
        replies.append(raw.sasl(token))
        self.assertEqual(len(replies), 3, "AP-REP, security-layer offer, done: %r" % replies)
        self.assertEqual(replies[2], (3, 0, 0, NULL_TOKEN), "the last reply has a null token")
        reply = raw.get_root()
        self.assertEqual((reply[0], reply[2]), (4, 0), "the logged-in connection is served")

    def test_bad_tokens_get_auth_failed_and_connection_closes(self):
        # A garbage token, and the empty first token a DIGEST-MD5 client sends.
        for token in (b"\x60\x05not-a-kerberos-token", b""):
            raw = RawSession(SERVER.port)
            self.addCleanup(raw.close)
            reply = raw.sasl(token)
            self.assertEqual(reply, (1, 0, AUTH_FAILED, NULL_TOKEN),
                             "AuthFailed with zxid 0 and a null token for %r" % token)
            self.assertTrue(raw.closed_by_server(), "the connection closes after a failed login")
        self.assertEqual(self.alice.get("/gss-alice")[0], b"alice's data")

    def test_zkcli_with_krb5_login_module(self):
        client_jaas = KDC.path("client.jaas")
        with open(client_jaas, "w") as f:
            f.write(CLIENT_JAAS % {"keytab": keytab_of("alice")})

        class KerberosZkCli(ZkCli):
            JVM_FLAGS = (ZkCli.JVM_FLAGS + " -Djava.security.auth.login.config=" + client_jaas
                         + " -Djava.security.krb5.conf=" + KDC.krb5_conf)

        run = KerberosZkCli("localhost:%d" % SERVER.port).run([
            "whoami",
            "get /gss-alice",
            "create /gss-cli cli-data sasl:alice@EXAMPLE.COM:cdrwa",
            "getAcl /gss-cli",
        ])
        self.assertTrue(run.complete, "zkCli ran every command\n" + run.raw)
        self.assertIn("sasl: alice@EXAMPLE.COM", run["whoami"], run.transcript())
        self.assertEqual(run["get /gss-alice"].strip(), "alice's data", run.transcript())
        self.assertIn("Created /gss-cli", run["create /gss-cli cli-data sasl:alice@EXAMPLE.COM:cdrwa"],
                      run.transcript())
        self.assertEqual(parse_acl(run["getAcl /gss-cli"]), [("sasl", "alice@EXAMPLE.COM", "cdrwa")],
                         run.transcript())
        self.assertEqual(self.alice.get("/gss-cli")[0], b"cli-data", "kazoo's alice reads zkCli's node")


class PrincipalShortening(unittest.TestCase):
    """zookeeper.kerberos.removeHostFromPrincipal / removeRealmFromPrincipal on a server of their own."""

    @classmethod
    def setUpClass(cls):
        cls.server = start_server(["-Dzookeeper.kerberos.removeHostFromPrincipal=true",
                                   "-Dzookeeper.kerberos.removeRealmFromPrincipal=true"])

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def logged_in(self, user):
        client = KerberosClient(self.server, user)
        self.addCleanup(client.close)
        return client.start()

    def test_ids_lose_host_and_realm(self):
        alice = self.logged_in("alice")
        alice.create("/short-alice", b"a", acl=[make_acl("sasl", "alice", all=True)])
        self.assertEqual(alice.get("/short-alice")[0], b"a", "alice@EXAMPLE.COM is granted sasl:alice")
        alice.create("/long-alice", b"", acl=[make_acl("sasl", "alice@" + REALM, all=True)])
        with self.assertRaises(NoAuthError, msg="and not sasl:alice@EXAMPLE.COM"):
            alice.get("/long-alice")
        batch = self.logged_in("batch/localhost")
        batch.create("/short-batch", b"b", acl=[make_acl("sasl", "batch", all=True)])
        self.assertEqual(batch.get("/short-batch")[0], b"b", "batch/localhost@EXAMPLE.COM is granted sasl:batch")


class DigestAndKerberosInOneSection(unittest.TestCase):
    """A Server section with DigestLoginModule users and a Krb5LoginModule: the server logs in as its principal,
    and Apache then creates GSSAPI SaslServers only, so DIGEST-MD5 logins of the listed users fail."""

    @classmethod
    def setUpClass(cls):
        jaas = KDC.path("mixed-server.jaas")
        with open(jaas, "w") as f:
            f.write(SERVER_JAAS.replace("Server {", 'Server {\n    org.apache.zookeeper.server.auth.DigestLoginModule '
                                        'required user_carol="carol-secret";')
                    % {"keytab": KDC.path("zookeeper.keytab")})
        cls.server = start_server(server_jaas=jaas)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_kerberos_login_works(self):
        client = KerberosClient(self.server, "alice")
        self.addCleanup(client.close)
        alice = client.start()
        alice.create("/mixed-alice", b"m", acl=[make_acl("sasl", "alice@" + REALM, all=True)])
        self.assertEqual(alice.get("/mixed-alice")[0], b"m")

    def test_digest_login_is_refused(self):
        failure = failed_login(self, self.server,
                               {"mechanism": "DIGEST-MD5", "username": "carol", "password": "carol-secret"})
        self.assertEqual(failure, "AUTH_FAILED closing: ", "the server answers DIGEST-MD5 with AuthFailed")


class StartUpErrors(unittest.TestCase):
    """Servers whose Kerberos set-up cannot work do not start; zooscope-server says why."""

    def start_failure(self, keytab):
        jaas = KDC.path("broken-server.jaas")
        with open(jaas, "w") as f:
            f.write(SERVER_JAAS % {"keytab": keytab})
        server = zkserver.ZkServer(KIND, binary=BINARY, extra_cfg={"authProvider.1": SASL_PROVIDER},
                                   jvm_flags=["-Djava.security.auth.login.config=" + jaas,
                                              "-Djava.security.krb5.conf=" + KDC.krb5_conf])
        self.addCleanup(server.cleanup)
        krb5_config = os.environ.pop("KRB5_CONFIG", None)
        try:
            with self.assertRaises(zkserver.ZkServerError, msg="the server must not start") as raised:
                server.start()
        finally:
            if krb5_config is not None:
                os.environ["KRB5_CONFIG"] = krb5_config
        self.assertIn("exited with code", str(raised.exception))
        return server.logs()

    def test_missing_keytab_stops_start_up(self):
        missing = KDC.path("no-such.keytab")
        logs = self.start_failure(missing)
        if KIND == "zooscope":
            self.assertIn("Cannot read the keytab %s (keyTab of Krb5LoginModule in JAAS file %s" %
                          (missing, KDC.path("broken-server.jaas")), logs)
        else:
            self.assertIn("Could not configure server because SASL configuration did not allow the", logs)
            self.assertIn("LoginException: No password provided", logs)

    def test_keytab_without_the_principal_stops_start_up(self):
        logs = self.start_failure(keytab_of("bob"))
        if KIND == "apache":
            # Java's Krb5LoginModule finds no key for zookeeper/localhost in bob's keytab.
            self.assertIn("Could not configure server because SASL configuration did not allow the", logs)
            self.assertIn("LoginException: No password provided", logs)
        else:
            self.assertIn("The keytab %s (keyTab of Krb5LoginModule in JAAS file %s) has no key for "
                          "zookeeper/localhost@EXAMPLE.COM, the principal of that login module; "
                          "it holds: bob@EXAMPLE.COM" % (keytab_of("bob"), KDC.path("broken-server.jaas")), logs)

    def test_missing_gssapi_plugin(self):
        # A Cyrus plugin directory with DIGEST-MD5 only, as on a machine without libsasl2-modules-gssapi-mit.
        plugins = KDC.path("sasl-plugins-without-gssapi")
        os.makedirs(plugins, exist_ok=True)
        digest = os.path.join(plugins, "libdigestmd5.so")
        if not os.path.exists(digest):
            os.symlink("/usr/lib/x86_64-linux-gnu/sasl2/libdigestmd5.so", digest)
        os.environ["SASL_PATH"] = plugins
        try:
            if KIND == "apache":
                # The JVM has its own GSSAPI: Apache starts and serves Kerberos logins whatever Cyrus has.
                server = start_server()
                self.addCleanup(server.cleanup)
                client = KerberosClient(server, "alice")
                self.addCleanup(client.close)
                self.assertIsNotNone(client.start().exists("/"))
            else:
                logs = self.start_failure(KDC.path("zookeeper.keytab"))
                self.assertIn("Cyrus SASL has no GSSAPI mechanism, which the Krb5LoginModule of JAAS file %s needs "
                              "(install libsasl2-modules-gssapi-mit)" % KDC.path("broken-server.jaas"), logs)
        finally:
            os.environ.pop("SASL_PATH", None)


def main():
    global KIND, BINARY, KDC, SERVER
    kind, binary, rest = zkserver.parse_server_args()
    KIND, BINARY = kind, binary
    print("SASL GSSAPI against %s%s" % (kind, " (%s)" % binary if binary else ""), flush=True)
    started = time.monotonic()
    ok = False
    with testkdc.TestKdc(REALM) as KDC:
        for principal in (SERVICE_PRINCIPAL, "other/localhost") + USERS:
            KDC.add_principal(principal)
        KDC.export_keytab(SERVICE_PRINCIPAL, KDC.path("zookeeper.keytab"))
        for user in USERS:
            KDC.export_keytab(user, keytab_of(user))
        with open(KDC.path("server.jaas"), "w") as f:
            f.write(SERVER_JAAS % {"keytab": KDC.path("zookeeper.keytab")})
        # Clients of this process (kazoo's python3-kerberos) find the realm through KRB5_CONFIG.
        os.environ.update(KDC.environment(), KRB5CCNAME=credential_caches())
        get_tickets()
        SERVER = start_server()
        try:
            program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
            ok = program.result.wasSuccessful()
            if not ok:
                SERVER.dump_logs()
                sys.stderr.write(KDC.log())
        finally:
            SERVER.cleanup()
    print("total %.1f s" % (time.monotonic() - started), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
