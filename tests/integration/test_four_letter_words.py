#!/usr/bin/python3
"""Four-letter words: ZooScope's output has Apache ZooKeeper 3.8's shape, command by command, and
the tools that parse it (zktop, kazoo's command helper) work. Both servers run in the same test with
the same zoo.cfg and the same client activity; values that legitimately differ (latencies, ports,
session ids, sizes) are normalized.

Run: test_four_letter_words.py --binary build/app/zooscope-server
"""
import argparse
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zkserver import ZkServer, four_letter_word  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402


BINARY = None
SERVERS = {}
CLIENTS = {}


def setUpModule():
    for kind in ("apache", "zooscope"):
        server = ZkServer(kind, binary=BINARY if kind == "zooscope" else None)
        server.start()
        SERVERS[kind] = server
        zk = KazooClient(hosts=server.connect_string)
        zk.start(timeout=20)
        zk.create("/watched", b"x")
        zk.get("/watched", watch=lambda event: None)
        zk.create("/eph", b"", ephemeral=True)
        CLIENTS[kind] = zk


def tearDownModule():
    for zk in CLIENTS.values():
        zk.stop()
        zk.close()
    for server in SERVERS.values():
        server.cleanup()


def run(kind, command):
    server = SERVERS[kind]
    return four_letter_word(server.host, server.port, command)


def keys_of(text, separator):
    return [line.split(separator, 1)[0] for line in text.splitlines() if separator in line]


def normalize(text):
    text = re.sub(r"0x[0-9a-f]+", "0xID", text)
    text = re.sub(r":\d+\[", ":PORT[", text)
    text = re.sub(r"\d+(\.\d+)?", "N", text)
    return text


class FourLetterWordTest(unittest.TestCase):
    def test_ruok_isro_and_whitelist_answers_are_identical(self):
        for command in ("ruok", "isro", "crst", "srst"):
            self.assertEqual(run("apache", command), run("zooscope", command), "'%s' must answer exactly as Apache" % command)

    def test_srvr_has_the_same_lines(self):
        apache, zooscope = run("apache", "srvr"), run("zooscope", "srvr")
        self.assertEqual(keys_of(apache, ":"), keys_of(zooscope, ":"), "srvr must list the same fields in order")
        self.assertRegex(zooscope.splitlines()[0], r"^Zookeeper version: 3\.8\.\d+-", "clients parse the version from srvr")
        self.assertIn("Mode: standalone", zooscope)
        self.assertEqual(re.search(r"Node count: (\d+)", apache).group(1), re.search(r"Node count: (\d+)", zooscope).group(1),
                         "the same tree must report the same node count")

    def test_stat_lists_clients_as_zookeeper_does(self):
        self.assertEqual(normalize(run("apache", "stat")).count("queued=N"), normalize(run("zooscope", "stat")).count("queued=N"))
        zooscope = run("zooscope", "stat")
        self.assertRegex(zooscope, r" /127\.0\.0\.1:\d+\[1\]\(queued=\d+,recved=\d+,sent=\d+\)")

    def test_cons_fields_match(self):
        apache_fields = re.findall(r"([a-z]+)=", run("apache", "cons"))
        zooscope_fields = re.findall(r"([a-z]+)=", run("zooscope", "cons"))
        self.assertEqual(sorted(set(apache_fields)), sorted(set(zooscope_fields)), "cons must report the same fields")

    def test_conf_keys_match(self):
        self.assertEqual(keys_of(run("apache", "conf"), "="), keys_of(run("zooscope", "conf"), "="))

    def test_mntr_keys_are_a_subset_with_the_same_meaning(self):
        apache = dict(line.split("\t", 1) for line in run("apache", "mntr").splitlines())
        zooscope = dict(line.split("\t", 1) for line in run("zooscope", "mntr").splitlines())
        missing = set(zooscope) - set(apache)
        self.assertFalse(missing, "ZooScope must not invent mntr keys: %s" % sorted(missing))
        for key in ("zk_version", "zk_server_state", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
                    "zk_num_alive_connections", "zk_avg_latency", "zk_packets_received", "zk_packets_sent",
                    "zk_approximate_data_size", "zk_open_file_descriptor_count", "zk_max_file_descriptor_count",
                    "zk_outstanding_requests", "zk_global_sessions", "zk_uptime"):
            self.assertIn(key, zooscope, "mntr must report %s (monitoring tools graph it)" % key)
        for key in ("zk_server_state", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count"):
            self.assertEqual(apache[key], zooscope[key], "mntr %s must match Apache for the same activity" % key)

    def test_watch_commands_match(self):
        for command in ("wchs", "wchc", "wchp"):
            self.assertEqual(normalize(run("apache", command)), normalize(run("zooscope", command)),
                             "'%s' must have Apache's format" % command)

    def test_dump_and_envi_and_dirs_shape(self):
        self.assertEqual(keys_of(run("apache", "dirs"), ":"), keys_of(run("zooscope", "dirs"), ":"))
        self.assertTrue(run("zooscope", "envi").startswith("Environment:\nzookeeper.version=3.8."))
        zooscope_dump = run("zooscope", "dump")
        for header in ("SessionTracker dump:", "ephemeral nodes dump:", "Sessions with Ephemerals (1):", "\t/eph",
                       "Connections dump:"):
            self.assertIn(header, zooscope_dump)

    def test_not_whitelisted_command_is_refused_like_zookeeper(self):
        with ZkServer("zooscope", binary=BINARY, extra_cfg=["4lw.commands.whitelist=srvr"]) as restricted:
            self.assertEqual("ruok is not executed because it is not in the whitelist.\n",
                             four_letter_word(restricted.host, restricted.port, "ruok"))

    def test_zktop_parses_stat(self):
        # zktop parses the command line when imported; give it an empty one.
        saved_argv, sys.argv = sys.argv, ["zktop"]
        try:
            import zktop
        finally:
            sys.argv = saved_argv
        for kind in ("apache", "zooscope"):
            parsed = zktop.ZKServer(SERVERS[kind].connect_string, 0)
            self.assertFalse(parsed.unavailable, "zktop must parse %s's stat" % kind)
            self.assertEqual("3.8.0", parsed.version)
            self.assertEqual("standalone", parsed.mode)
            self.assertGreaterEqual(len(parsed.sessions), 1, "zktop must see the client session on %s" % kind)

    def test_kazoo_command_helpers(self):
        zk = CLIENTS["zooscope"]
        self.assertEqual("imok", zk.command(b"ruok"))
        self.assertEqual((3, 8, 0), zk.server_version())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    BINARY = args.binary
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
