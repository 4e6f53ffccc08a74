#!/usr/bin/python3
"""sslQuorum: a 3-member ensemble (Apache ZooKeeper 3.8, or zooscope-server) whose member links are TLS, configured
by the ssl.quorum.* keys with PEM stores made by openssl at test time (tlscerts.py). The ensemble elects a leader and
replicates a write; the election port completes a TLS handshake with a member certificate and refuses one from an
untrusted CA.

Run: test_ssl_quorum.py --kind apache | --kind zooscope --binary build/app/zooscope-server
"""
import os
import re
import socket
import ssl
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlscerts  # noqa: E402
import zkensemble  # noqa: E402
from zkserver import parse_server_args  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402

KIND = None
BINARY = None
ENSEMBLE = None
CERTS = None
TMP = None


def setUpModule():
    global ENSEMBLE, CERTS, TMP
    TMP = tempfile.TemporaryDirectory(prefix="zk-ssl-quorum-")
    CERTS = tlscerts.make_certificates(TMP.name)
    ENSEMBLE = zkensemble.ZkEnsemble(KIND, 3, binary=BINARY, extra_cfg={
        "sslQuorum": "true",
        "ssl.quorum.keyStore.location": CERTS.server_pem,  # one certificate for 127.0.0.1 serves every member
        "ssl.quorum.trustStore.location": CERTS.ca_cert,
        "ssl.quorum.trustStore.type": "PEM",
    })
    try:
        ENSEMBLE.start()
    except BaseException:
        ENSEMBLE.cleanup()
        raise


def tearDownModule():
    if ENSEMBLE:
        ENSEMBLE.cleanup()
    if TMP:
        TMP.cleanup()


def election_port(myid):
    match = re.search(r"^server\.%d=127\.0\.0\.1:\d+:(\d+)" % myid, ENSEMBLE.members[0]._cfg_text, re.M)
    return int(match.group(1))


def handshake(port, certfile, keyfile):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(CERTS.ca_cert)
    context.load_cert_chain(certfile, keyfile)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            peer = tls.getpeercert()
            # TLS 1.3 reports a refused client certificate only at the first read.
            tls.settimeout(1.0)
            try:
                tls.recv(1)
            except socket.timeout:
                pass
            return peer


class SslQuorumTest(unittest.TestCase):
    def test_write_replicates_over_tls_links(self):
        writer = KazooClient(hosts=ENSEMBLE.member(1).connect_string, timeout=10)
        reader = KazooClient(hosts=ENSEMBLE.member(3).connect_string, timeout=10)
        writer.start(timeout=20)
        reader.start(timeout=20)
        try:
            writer.create("/ssl-quorum", b"replicated")
            reader.sync("/ssl-quorum")
            self.assertEqual(b"replicated", reader.get("/ssl-quorum")[0],
                             "a write must reach another member over the TLS quorum links")
        finally:
            for client in (writer, reader):
                client.stop()
                client.close()
        self.assertEqual(1, sorted(ENSEMBLE.modes().values()).count("leader"))

    def test_election_port_speaks_tls(self):
        peer = handshake(election_port(1), CERTS.server_cert, CERTS.server_key)
        self.assertIn((("commonName", "localhost"),), peer["subject"], "the member presents its ssl.quorum certificate")

    def test_election_port_refuses_an_untrusted_certificate(self):
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            handshake(election_port(2), CERTS.rogue_cert, CERTS.rogue_key)
        self.assertEqual(1, sorted(ENSEMBLE.modes().values()).count("leader"), "the ensemble keeps serving")


if __name__ == "__main__":
    KIND, BINARY, rest = parse_server_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
