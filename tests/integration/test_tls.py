#!/usr/bin/python3
"""TLS on the secure client port (secureClientPort, ssl.* keys in zoo.cfg), against Apache ZooKeeper 3.8 (Netty
connection factory) or zooscope-server, with certificates made by openssl at test time (tlscerts.py):

- kazoo over TLS with a client certificate creates and reads nodes; the plain clientPort keeps working beside it;
- the x509 scheme: the certificate subject in RFC 2253 form is the id (an "auth" ACL expands to it), an x509 ACL
  admits its certificate and gives NoAuth to another certificate and to a plain client; the configured
  X509AuthenticationProvider.superUser certificate reads everything;
- Java's stores as ZooKeeper's docs use them: a JKS key store and a PKCS12 trust store of certificates only
  (both by keytool, types from the file names) with ssl.clientAuth=need admit a client certificate of the CA and
  refuse one of another CA;
- refused: a client certificate from an untrusted CA, a server the client's CA did not sign, no client
  certificate under ssl.clientAuth=need (the default), a plain ZooKeeper client on the TLS port; the server keeps
  serving other clients after each.

Run: test_tls.py --kind apache | --kind zooscope --binary build/app/zooscope-server
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlscerts  # noqa: E402
from zkserver import ZkServer, four_letter_word, free_port, parse_server_args  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import NoAuthError  # noqa: E402
from kazoo.handlers.threading import KazooTimeoutError  # noqa: E402
from kazoo.security import make_acl  # noqa: E402

KIND = None
BINARY = None
SERVER = None
CERTS = None
SECURE_PORT = None
TMP = None
REFUSED_TIMEOUT = 4  # seconds a refused client gets before the test calls it refused


def setUpModule():
    global SERVER, CERTS, SECURE_PORT, TMP
    TMP = tempfile.TemporaryDirectory(prefix="zk-tls-")
    CERTS = tlscerts.make_java_stores(tlscerts.make_certificates(TMP.name))
    SECURE_PORT = free_port()
    SERVER = ZkServer(KIND, binary=BINARY, extra_cfg={
        # Apache ZooKeeper serves TLS with its Netty connection factory only; ZooScope accepts and ignores the key.
        "serverCnxnFactory": "org.apache.zookeeper.server.NettyServerCnxnFactory",
        "secureClientPort": str(SECURE_PORT),
        "secureClientPortAddress": "127.0.0.1",
        "ssl.keyStore.location": CERTS.server_pem,
        "ssl.trustStore.location": CERTS.ca_cert,
        "ssl.trustStore.type": "PEM",  # ".crt" is not a name Apache ZooKeeper guesses the type from
        "X509AuthenticationProvider.superUser": tlscerts.ROOT_ID,
        "4lw.commands.whitelist": "srvr,conf",
    })
    SERVER.start()


def tearDownModule():
    if SERVER:
        SERVER.cleanup()
    if TMP:
        TMP.cleanup()


def tls_client(certfile=None, keyfile=None, ca=None, timeout=10):
    client = KazooClient(hosts="127.0.0.1:%d" % SECURE_PORT, use_ssl=True, ca=ca or CERTS.ca_cert,
                         certfile=certfile, keyfile=keyfile, timeout=timeout,
                         connection_retry={"max_tries": 1, "delay": 0.1})
    return client


def plain_client():
    client = KazooClient(hosts=SERVER.connect_string, timeout=10)
    client.start(timeout=20)
    return client


class TlsTest(unittest.TestCase):
    def connected(self, certfile, keyfile):
        client = tls_client(certfile, keyfile)
        client.start(timeout=20)
        self.addCleanup(client.close)
        self.addCleanup(client.stop)
        return client

    def assert_refused(self, client, why):
        started = time.monotonic()
        with self.assertRaises(KazooTimeoutError, msg=why):
            client.start(timeout=REFUSED_TIMEOUT)
        client.stop()
        client.close()
        self.assertLess(time.monotonic() - started, REFUSED_TIMEOUT + 5)

    def assert_server_still_serves(self):
        alice = self.connected(CERTS.client_cert, CERTS.client_key)
        self.assertIsNotNone(alice.exists("/"), "the secure port must still serve a good client")
        plain = plain_client()
        try:
            self.assertIsNotNone(plain.exists("/"), "the plain port must still serve")
        finally:
            plain.stop()
            plain.close()

    def test_create_and_read_over_tls_beside_the_plain_port(self):
        alice = self.connected(CERTS.client_cert, CERTS.client_key)
        alice.create("/tls-open", b"over tls")
        data, stat = alice.get("/tls-open")
        self.assertEqual(b"over tls", data)
        alice.set("/tls-open", b"changed")
        alice.create("/tls-open/child", b"", ephemeral=True)
        self.assertEqual(["child"], alice.get_children("/tls-open"))
        plain = plain_client()
        try:
            self.assertEqual(b"changed", plain.get("/tls-open")[0], "the plain port sees what TLS clients wrote")
            plain.create("/plain-written", b"plain")
        finally:
            plain.stop()
            plain.close()
        self.assertEqual(b"plain", alice.get("/plain-written")[0])

    def test_conf_reports_both_ports(self):
        conf = four_letter_word(SERVER.host, SERVER.port, "conf")
        self.assertIn("clientPort=%d\n" % SERVER.port, conf)
        self.assertIn("secureClientPort=%d\n" % SECURE_PORT, conf)

    def test_auth_acl_expands_to_the_certificate_subject(self):
        alice = self.connected(CERTS.client_cert, CERTS.client_key)
        alice.create("/tls-auth-acl", b"mine", acl=[make_acl("auth", "", all=True)])
        acls, _ = alice.get_acls("/tls-auth-acl")
        self.assertEqual([("x509", tlscerts.CLIENT_ID)], [(acl.id.scheme, acl.id.id) for acl in acls],
                         "an auth ACL must name the certificate subject as Java's X500Principal.getName() does")
        self.assertEqual(b"mine", alice.get("/tls-auth-acl")[0])

    def test_x509_acl_admits_its_certificate_only(self):
        alice = self.connected(CERTS.client_cert, CERTS.client_key)
        alice.create("/tls-alice", b"secret", acl=[make_acl("x509", tlscerts.CLIENT_ID, all=True)])
        self.assertEqual(b"secret", alice.get("/tls-alice")[0])
        bob = self.connected(CERTS.other_cert, CERTS.other_key)
        with self.assertRaises(NoAuthError, msg="another certificate of the same CA must get NoAuth"):
            bob.get("/tls-alice")
        bob.create("/tls-bob", b"", acl=[make_acl("x509", tlscerts.OTHER_ID, read=True)])
        self.assertEqual(b"", bob.get("/tls-bob")[0], "a subject with escaped characters must match its ACL")
        with self.assertRaises(NoAuthError):
            alice.get("/tls-bob")
        plain = plain_client()
        try:
            with self.assertRaises(NoAuthError, msg="a plain client must get NoAuth"):
                plain.get("/tls-alice")
        finally:
            plain.stop()
            plain.close()
        root = self.connected(CERTS.root_cert, CERTS.root_key)
        self.assertEqual(b"secret", root.get("/tls-alice")[0], "the x509 super user must read every node")
        root.set("/tls-alice", b"by root")

    def test_client_certificate_from_untrusted_ca_is_refused(self):
        self.assert_refused(tls_client(CERTS.rogue_cert, CERTS.rogue_key),
                            "a certificate of an untrusted CA must not connect")
        self.assert_server_still_serves()

    def test_server_not_signed_by_the_clients_ca_is_refused(self):
        self.assert_refused(tls_client(CERTS.client_cert, CERTS.client_key, ca=CERTS.rogue_ca_cert),
                            "the client must refuse a server its CA did not sign")
        self.assert_server_still_serves()

    def test_no_client_certificate_is_refused_when_client_auth_is_need(self):
        self.assert_refused(tls_client(), "ssl.clientAuth=need (the default) must refuse a client without certificate")
        self.assert_server_still_serves()

    def test_plain_client_on_the_tls_port_is_closed(self):
        # A ZooKeeper ConnectRequest in plain text: protocol 0, zxid 0, timeout 4000, session 0, 16-byte password.
        body = struct.pack(">iqiqi", 0, 0, 4000, 0, 16) + b"\0" * 16 + b"\0"
        with socket.create_connection(("127.0.0.1", SECURE_PORT), timeout=10) as raw:
            raw.sendall(struct.pack(">i", len(body)) + body)
            received = b""
            deadline = time.monotonic() + 10
            closed = False
            while time.monotonic() < deadline:
                try:
                    chunk = raw.recv(4096)
                except ConnectionResetError:
                    closed = True
                    break
                if not chunk:
                    closed = True
                    break
                received += chunk
        self.assertTrue(closed, "the server must close a plain connection on the TLS port")
        self.assertFalse(received.startswith(struct.pack(">i", 36)) or received.startswith(struct.pack(">i", 37)),
                         "the server must not answer a plain ConnectRequest on the TLS port: %r" % received[:16])
        self.assert_server_still_serves()


class JavaStoresTest(unittest.TestCase):
    """A server of the same kind whose stores are Java's: JKS key store, keytool PKCS12 trust store."""

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.server = ZkServer(KIND, binary=BINARY, extra_cfg={
            "serverCnxnFactory": "org.apache.zookeeper.server.NettyServerCnxnFactory",
            "secureClientPort": str(cls.port),
            "secureClientPortAddress": "127.0.0.1",
            "ssl.keyStore.location": CERTS.server_jks,
            "ssl.keyStore.password": tlscerts.JAVA_STORE_PASSWORD,
            "ssl.trustStore.location": CERTS.truststore_p12,
            "ssl.trustStore.password": tlscerts.JAVA_STORE_PASSWORD,
            "ssl.clientAuth": "need",
        })
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, certfile, keyfile):
        return KazooClient(hosts="127.0.0.1:%d" % self.port, use_ssl=True, ca=CERTS.ca_cert, certfile=certfile,
                           keyfile=keyfile, timeout=10, connection_retry={"max_tries": 1, "delay": 0.1})

    def test_client_certificate_of_the_trusted_ca_connects(self):
        client = self.client(CERTS.client_cert, CERTS.client_key)
        client.start(timeout=20)
        try:
            client.create("/java-stores", b"jks")
            self.assertEqual(b"jks", client.get("/java-stores")[0])
            client.create("/java-stores/mine", b"", acl=[make_acl("auth", "", all=True)])
            acls, _ = client.get_acls("/java-stores/mine")
            self.assertEqual([("x509", tlscerts.CLIENT_ID)], [(acl.id.scheme, acl.id.id) for acl in acls],
                             "the certificate verified by the PKCS12 trust store must be the client's x509 id")
        finally:
            client.stop()
            client.close()

    def test_client_certificate_of_another_ca_is_refused(self):
        client = self.client(CERTS.rogue_cert, CERTS.rogue_key)
        with self.assertRaises(KazooTimeoutError, msg="the trust store holds only the test CA"):
            client.start(timeout=REFUSED_TIMEOUT)
        client.stop()
        client.close()


class ZooScopeStartupTest(unittest.TestCase):
    """zooscope-server refuses to start on an unusable TLS setting, naming the key and the file (Apache ZooKeeper
    starts and fails each handshake instead, so this runs for --kind zooscope only)."""

    def start_with(self, extra):
        data_dir = tempfile.mkdtemp(dir=TMP.name)
        cfg = os.path.join(data_dir, "zoo.cfg")
        with open(cfg, "w") as f:
            f.write("tickTime=200\ndataDir=%s\nclientPort=%d\nclientPortAddress=127.0.0.1\nsecureClientPort=%d\n"
                    "secureClientPortAddress=127.0.0.1\n" % (data_dir, free_port(), free_port()))
            for key, value in extra.items():
                f.write("%s=%s\n" % (key, value))
        return subprocess.run([BINARY, cfg], capture_output=True, text=True, timeout=30)

    def test_unusable_stores_stop_startup(self):
        cases = [
            ({"ssl.keyStore.location": CERTS.server_p12, "ssl.keyStore.password": "wrong"},
             ["ssl.keyStore.password", CERTS.server_p12]),
            ({"ssl.keyStore.location": CERTS.path("absent.pem")}, ["ssl.keyStore.location", "absent.pem"]),
            ({"ssl.keyStore.location": CERTS.server_pem, "ssl.trustStore.location": CERTS.ca_cert},
             ["ssl.trustStore.type", CERTS.ca_cert]),
            ({"ssl.keyStore.location": CERTS.server_pem, "ssl.clientAuth": "sometimes"}, ["ssl.clientAuth", "sometimes"]),
            ({"ssl.keyStore.location": CERTS.server_jks, "ssl.keyStore.password": "wrong-secret"},
             ["ssl.keyStore.password", CERTS.server_jks]),
            ({"ssl.keyStore.location": CERTS.server_pem, "ssl.trustStore.location": CERTS.truststore_p12,
              "ssl.trustStore.password": "wrong-secret"}, ["ssl.trustStore.password", CERTS.truststore_p12]),
        ]
        for extra, mentions in cases:
            result = self.start_with(extra)
            self.assertNotEqual(0, result.returncode, "zooscope-server must not start with %r" % extra)
            for mention in mentions:
                self.assertIn(mention, result.stdout + result.stderr)

    def test_pkcs12_and_encrypted_pem_key_stores_serve(self):
        for extra in ({"ssl.keyStore.location": CERTS.server_p12, "ssl.keyStore.password": tlscerts.P12_PASSWORD},
                      {"ssl.keyStore.location": CERTS.encrypted_server_pem,
                       "ssl.keyStore.password": tlscerts.PEM_PASSWORD}):
            extra = dict(extra, **{"ssl.trustStore.location": CERTS.ca_cert, "ssl.trustStore.type": "PEM"})
            port = free_port()
            server = ZkServer("zooscope", binary=BINARY, extra_cfg=dict(extra, secureClientPort=str(port),
                                                                        secureClientPortAddress="127.0.0.1"))
            with server:
                client = KazooClient(hosts="127.0.0.1:%d" % port, use_ssl=True, ca=CERTS.ca_cert,
                                     certfile=CERTS.client_cert, keyfile=CERTS.client_key, timeout=10)
                client.start(timeout=20)
                try:
                    self.assertIsNotNone(client.exists("/"), "a %s key store must serve" % extra)
                finally:
                    client.stop()
                    client.close()


if __name__ == "__main__":
    KIND, BINARY, rest = parse_server_args()
    if KIND != "zooscope":
        del ZooScopeStartupTest
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
