#!/usr/bin/python3
"""Dynamic reconfiguration (reconfigEnabled=true) of a 3-member ensemble, driven by kazoo.

    python3 test_reconfig.py --kind zooscope --binary build/app/zooscope-server
    python3 test_reconfig.py --kind apache                 # the same checks against Apache ZooKeeper 3.8

- /zookeeper/config lists the members as ZooKeeper prints them, with version=0 before any reconfig.
- Only the super user may reconfigure (NoAuth otherwise); a stale version is BadVersion; a malformed server
  entry is BadArguments; a new member list whose quorum is not running is NewConfigNoQuorum — and each leaves
  the configuration as it was.
- A fourth member started with a configuration that lists it joins, is added by reconfig, and serves writes; a
  member is removed; then the leader itself is removed and the rest elect a new one; a client keeps writing.
- A standalone server answers ReconfigDisabled when reconfigEnabled is not set.
"""

import hashlib
import base64
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkensemble  # noqa: E402
import zkserver  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "differential"))
import jute_client  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import (BadArgumentsError, BadVersionError, ConnectionLoss,  # noqa: E402
                              NewConfigNoQuorumError, NoAuthError)
from kazoo.retry import KazooRetry  # noqa: E402

KIND = None
BINARY = None
WAIT = 30.0
SUPER_PASSWORD = "reconfig-secret"
SUPER_DIGEST = "super:" + base64.b64encode(hashlib.sha1(("super:" + SUPER_PASSWORD).encode()).digest()).decode()
RECONFIG_DISABLED = -123


def wait_until(condition, timeout=WAIT, interval=0.05):
    return zkserver.wait_until(condition, timeout, interval)


def config_of(client):
    """(server lines as a dict id -> value, version as an int) of /zookeeper/config, read after a sync."""
    client.sync("/zookeeper/config")
    data, _ = client.get("/zookeeper/config")
    servers, version = {}, None
    for line in data.decode().splitlines():
        if line.startswith("version="):
            version = int(line[len("version="):], 16)
        elif line.startswith("server."):
            key, value = line.split("=", 1)
            servers[int(key[len("server."):])] = value
    return servers, version


def expected_value(entry):
    """What ZooKeeper prints for a server entry given as server.N=host:q:e[:role];address:port."""
    value = entry.split("=", 1)[1]
    spec, client = value.split(";", 1)
    if spec.count(":") == 2:
        spec += ":participant"
    return spec + ";" + client


class ReconfigTest(unittest.TestCase):
    def setUp(self):
        self.ensemble = zkensemble.ZkEnsemble(KIND, 3, binary=BINARY, client_ports_in_server_lines=True,
                                              extra_cfg={"reconfigEnabled": "true",
                                                         "DigestAuthenticationProvider.superDigest": SUPER_DIGEST})
        self.ensemble.start()
        self.addCleanup(self.ensemble.cleanup)

    def client(self, hosts=None, super_user=False):
        retry = KazooRetry(max_tries=-1, delay=0.05, max_delay=0.5, deadline=WAIT)
        c = KazooClient(hosts=hosts or self.ensemble.connect_string, timeout=10.0, connection_retry=retry,
                        command_retry=retry)
        c.start(timeout=WAIT)
        self.addCleanup(lambda: (c.stop(), c.close()))
        if super_user:
            c.add_auth("digest", "super:" + SUPER_PASSWORD)
        return c

    def test_refused_reconfigs_change_nothing(self):
        anyone = self.client()
        admin = self.client(super_user=True)
        servers, version = config_of(admin)
        leader_epoch_zxid = (admin.get("/zookeeper/config")[1].mzxid >> 32) << 32
        self.assertEqual(version & 0xffffffff, 0,
                         "a configuration from zoo.cfg takes the version epoch << 32 of the first leadership "
                         "(got %x, node mzxid epoch %x)" % (version, leader_epoch_zxid))
        self.assertGreater(version, 0, "the version should be set once the ensemble serves")
        self.assertEqual(servers, {myid: expected_value("server.%d=%s" % (myid, value))
                                   for myid, value in ((int(k[7:]), v) for k, v in self.ensemble.server_lines.items())},
                         "/zookeeper/config should list the three members as ZooKeeper prints them")
        with self.assertRaises(NoAuthError, msg="only the super user may reconfigure"):
            anyone.reconfig(joining=None, leaving="3", new_members=None)
        # ZooKeeper checks the request before the caller's rights.
        with self.assertRaises(BadVersionError, msg="a stale version is reported before the missing rights"):
            anyone.reconfig(joining=None, leaving="3", new_members=None, from_config=12345)
        with self.assertRaises(BadVersionError, msg="a reconfig from a version that is not the current one"):
            admin.reconfig(joining=None, leaving="3", new_members=None, from_config=12345)
        with self.assertRaises(BadArgumentsError, msg="a server entry that is not host:port:port"):
            admin.reconfig(joining="server.9=nonsense", leaving=None, new_members=None)
        first = self.ensemble.server_lines["server.1"]
        nobody = ",".join("server.%d=127.0.0.1:%d:%d;127.0.0.1:%d" % (sid, zkserver.free_port(), zkserver.free_port(),
                                                                         zkserver.free_port()) for sid in (8, 9))
        with self.assertRaises(NewConfigNoQuorumError, msg="two of three new voters are not running"):
            admin.reconfig(joining=None, leaving=None, new_members="server.1=%s,%s" % (first, nobody))
        self.assertEqual(config_of(admin), (servers, version), "refused reconfigs must leave the configuration alone")

    def test_join_remove_and_remove_the_leader(self):
        leader = self.ensemble.leader()
        removed = next(m for m in (1, 2, 3) if m != leader.myid)
        # Not through the member being removed: its clients lose their connection.
        admin = self.client(hosts=",".join(self.ensemble.member(m).connect_string for m in (1, 2, 3) if m != removed),
                            super_user=True)
        admin.create("/r", b"")
        joiner, entry = self.ensemble.new_member(4)
        joiner.start()
        data, stat = admin.reconfig(joining=entry, leaving=None, new_members=None)
        servers, version = config_of(admin)
        self.assertEqual(sorted(servers), [1, 2, 3, 4], "member 4 should be in the new configuration")
        self.assertEqual(servers[4], expected_value(entry))
        self.assertEqual(version, stat.mzxid, "the new version is the zxid of the reconfig")
        self.assertIn(b"server.4=", data, "reconfig answers with the new configuration")
        through_joiner = self.client(hosts=joiner.connect_string)
        through_joiner.create("/r/via-4", b"4")
        self.assertEqual(config_of(through_joiner)[1], version, "the new member sees the new configuration")

        _, stat = admin.reconfig(joining=None, leaving=str(removed), new_members=None, from_config=version)
        servers, version = config_of(admin)
        remaining = sorted({1, 2, 3, 4} - {removed})
        self.assertEqual(sorted(servers), remaining, "member %d should be gone" % removed)
        admin.create("/r/after-removal", b"")

        leader = self.ensemble.leader()
        self.assertIsNotNone(leader)
        survivors = [m for m in remaining if m != leader.myid]
        # A client on a member that stays, so the leader's departure only costs it a reconnect.
        stayer = self.client(hosts=",".join(self.ensemble.member(m).connect_string for m in survivors),
                             super_user=True)
        try:
            stayer.reconfig(joining=None, leaving=str(leader.myid), new_members=None)
        except ConnectionLoss:
            pass  # its member may switch leaders before the reply leaves: the configuration below tells

        def new_leader():
            modes = {m: self.ensemble.member(m).mode() for m in survivors}
            return "leader" in modes.values() and all(mode in ("leader", "follower") for mode in modes.values())
        self.assertTrue(wait_until(new_leader), "members %r should elect a leader among themselves" % survivors)
        stayer.create("/r/after-leader-removal", b"")
        servers, _ = config_of(stayer)
        self.assertEqual(sorted(servers), sorted(survivors), "only the survivors remain")
        self.assertEqual(sorted(stayer.get_children("/r")), ["after-leader-removal", "after-removal", "via-4"])


class ReconfigDisabledTest(unittest.TestCase):
    def test_standalone_without_reconfig_enabled(self):
        with zkserver.ZkServer(KIND, binary=BINARY) as server:
            client = jute_client.JuteClient(server.host, server.port)
            self.addCleanup(client.close)
            client.connect()
            reply, _ = client.call(jute_client.OP_RECONFIG, jute_client.req_reconfig("", "1", "", -1))
            self.assertEqual(reply["err"], RECONFIG_DISABLED, "reconfig without reconfigEnabled: ReconfigDisabled")


def main():
    global KIND, BINARY
    KIND, BINARY, rest = zkserver.parse_server_args()
    return zkserver.run_unittests(rest)


if __name__ == "__main__":
    sys.exit(main())
