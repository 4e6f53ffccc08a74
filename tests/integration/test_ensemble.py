#!/usr/bin/python3
"""Replicated ensembles of real processes, driven by a real client (kazoo).

    python3 test_ensemble.py --kind zooscope --binary build/app/zooscope-server
    python3 test_ensemble.py --kind apache                 # the same checks against Apache ZooKeeper 3.8

- Leader kills: a writer keeps writing through the ensemble while the leader is SIGKILLed and restarted, several
  times; the ensemble keeps serving, and afterwards every write the client saw acknowledged is present, with the
  same data, on every member (each read directly after a sync).
- A minority refuses: with a majority of members down, the survivor stops serving and no write succeeds.
- An observer serves reads and writes, never votes, and keeps serving through a leader change.
- Sessions are ensemble-wide: a client whose member dies moves to another one and keeps its session, its ephemeral
  node and its watch; when the session expires, its ephemeral disappears from every member.
"""

import os
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkensemble  # noqa: E402
import zkserver  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "differential"))
import jute_client  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import KazooException  # noqa: E402
from kazoo.retry import KazooRetry  # noqa: E402

KIND = None
BINARY = None
WAIT = 30.0


def wait_until(condition, timeout=WAIT, interval=0.02):
    return zkserver.wait_until(condition, timeout, interval)


def answers_isro(member, expected):
    """True once the member answers isro with `expected`. A member changing its role closes the
    connections it has open, a four-letter word's too: that reads as "not yet"."""
    try:
        return zkserver.four_letter_word(member.host, member.port, "isro") == expected
    except OSError:
        return False


class EnsembleTestCase(unittest.TestCase):
    VOTERS = 3

    def setUp(self):
        self.ensemble = zkensemble.ZkEnsemble(KIND, self.VOTERS, binary=BINARY)
        self.ensemble.start()
        self.addCleanup(self.ensemble.cleanup)

    def client(self, hosts=None, **kwargs):
        kwargs.setdefault("timeout", 10.0)
        retry = KazooRetry(max_tries=-1, delay=0.05, max_delay=0.5, deadline=WAIT)
        c = KazooClient(hosts=hosts or self.ensemble.connect_string, connection_retry=retry, command_retry=retry,
                        **kwargs)
        c.start(timeout=WAIT)
        self.addCleanup(lambda: (c.stop(), c.close()))
        return c


class Writer(threading.Thread):
    """Creates /w/<n> for n = 0, 1, ... and records which writes were acknowledged."""

    def __init__(self, client):
        super().__init__(daemon=True)
        self.client = client
        self.acknowledged = {}
        self.failures = 0
        self.stopping = threading.Event()

    def run(self):
        n = 0
        while not self.stopping.is_set():
            path, data = "/w/%06d" % n, b"value-%d" % n
            try:
                self.client.create(path, data)
                self.acknowledged[path] = data
            except KazooException:
                self.failures += 1  # not acknowledged: may or may not be there
                try:
                    if self.client.exists(path) is not None:
                        # A retried create whose first attempt committed: it is there, so it counts.
                        self.acknowledged[path] = self.client.get(path)[0]
                except KazooException:
                    pass  # still reconnecting: the write stays unacknowledged, as it was
            n += 1

    def stop(self):
        self.stopping.set()
        self.join(WAIT)


class LeaderKillTests(EnsembleTestCase):
    KILLS = 3

    def test_acknowledged_writes_survive_leader_kills(self):
        writer_client = self.client()
        writer_client.ensure_path("/w")
        writer = Writer(writer_client)
        writer.start()
        try:
            for kill in range(self.KILLS):
                before = len(writer.acknowledged)
                self.assertTrue(wait_until(lambda: len(writer.acknowledged) >= before + 20),
                                "writes should keep being acknowledged before kill %d" % kill)
                leader = self.ensemble.leader()
                self.assertIsNotNone(leader, "a leader should serve before kill %d: %r" % (kill, self.ensemble.modes()))
                leader.kill()
                new_leader = self.ensemble.wait_serving(exclude=[leader])
                self.assertIsNot(new_leader, leader)
                at_kill = len(writer.acknowledged)
                self.assertTrue(wait_until(lambda: len(writer.acknowledged) >= at_kill + 20),
                                "the surviving majority should acknowledge writes after kill %d" % kill)
                leader.start()
                self.ensemble.wait_serving()
        finally:
            writer.stop()
        self.assertGreater(len(writer.acknowledged), 100)
        for member in self.ensemble.members:
            reader = self.client(hosts=member.connect_string)
            reader.sync("/w")
            present = set(reader.get_children("/w"))
            missing = [path for path in writer.acknowledged if path[len("/w/"):] not in present]
            self.assertEqual(missing, [], "member %d lacks acknowledged writes" % member.myid)
            for path in list(writer.acknowledged)[:: max(1, len(writer.acknowledged) // 50)]:
                self.assertEqual(reader.get(path)[0], writer.acknowledged[path],
                                 "member %d holds different data for %s" % (member.myid, path))


class FiveMemberLeaderKillTests(LeaderKillTests):
    VOTERS = 5
    KILLS = 2


class ObserverTests(EnsembleTestCase):
    def setUp(self):
        self.ensemble = zkensemble.ZkEnsemble(KIND, 3, binary=BINARY, observers=1)
        self.ensemble.start()
        self.addCleanup(self.ensemble.cleanup)

    def test_observer_serves_and_survives_leader_loss(self):
        observer = self.ensemble.member(4)
        self.assertEqual(observer.mode(), "observer")
        c = self.client(hosts=observer.connect_string)
        for i in range(20):
            c.create("/o%02d" % i, b"v%d" % i)
        leader = self.ensemble.leader()
        leader.kill()
        self.ensemble.wait_serving(exclude=[leader])
        self.assertEqual(observer.mode(), "observer", "an observer never becomes a voter")
        c.create("/after", b"x")
        for member in self.ensemble.running():
            reader = self.client(hosts=member.connect_string)
            reader.sync("/")
            self.assertEqual(len([n for n in reader.get_children("/") if n.startswith("o")]), 20,
                             "member %d should hold every write made through the observer" % member.myid)
            self.assertIsNotNone(reader.exists("/after"))


class ReadOnlyTests(EnsembleTestCase):
    """readonlymode.enabled: a member without a quorum serves read-only sessions. Apache ZooKeeper reads
    it as a Java system property; ZooScope reads the same name from zoo.cfg. As Apache ZooKeeper 3.8 does,
    a read-only member opens new sessions only as local sessions (localSessionsEnabled), and a global
    session from before, which it cannot revalidate without a leader, is closed."""

    def setUp(self):
        self.ensemble = zkensemble.ZkEnsemble(KIND, 3, binary=BINARY,
                                              extra_cfg={"readonlymode.enabled": "true", "localSessionsEnabled": "true"},
                                              jvm_flags=["-Dreadonlymode.enabled=true"])
        self.ensemble.start()
        self.addCleanup(self.ensemble.cleanup)

    def test_minority_member_serves_read_only_sessions(self):
        from kazoo.exceptions import NotReadOnlyCallError
        writer = self.client()
        writer.create("/ro-data", b"before")
        leader = self.ensemble.leader()
        survivor, other = [m for m in self.ensemble.members if m is not leader]
        leader.kill()
        other.kill()
        self.assertTrue(wait_until(lambda: answers_isro(survivor, "ro")),
                        "a member that lost its quorum should report isro = ro")
        # Apache answers isro = ro a little before its read-only server accepts sessions: keep retrying.
        reader = KazooClient(hosts=survivor.connect_string, read_only=True, timeout=4.0,
                             connection_retry=KazooRetry(max_tries=-1, delay=0.1, max_delay=0.5))
        reader.start(timeout=WAIT)
        self.addCleanup(lambda: (reader.stop(), reader.close()))
        self.assertEqual(reader.client_state, "CONNECTED_RO", "the session is a read-only one")
        self.assertEqual(reader.get("/ro-data")[0], b"before", "a read-only session reads what the member has")
        with self.assertRaises(NotReadOnlyCallError, msg="writes are refused in read-only mode"):
            reader.create("/ro-write", b"x")
        plain = KazooClient(hosts=survivor.connect_string, timeout=2.0)
        self.addCleanup(lambda: (plain.stop(), plain.close()))
        with self.assertRaises(Exception, msg="a client that did not ask for read-only gets no session"):
            plain.start(timeout=3.0)



class MinorityTests(EnsembleTestCase):
    def test_minority_refuses_writes(self):
        leader = self.ensemble.leader()
        followers = [m for m in self.ensemble.members if m is not leader]
        survivor = followers[0]
        c = self.client(hosts=survivor.connect_string)
        c.create("/before", b"x")
        leader.kill()
        followers[1].kill()
        self.assertTrue(wait_until(lambda: survivor.mode() is None),
                        "a member without a quorum should stop serving, srvr says %r" % survivor.mode())
        attempt = KazooClient(hosts=survivor.connect_string, timeout=2.0)
        self.addCleanup(lambda: (attempt.stop(), attempt.close()))
        with self.assertRaises(Exception, msg="no session (and so no write) without a quorum"):
            attempt.start(timeout=3.0)
            attempt.create("/minority", b"x")
        # The majority comes back and the write that was acknowledged before is still there.
        leader.start()
        self.ensemble.wait_serving()
        self.assertTrue(wait_until(lambda: c.connected), "the client should reconnect once a quorum is back")
        self.assertEqual(c.get("/before")[0], b"x")
        self.assertIsNone(c.exists("/minority"))


class SessionTests(EnsembleTestCase):
    def test_session_ephemeral_and_watch_survive_member_loss(self):
        first = self.ensemble.members[0]
        others = ",".join(m.connect_string for m in self.ensemble.members[1:])
        # Connect to the first member only, then let the client fail over to the others.
        c = self.client(hosts=first.connect_string + "," + others, randomize_hosts=False)
        self.assertTrue(wait_until(lambda: c._connection._socket is not None))
        session = c.client_id
        c.create("/eph", b"mine", ephemeral=True)
        c.create("/watched", b"0")
        fired = threading.Event()
        c.get("/watched", watch=lambda event: fired.set())
        connected_to = c._connection._socket.getpeername()[1]
        owner = next(m for m in self.ensemble.members if m.port == connected_to)
        owner.kill()
        if owner is self.ensemble.leader() or self.ensemble.leader() is None:
            self.ensemble.wait_serving(exclude=[owner])
        self.assertTrue(wait_until(lambda: c.connected and c._connection._socket is not None
                                   and c._connection._socket.getpeername()[1] != connected_to),
                        "the client should reconnect to another member")
        self.assertEqual(c.client_id, session, "the session should survive its member's death")
        self.assertEqual(c.get("/eph")[0], b"mine", "the session's ephemeral should survive")
        other = self.client()
        other.set("/watched", b"1")
        self.assertTrue(fired.wait(WAIT), "the watch should be re-registered on the new member and fire")

    def test_write_through_the_member_a_session_left_is_refused_as_moved(self):
        leader = self.ensemble.leader()
        first, second = [m for m in self.ensemble.members if m is not leader]
        old = jute_client.JuteClient(first.host, first.port)
        self.addCleanup(old.close)
        created = old.connect(session_timeout=10000)
        self.assertNotIn("closed", created)
        reply, _ = old.create("/owned-%d" % first.myid, b"x")
        self.assertEqual(reply["err"], 0, "the session writes through its first member")
        # The same session resumes on another member, while its first connection is still open.
        moved = jute_client.JuteClient(second.host, second.port)
        self.addCleanup(moved.close)
        resumed = moved.connect(session_timeout=10000, session_id=old.session_id, passwd=old.passwd)
        self.assertEqual(resumed["sessionId"], old.session_id, "the session resumes on the other member")
        reply, _ = moved.create("/moved-%d" % second.myid, b"x")
        self.assertEqual(reply["err"], 0, "the session writes through its new member")
        # ZooKeeper's SessionTrackerImpl.checkSession: the old member's request is refused with SessionMoved.
        outcomes = []
        def old_write_refused():
            try:
                answer, _ = old.create("/stale-%d" % time.monotonic_ns(), b"x")
                outcomes.append(answer["err"])
            except jute_client.ConnectionClosed:
                outcomes.append("closed")
            except OSError as e:
                outcomes.append(repr(e))
            return outcomes[-1] == "closed"
        # ZooKeeper's FinalRequestProcessor treats SessionMoved as a connection-level error: it closes it.
        self.assertTrue(wait_until(old_write_refused, timeout=10),
                        "the member the session left should close its connection on the next write, got %r"
                        % outcomes)

    def test_expired_session_ephemeral_disappears_everywhere(self):
        # The client reaches a follower through a proxy; cutting the proxy silences it, and the leader (not
        # the follower it used) expires the session, once, for the whole ensemble.
        from test_kazoo_scenario import TcpProxy
        leader = self.ensemble.leader()
        follower = next(m for m in self.ensemble.members if m is not leader)
        proxy = TcpProxy(follower.host, follower.port)
        self.addCleanup(proxy.close)
        c = KazooClient(hosts=proxy.connect_string, timeout=1.0)
        c.start(timeout=WAIT)
        self.addCleanup(lambda: (c.stop(), c.close()))
        c.create("/gone", b"x", ephemeral=True)
        owner = c.client_id[0]
        readers = [self.client(hosts=m.connect_string) for m in self.ensemble.members]
        for reader in readers:
            reader.sync("/")
            self.assertEqual(reader.exists("/gone").ephemeralOwner, owner)
        proxy.cut()
        for reader, member in zip(readers, self.ensemble.members):
            self.assertTrue(wait_until(lambda: reader.exists("/gone") is None),
                            "member %d should drop the expired session's ephemeral" % member.myid)


def main():
    global KIND, BINARY
    KIND, BINARY, rest = zkserver.parse_server_args()
    return zkserver.run_unittests(rest)


if __name__ == "__main__":
    sys.exit(main())
