#!/usr/bin/python3
"""Quotas against a real server with enforceQuota=true in zoo.cfg (kazoo). Run with --kind apache (the oracle,
Apache ZooKeeper 3.8) and --kind zooscope: every expectation below is the same for both.

Checked: the zookeeper_stats text the server keeps (count and bytes of the subtree, the quota node counted),
that only the deepest quota is updated, a soft limit only logged ("Quota exceeded: ... softByteLimit=..."), mntr's per-namespace quota lines, a
hard count or byte limit refusing create, setData and multi with QUOTAEXCEEDED (-125) and changing nothing
(the refused write still uses a zxid, as every refused write does), and the stats after restarts: replayed from
the log, and rebuilt from the tree for every quota in the snapshot loaded.

Run: test_quotas.py --kind apache | --kind zooscope --binary build/app/zooscope-server [--through follower]
With --through follower the client talks to a follower of a 3-member ensemble (the leader prepares the writes and
logs the warnings); instead of the restarts, every member is then checked to hold the same stats.
"""
import argparse
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zkserver import ZkServer  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import EXCEPTIONS, ZookeeperError  # noqa: E402

KIND = None
BINARY = None
THROUGH = None


class QuotaExceededError(ZookeeperError):
    """kazoo 2.8 has no class for QUOTAEXCEEDED; without one it raises a bare RuntimeError."""


EXCEPTIONS[-125] = QuotaExceededError
QuotaExceededError.code = -125


def limits_text(count=-1, count_hard=-1, byte_soft=-1, byte_hard=-1):
    # What zkCli 3.8's setquota writes: all four keys, the extra ones sorted after "=".
    return ("count=%d,bytes=%d=;byteHardLimit=%d;countHardLimit=%d" % (count, byte_soft, byte_hard, count_hard)).encode()


def set_quota(zk, path, limits):
    """The nodes zkCli's setquota creates (without its ancestor/descendant checks)."""
    zk.ensure_path("/zookeeper/quota" + path)
    zk.create("/zookeeper/quota%s/zookeeper_limits" % path, limits)
    zk.create("/zookeeper/quota%s/zookeeper_stats" % path, b"count=0,bytes=0")


def stats(zk, path):
    return zk.get("/zookeeper/quota%s/zookeeper_stats" % path)[0].decode()


def wait_for(condition, timeout=20.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # the server log has no notification to wait on
    raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, message))


class QuotaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ensemble = None
        if THROUGH:
            import zkensemble
            cls.ensemble = zkensemble.ZkEnsemble(KIND, 3, binary=BINARY, extra_cfg={"enforceQuota": "true"})
            cls.ensemble.start()
            leader = cls.ensemble.wait_serving()
            cls.server = next(m for m in cls.ensemble.members if m is not leader)
        else:
            cls.server = ZkServer(KIND, binary=BINARY, extra_cfg={"enforceQuota": "true"})
            cls.server.start()

    @classmethod
    def tearDownClass(cls):
        servers = cls.ensemble.members if cls.ensemble else [cls.server]
        for server in servers:
            server.stop()
            server.cleanup()

    def connect(self, server=None):
        zk = KazooClient(hosts=(server or self.server).connect_string, timeout=10.0)
        zk.start(timeout=20)
        self.addCleanup(zk.stop)
        return zk

    def logs(self):
        servers = self.ensemble.members if self.ensemble else [self.server]
        return "".join(server.logs(200000) for server in servers)

    def test_quotas(self):
        zk = self.connect()
        zk.create("/app", b"ab")
        zk.create("/app/x", b"123")
        set_quota(zk, "/app", limits_text(count_hard=4, byte_soft=8))
        self.assertEqual(stats(zk, "/app"), "count=2,bytes=5", "stats computed when the stats node is created")
        stat_node_version = zk.exists("/zookeeper/quota/app/zookeeper_stats").version

        zk.create("/app/y", b"abcd")  # 9 bytes: over the soft byte limit, allowed and logged
        self.assertEqual(stats(zk, "/app"), "count=3,bytes=9")
        wait_for(lambda: "Quota exceeded: /app [current bytes=9, softByteLimit=8]" in self.logs(),
                 message="the soft-limit warning in the server log")
        zk.create("/app/z")
        self.assertEqual(stats(zk, "/app"), "count=4,bytes=9")
        self.assertEqual(zk.exists("/zookeeper/quota/app/zookeeper_stats").version, stat_node_version,
                         "the server rewrites the stats node without a new version")

        # A fifth node breaks the hard count limit: refused, nothing changes, a zxid is used.
        before_children = zk.exists("/app")
        with self.assertRaises(QuotaExceededError):
            zk.create("/app/w", b"")
        self.assertIsNone(zk.exists("/app/w"))
        self.assertEqual(stats(zk, "/app"), "count=4,bytes=9")
        after_children = zk.exists("/app")
        self.assertEqual((after_children.cversion, after_children.pzxid, after_children.numChildren),
                         (before_children.cversion, before_children.pzxid, before_children.numChildren))
        marker = zk.create("/marker")
        self.assertEqual(zk.exists(marker).czxid, after_children.pzxid + 2,
                         "the refused create used one zxid (an error transaction)")

        # Inside a multi the whole transaction fails.
        transaction = zk.transaction()
        transaction.set_data("/app", b"ab")
        transaction.create("/app/w", b"")
        results = transaction.commit()
        self.assertIsInstance(results[1], QuotaExceededError, results)
        self.assertIsNone(zk.exists("/app/w"))
        self.assertEqual(stats(zk, "/app"), "count=4,bytes=9")

        # A hard byte limit refuses setData that grows past it; shrinking and equal sizes pass.
        zk.create("/bin", b"12")
        set_quota(zk, "/bin", limits_text(byte_hard=6))
        zk.set("/bin", b"123456")
        with self.assertRaises(QuotaExceededError):
            zk.set("/bin", b"1234567")
        data, stat = zk.get("/bin")
        self.assertEqual((data, stat.version), (b"123456", 1))
        self.assertEqual(stats(zk, "/bin"), "count=1,bytes=6")
        zk.set("/bin", b"1")
        self.assertEqual(stats(zk, "/bin"), "count=1,bytes=1")

        # Deleting updates the stats; deletes are never refused.
        zk.delete("/app/z")
        self.assertEqual(stats(zk, "/app"), "count=3,bytes=9")

        # mntr's per-namespace quota gauges (hard limit when set, else soft) and refusals (counted where the
        # writes are prepared: on the leader, so a follower reports none).
        quota_lines = {}
        for line in self.server.four_letter_word("mntr").splitlines():
            key, _, value = line.partition("\t")
            if "quota" in key:
                quota_lines[key] = value
        expected = {
            "zk_app_quota_bytes_limit_per_namespace": "8", "zk_bin_quota_bytes_limit_per_namespace": "6",
            "zk_app_quota_count_usage_per_namespace": "3", "zk_bin_quota_count_usage_per_namespace": "1",
            "zk_app_quota_count_limit_per_namespace": "4", "zk_bin_quota_count_limit_per_namespace": "-1",
            "zk_app_quota_bytes_usage_per_namespace": "9", "zk_bin_quota_bytes_usage_per_namespace": "1",
        }
        if not self.ensemble:
            expected.update({"zk_app_quota_exceeded_error_per_namespace": "2",
                             "zk_bin_quota_exceeded_error_per_namespace": "1"})
        self.assertEqual(quota_lines, expected)

        # A nested quota (zkCli refuses one, a raw client may make it): only the deepest is updated.
        set_quota(zk, "/app/x", limits_text())
        self.assertEqual(stats(zk, "/app/x"), "count=1,bytes=3")
        zk.create("/app/x/c", b"1")
        self.assertEqual(stats(zk, "/app/x"), "count=2,bytes=4")
        self.assertEqual(stats(zk, "/app"), "count=3,bytes=9", "the outer quota is not updated")

        if self.ensemble:
            # Every member applied the same transactions: the same stats everywhere.
            for member in self.ensemble.members:
                other = self.connect(member)
                other.sync("/")
                self.assertEqual([stats(other, path) for path in ("/app", "/app/x", "/bin")],
                                 ["count=3,bytes=9", "count=2,bytes=4", "count=1,bytes=1"],
                                 "stats on member %d" % member.myid)
            return

        # Restarting replays the log over the snapshot taken at the last start (before any quota existed), so
        # the stats come back as they were; that start's snapshot holds the quotas, and loading a snapshot
        # recomputes the stats of every quota in it from the tree: after a second restart the outer quota
        # counts /app/x/c too.
        zk.stop()
        self.server.restart()
        zk = self.connect()
        self.assertEqual(stats(zk, "/app"), "count=3,bytes=9")
        zk.stop()
        self.server.restart()
        zk = self.connect()
        self.assertEqual(stats(zk, "/app"), "count=4,bytes=10")
        self.assertEqual(stats(zk, "/app/x"), "count=2,bytes=4")
        self.assertEqual(stats(zk, "/bin"), "count=1,bytes=1")
        # Enforcement still uses the rebuilt stats: /app has room for none more (4 of 4).
        with self.assertRaises(QuotaExceededError):
            zk.create("/app/v")
        self.assertIsNone(zk.exists("/app/v"))

        # Removing the limits node ends the quota: writes pass and the stats stay as they were.
        zk.delete("/zookeeper/quota/bin/zookeeper_limits")
        zk.set("/bin", b"123456789")
        self.assertEqual(stats(zk, "/bin"), "count=1,bytes=1")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=("apache", "zooscope"), required=True)
    parser.add_argument("--binary")
    parser.add_argument("--through", choices=("follower",))
    args, rest = parser.parse_known_args()
    KIND, BINARY, THROUGH = args.kind, args.binary, args.through
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
