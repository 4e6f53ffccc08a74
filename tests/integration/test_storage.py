#!/usr/bin/python3
"""Durable storage against real peers: Apache ZooKeeper 3.8 reads ZooScope's data directory and
ZooScope reads Apache's; sessions and ephemerals survive a restart; acknowledged writes survive
SIGKILL; a torn log tail is truncated; an unrecoverable directory stops the server with a message.

Run: test_storage.py --binary build/app/zooscope-server
"""
import argparse
import glob
import os
import shutil
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from zkserver import ZkServer  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.security import make_digest_acl  # noqa: E402

BINARY = None


def wait_for(condition, timeout=20.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # polling interval: these conditions have no notification to wait on
    raise AssertionError("timed out after %.0f s waiting for %s" % (timeout, message))


def client(server, timeout=10.0, **kwargs):
    zk = KazooClient(hosts=server.connect_string, timeout=timeout, **kwargs)
    zk.start(timeout=20)
    return zk


def dump_tree(zk, root="/"):
    """path -> (data, stat tuple, acl list) for every node outside /zookeeper."""
    result = {}
    pending = [root]
    while pending:
        path = pending.pop()
        if path == "/zookeeper":
            continue
        data, stat = zk.get(path)
        acls, _ = zk.get_acls(path)
        result[path] = (data, tuple(stat), sorted((a.perms, a.id.scheme, a.id.id) for a in acls))
        for child in zk.get_children(path):
            pending.append(path.rstrip("/") + "/" + child)
    return result


def populate(zk):
    zk.create("/app", b"root")
    zk.create("/app/config", b'{"feature": true}')
    zk.set("/app/config", b'{"feature": false}')
    for index in range(20):
        zk.create("/app/queue/item-", b"%d" % index, sequence=True, makepath=True)
    zk.delete("/app/queue/item-0000000003")
    zk.create("/app/secret", b"s", acl=[make_digest_acl("alice", "pw", all=True)])
    zk.create("/app/empty", b"")
    transaction = zk.transaction()
    transaction.create("/app/multi-a", b"a")
    transaction.set_data("/app/config", b"v3")
    transaction.commit()


def data_dir_of(server):
    return server.data_dir


class StorageTest(unittest.TestCase):
    def transplant(self, source, target):
        """Copies source's data directory over target's (both stopped)."""
        shutil.rmtree(target.data_dir)
        shutil.copytree(source.data_dir, target.data_dir)

    def check_reads_other_servers_data(self, writer_kind, reader_kind):
        # A small snapCount: the writer snapshots (with its tree digest) several times while populating.
        writer = ZkServer(writer_kind, binary=BINARY if writer_kind == "zooscope" else None,
                          extra_cfg={"snapCount": "10"})
        reader = ZkServer(reader_kind, binary=BINARY if reader_kind == "zooscope" else None)
        try:
            writer.start()
            zk = client(writer, auth_data=[("digest", "alice:pw")])
            populate(zk)
            expected = dump_tree(zk)
            zk.stop()
            zk.close()
            writer.stop()
            reader.start()
            reader.stop()
            self.transplant(writer, reader)
            reader.start()
            zk = client(reader, auth_data=[("digest", "alice:pw")])
            actual = dump_tree(zk)
            zk.stop()
            zk.close()
            self.assertEqual(sorted(expected), sorted(actual),
                             "%s must serve exactly the paths %s wrote" % (reader_kind, writer_kind))
            for path in expected:
                self.assertEqual(expected[path], actual[path],
                                 "node %s: data, Stat and ACL written by %s must read back the same from %s"
                                 % (path, writer_kind, reader_kind))
            # Both compare the tree digest a snapshot recorded with the tree they restored.
            if reader_kind == "apache":
                mntr = dict(line.split("\t", 1) for line in reader.four_letter_word("mntr").splitlines() if "\t" in line)
                self.assertEqual(mntr.get("zk_digest_mismatches_count"), "0",
                                 "Apache must find the digests in ZooScope's snapshots matching")
            else:
                self.assertNotIn("Digest mismatch", reader.logs(2000000),
                                 "ZooScope must find the digests in Apache's snapshots matching")
        finally:
            writer.cleanup()
            reader.cleanup()

    def test_apache_reads_zooscope_data_directory(self):
        self.check_reads_other_servers_data("zooscope", "apache")

    def test_zooscope_reads_apache_data_directory(self):
        self.check_reads_other_servers_data("apache", "zooscope")

    def test_restart_keeps_live_session_and_its_ephemerals(self):
        with ZkServer("zooscope", binary=BINARY) as server:
            zk = client(server, timeout=20.0)
            zk.create("/eph", b"mine", ephemeral=True)
            session_before = zk.client_id[0]
            server.stop()
            server.start()
            wait_for(lambda: zk.connected, message="the client to reconnect after the restart")
            self.assertEqual(session_before, zk.client_id[0], "the client must keep its session across a restart")
            data, stat = zk.get("/eph")
            self.assertEqual(b"mine", data)
            self.assertEqual(session_before, stat.ephemeralOwner, "the ephemeral must still belong to the session")
            zk.stop()
            zk.close()

    def test_acknowledged_writes_survive_sigkill(self):
        with ZkServer("zooscope", binary=BINARY) as server:
            acknowledged = {}
            for round_index in range(3):
                zk = client(server, timeout=10.0)
                zk.ensure_path("/crash")
                stop = threading.Event()
                failures = []

                def writer():
                    index = 0
                    while not stop.is_set():
                        path = "/crash/r%d-%05d" % (round_index, index)
                        try:
                            _, stat = zk.create(path, b"v%d" % index, include_data=True)
                            acknowledged[path] = (b"v%d" % index, tuple(stat))
                        except Exception as error:  # the server dies mid-request: unacknowledged
                            failures.append(error)
                            return
                        index += 1

                thread = threading.Thread(target=writer)
                thread.start()
                wait_for(lambda: len(acknowledged) >= 150 * (round_index + 1), message="writes to be acknowledged")
                server.kill()
                stop.set()
                thread.join(timeout=30)
                zk.stop()
                zk.close()
                server.start()
                check = client(server)
                for path, (data, stat) in acknowledged.items():
                    got_data, got_stat = check.get(path)
                    self.assertEqual(data, got_data, "acknowledged write %s lost its data after SIGKILL" % path)
                    self.assertEqual(stat, tuple(got_stat), "acknowledged write %s changed its Stat after SIGKILL" % path)
                check.stop()
                check.close()

    def test_torn_log_tail_is_truncated_and_reported(self):
        with ZkServer("zooscope", binary=BINARY) as server:
            zk = client(server)
            for index in range(10):
                zk.create("/torn-%d" % index, b"x")
            # Killed while the client is still connected: the create of /torn-9 is the last entry.
            server.kill()
            zk.stop()
            zk.close()
            logs = sorted(glob.glob(os.path.join(server.data_dir, "version-2", "log.*")), key=os.path.getmtime)
            newest = logs[-1]
            size = os.path.getsize(newest)
            with open(newest, "r+b") as log:
                content = log.read()
                end = content.rstrip(b"\0")
                # Cut the last entry in half, as a crash in the middle of a write would.
                log.seek(len(end) - 20)
                log.write(b"\0" * 20)
            server.start()
            check = client(server)
            present = [index for index in range(10) if check.exists("/torn-%d" % index)]
            check.stop()
            check.close()
            self.assertEqual(list(range(9)), present, "all but the torn last write must be present")
            self.assertIn("truncated there", server.logs(), "the server must log where it truncated the log")
            self.assertIn(os.path.basename(newest), server.logs(), "the log line must name the file")
            self.assertLessEqual(os.path.getsize(newest), size)

    def test_unrecoverable_data_directory_stops_with_a_message(self):
        server = ZkServer("zooscope", binary=BINARY)
        try:
            server.start()
            zk = client(server)
            zk.create("/x", b"1")
            zk.stop()
            zk.close()
            server.stop()
            version_dir = os.path.join(server.data_dir, "version-2")
            for snapshot in glob.glob(os.path.join(version_dir, "snapshot.*")):
                with open(snapshot, "r+b") as handle:
                    handle.seek(20)
                    handle.write(b"\xff\xff\xff\xff")
            for log in glob.glob(os.path.join(version_dir, "log.*")):
                if os.path.basename(log) == "log.1":
                    os.remove(log)
            with self.assertRaises(Exception, msg="a server that cannot recover must not start"):
                server.startup_timeout = 10
                server.start()
            self.assertIn("cannot", server.logs().lower(), "the server must say why it cannot start")
        finally:
            server.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    BINARY = args.binary
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
