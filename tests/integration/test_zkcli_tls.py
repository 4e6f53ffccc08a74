#!/usr/bin/python3
"""zkCli.sh (the Java client of Apache ZooKeeper 3.8) over TLS: ClientCnxnSocketNetty with PEM trust and key stores
against the secure client port of Apache ZooKeeper or zooscope-server. Single-command mode, one JVM per command:
create, get, ls, getAcl on a node with an auth ACL (expanded to the client certificate's x509 id), whoami (the x509 identity), and a
refused connection when the client does not trust the server's CA.

Run: test_zkcli_tls.py --kind apache | --kind zooscope --binary build/app/zooscope-server
"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlscerts  # noqa: E402
from zkserver import (LOGGING_JARS, NETTY_JARS, ZOOKEEPER_CONF_DIR, ZOOKEEPER_JAR, ZkServer, free_port,  # noqa: E402
                      parse_server_args)

ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
KIND = None
BINARY = None
SERVER = None
CERTS = None
SECURE_PORT = None
TMP = None


def setUpModule():
    global SERVER, CERTS, SECURE_PORT, TMP
    TMP = tempfile.TemporaryDirectory(prefix="zkcli-tls-")
    CERTS = tlscerts.make_certificates(TMP.name)
    SECURE_PORT = free_port()
    SERVER = ZkServer(KIND, binary=BINARY, extra_cfg={
        "serverCnxnFactory": "org.apache.zookeeper.server.NettyServerCnxnFactory",
        "secureClientPort": str(SECURE_PORT),
        "secureClientPortAddress": "127.0.0.1",
        "ssl.keyStore.location": CERTS.server_pem,
        "ssl.trustStore.location": CERTS.ca_cert,
        "ssl.trustStore.type": "PEM",
    })
    SERVER.start()


def tearDownModule():
    if SERVER:
        SERVER.cleanup()
    if TMP:
        TMP.cleanup()


def zkcli(*args, trust_store=None, timeout=60):
    """Runs one zkCli.sh command on the secure port; returns (exit code, output)."""
    # Debian's zkEnv.sh puts only zookeeper.jar on the class path, whose manifest lacks the Netty codec jar that
    # ClientCnxnSocketNetty needs: a second -cp in CLIENT_JVMFLAGS (after zkCli.sh's own) replaces it.
    classpath = ":".join([ZOOKEEPER_CONF_DIR, ZOOKEEPER_JAR] + [jar for jar in LOGGING_JARS + NETTY_JARS
                                                                 if os.path.exists(jar)])
    flags = ["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
             "-cp", classpath,
             "-Dzookeeper.client.secure=true",
             "-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty",
             "-Dzookeeper.ssl.trustStore.location=" + (trust_store or CERTS.ca_cert),
             "-Dzookeeper.ssl.trustStore.type=PEM",
             "-Dzookeeper.ssl.keyStore.location=" + CERTS.client_pem,
             "-Dzookeeper.ssl.keyStore.type=PEM"]
    env = dict(os.environ, CLIENT_JVMFLAGS=" ".join(flags))
    proc = subprocess.run([ZKCLI, "-server", "127.0.0.1:%d" % SECURE_PORT] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)
    return proc.returncode, proc.stdout


class ZkCliTlsTest(unittest.TestCase):
    def test_commands_over_tls(self):
        # zkCli splits ACLs at commas, so the subject cannot be typed; "auth" expands to the certificate's id.
        code, out = zkcli("create", "/zkcli-tls", "over-tls", "auth::cdrwa")
        self.assertEqual(0, code, out)
        self.assertIn("Created /zkcli-tls", out)
        code, out = zkcli("get", "/zkcli-tls")
        self.assertEqual(0, code, out)
        self.assertIn("over-tls", out.splitlines(), "get must print the data on a line of its own")
        code, out = zkcli("ls", "/")
        self.assertEqual(0, code, out)
        self.assertIn("zkcli-tls", out)
        code, out = zkcli("getAcl", "/zkcli-tls")
        self.assertEqual(0, code, out)
        # getAcl prints the id URL-encoded (commas as %2C).
        self.assertIn("'x509,'%s" % tlscerts.CLIENT_ID.replace(",", "%2C"), out, "the ACL must name the certificate subject")
        code, out = zkcli("whoami")
        self.assertEqual(0, code, out)
        identities = [line for line in out.splitlines() if line.startswith(("x509: ", "ip: "))]
        self.assertEqual(["x509: " + tlscerts.CLIENT_ID, "ip: 127.0.0.1"], identities,
                         "whoami must report the x509 identity first, then the address")

    def test_untrusted_server_is_refused(self):
        code, out = zkcli("ls", "/", trust_store=CERTS.rogue_ca_cert, timeout=60)
        self.assertNotEqual(0, code, "zkCli must not run a command on a server it does not trust:\n" + out)
        self.assertIn("ConnectionLoss", out)


if __name__ == "__main__":
    KIND, BINARY, rest = parse_server_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
