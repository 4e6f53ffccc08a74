#!/usr/bin/python3
"""Local sessions (localSessionsEnabled=true) on a 3-member ensemble, through a follower.

    python3 test_local_sessions.py --kind zooscope --binary build/app/zooscope-server
    python3 test_local_sessions.py --kind apache                 # the same checks against Apache ZooKeeper 3.8

Without upgrading (localSessionsUpgradingEnabled=false): opening and closing a session costs no transaction (the
leader's zxid does not move), the session writes persistent nodes, another member does not know it (a client moving
there finds it expired), and an ephemeral node is refused with EphemeralOnLocalSession.
With upgrading: the first ephemeral makes the session global (one createSession transaction), every member sees
the node owned by that session, and closing the session removes it everywhere.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkensemble  # noqa: E402
import zkserver  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "differential"))
import jute_client  # noqa: E402

KIND = None
BINARY = None
WAIT = 30.0
EPHEMERAL_ON_LOCAL_SESSION = -120


def wait_until(condition, timeout=WAIT, interval=0.05):
    return zkserver.wait_until(condition, timeout, interval)


def leader_zxid(ensemble):
    reply = zkserver.four_letter_word(ensemble.leader().host, ensemble.leader().port, "srvr")
    for line in reply.splitlines():
        if line.startswith("Zxid: "):
            return int(line[len("Zxid: "):], 16)
    raise AssertionError("srvr of the leader has no Zxid line: %r" % reply)


class LocalSessionsCase(unittest.TestCase):
    UPGRADING = False

    def setUp(self):
        self.ensemble = zkensemble.ZkEnsemble(KIND, 3, binary=BINARY, extra_cfg={
            "localSessionsEnabled": "true",
            "localSessionsUpgradingEnabled": "true" if self.UPGRADING else "false"})
        self.ensemble.start()
        self.addCleanup(self.ensemble.cleanup)
        leader = self.ensemble.leader()
        self.follower, self.other = [m for m in self.ensemble.members if m is not leader][:2]

    def session(self, member, **kwargs):
        client = jute_client.JuteClient(member.host, member.port)
        self.addCleanup(client.close)
        response = client.connect(**kwargs)
        return client, response

    def ok(self, call, what):
        reply, _ = call
        self.assertEqual(reply["err"], 0, "%s should succeed: %r" % (what, reply))
        return reply

    def read_from(self, member, path):
        """(reply of exists) on `member` after a sync, from a fresh session there."""
        reader, _ = self.session(member)
        self.ok(reader.sync(path), "sync on member %d" % member.myid)
        reply, _ = reader.exists(path)
        return reply


class WithoutUpgrading(LocalSessionsCase):
    def test_local_session_lives_on_its_member_only(self):
        before = leader_zxid(self.ensemble)
        client, response = self.session(self.follower)
        self.assertNotEqual(response.get("sessionId", 0), 0, "the follower should open a session: %r" % response)
        self.assertEqual(leader_zxid(self.ensemble), before, "a local session costs no transaction")

        self.ok(client.create("/made-by-local", b"x"), "a persistent create from a local session")
        self.assertEqual(self.read_from(self.other, "/made-by-local")["err"], 0,
                         "the node should be on every member")
        reply, _ = client.create("/eph", b"", flags=jute_client.EPHEMERAL)
        self.assertEqual(reply["err"], EPHEMERAL_ON_LOCAL_SESSION,
                         "an ephemeral from a local session without upgrading: EphemeralOnLocalSession")

        _, moved = self.session(self.other, session_id=client.session_id, passwd=client.passwd)
        self.assertTrue("closed" in moved or moved["timeOut"] == 0,
                        "another member does not know a local session: expired or closed, got %r" % moved)

        after_create = leader_zxid(self.ensemble)
        self.ok(client.call(jute_client.OP_CLOSE_SESSION), "closing the local session")
        self.assertEqual(leader_zxid(self.ensemble), after_create, "closing a local session costs no transaction")


class WithUpgrading(LocalSessionsCase):
    UPGRADING = True

    def test_ephemeral_upgrades_the_session(self):
        client, response = self.session(self.follower)
        session_id = response["sessionId"]
        before = leader_zxid(self.ensemble)
        self.ok(client.create("/eph", b"", flags=jute_client.EPHEMERAL), "an ephemeral from a local session")
        self.assertEqual(leader_zxid(self.ensemble), before + 2,
                         "upgrading is one createSession transaction, then the create")
        on_other = self.read_from(self.other, "/eph")
        self.assertEqual(on_other["err"], 0, "the ephemeral should be on every member")
        self.assertEqual(on_other["body"]["stat"]["ephemeralOwner"], session_id,
                         "the ephemeral is owned by the upgraded session")
        self.ok(client.call(jute_client.OP_CLOSE_SESSION), "closing the upgraded session")
        self.assertTrue(wait_until(lambda: self.read_from(self.other, "/eph")["err"] != 0),
                        "closing the global session should remove its ephemeral everywhere")


def main():
    global KIND, BINARY
    KIND, BINARY, rest = zkserver.parse_server_args()
    return zkserver.run_unittests(rest)


if __name__ == "__main__":
    sys.exit(main())
