#!/usr/bin/python3
"""Start an ensemble of ZooKeeper-compatible servers on loopback for integration tests.

Library use::

    from zkensemble import ZkEnsemble
    with ZkEnsemble("zooscope", 3, binary=path) as ensemble:     # or ZkEnsemble("apache", 3)
        client = KazooClient(hosts=ensemble.connect_string)
        leader = ensemble.leader()
        leader.kill(); ensemble.wait_serving(exclude=[leader])

Each member is a zkserver.ZkServer with its own temp dir, myid file and a zoo.cfg holding every member's
server.N=127.0.0.1:quorumPort:electionPort line (plus ':observer' for observers), tickTime=200. A member is "up"
once it answers ``srvr`` at all (a member looking for a leader says it is not serving); the ensemble is serving
once every running member reports Mode leader, follower or observer and exactly one reports leader.
"""

import os
import tempfile
import time

from zkserver import ZkServer, ZkServerError, free_port, four_letter_word, standard_cfg


class EnsembleMember(ZkServer):
    """One member: ports and zoo.cfg are chosen by the ensemble before anything starts."""

    def __init__(self, kind, myid, cfg_text, port, binary=None, **kwargs):
        super().__init__(kind, binary=binary, **kwargs)
        self.myid = myid
        self._cfg_text = cfg_text
        self.port = port

    def start(self):
        if self.is_running():
            raise ZkServerError("member %d already running" % self.myid)
        if self.tmp_dir is None:
            self.tmp_dir = tempfile.mkdtemp(prefix="zkensemble-%s-%d-" % (self.kind, self.myid))
            self.data_dir = os.path.join(self.tmp_dir, "data")
            os.makedirs(self.data_dir)
            self.cfg_path = os.path.join(self.tmp_dir, "zoo.cfg")
            self.stdout_path = os.path.join(self.tmp_dir, "server.stdout")
            self.stderr_path = os.path.join(self.tmp_dir, "server.stderr")
            with open(self.cfg_path, "w") as f:
                f.write(self._cfg_text.replace("@DATA_DIR@", self.data_dir))
            with open(os.path.join(self.data_dir, "myid"), "w") as f:
                f.write("%d\n" % self.myid)
        self._spawn()
        try:
            self.wait_ready()
        except BaseException:
            self.kill()
            raise
        return self

    def wait_ready(self, timeout=None):
        """Up: the process answers srvr, serving or not."""
        deadline = time.monotonic() + (timeout or self.startup_timeout)
        last = "no attempt yet"
        while True:
            if self.proc.poll() is not None:
                self.dump_logs()
                raise ZkServerError("member %d exited with code %s (%s)" % (self.myid, self.proc.returncode,
                                                                            self.tmp_dir))
            try:
                reply = four_letter_word(self.host, self.port, "srvr", timeout=1.0)
                if "Mode:" in reply or "not currently serving" in reply:
                    return
                last = "srvr reply: %r" % reply[:200]
            except OSError as e:
                last = "srvr failed: %s" % e
            if time.monotonic() >= deadline:
                self.dump_logs()
                raise ZkServerError("member %d not up within the deadline; last: %s" % (self.myid, last))
            time.sleep(0.05)

    def mode(self):
        """'leader', 'follower', 'observer', 'standalone', or None (not serving or not reachable)."""
        if not self.is_running():
            return None
        try:
            reply = four_letter_word(self.host, self.port, "srvr", timeout=1.0)
        except OSError:
            return None
        for line in reply.splitlines():
            if line.startswith("Mode: "):
                return line[len("Mode: "):].strip()
        return None


class ZkEnsemble:
    def __init__(self, kind, voters, binary=None, observers=0, extra_cfg=None, startup_timeout=60.0, jvm_flags=None,
                 client_ports_in_server_lines=False):
        """client_ports_in_server_lines: write server.N=...;127.0.0.1:clientPort, as dynamic reconfiguration
        needs (a configuration then says where every member serves clients)."""
        self.kind = kind
        self.binary = binary
        self.members = []
        self._extra_cfg = extra_cfg
        self._startup_timeout = startup_timeout
        self._jvm_flags = jvm_flags
        self._client_ports_in_server_lines = client_ports_in_server_lines
        count = voters + observers
        ports = [(free_port(), free_port(), free_port()) for _ in range(count)]
        server_lines = {}
        for index, (client, quorum, election) in enumerate(ports):
            myid = index + 1
            role = ":observer" if index >= voters else ""
            server_lines["server.%d" % myid] = self._server_value(quorum, election, role, client)
        self.server_lines = server_lines
        for index, (client, quorum, election) in enumerate(ports):
            extra = dict(server_lines)
            if index >= voters:
                extra["peerType"] = "observer"
            if extra_cfg:
                extra.update(extra_cfg)
            cfg_text = standard_cfg(client, "@DATA_DIR@", extra)
            self.members.append(EnsembleMember(kind, index + 1, cfg_text, client, binary=binary,
                                               startup_timeout=startup_timeout, jvm_flags=jvm_flags))

    def _server_value(self, quorum, election, role, client):
        value = "127.0.0.1:%d:%d%s" % (quorum, election, role)
        if self._client_ports_in_server_lines:
            value += ";127.0.0.1:%d" % client
        return value

    def new_member(self, myid, role=":participant"):
        """A member not in the ensemble yet (for reconfig): its zoo.cfg lists every current member and itself.
        Returns (member, its "server.N=..." entry); the caller starts it and adds it with reconfig."""
        client, quorum, election = free_port(), free_port(), free_port()
        value = self._server_value(quorum, election, role, client)
        extra = dict(self.server_lines)
        extra["server.%d" % myid] = value
        if self._extra_cfg:
            extra.update(self._extra_cfg)
        cfg_text = standard_cfg(client, "@DATA_DIR@", extra)
        member = EnsembleMember(self.kind, myid, cfg_text, client, binary=self.binary,
                                startup_timeout=self._startup_timeout, jvm_flags=self._jvm_flags)
        self.members.append(member)
        return member, "server.%d=%s" % (myid, value)

    @property
    def connect_string(self):
        return ",".join(member.connect_string for member in self.members)

    def member(self, myid):
        return next(member for member in self.members if member.myid == myid)

    def start(self):
        # Spawn everyone first: a member waits for a quorum before it serves.
        for member in self.members:
            member.start()
        self.wait_serving()
        return self

    def running(self):
        return [member for member in self.members if member.is_running()]

    def modes(self):
        return {member.myid: member.mode() for member in self.members}

    def wait_serving(self, timeout=60.0, exclude=()):
        """Until every running member (not in exclude) serves and exactly one leads; returns the leader."""
        deadline = time.monotonic() + timeout
        while True:
            modes = {m.myid: m.mode() for m in self.running() if m not in exclude}
            leaders = [myid for myid, mode in modes.items() if mode == "leader"]
            if modes and all(mode in ("leader", "follower", "observer") for mode in modes.values()) \
                    and len(leaders) == 1:
                return self.member(leaders[0])
            if time.monotonic() >= deadline:
                for m in self.running():
                    m.dump_logs()
                raise ZkServerError("ensemble not serving within %.0f s: %r" % (timeout, modes))
            time.sleep(0.05)

    def leader(self):
        for member in self.running():
            if member.mode() == "leader":
                return member
        return None

    def stop(self):
        for member in self.members:
            member.stop()

    def cleanup(self):
        for member in self.members:
            member.cleanup()

    def dump_logs(self):
        for member in self.members:
            member.dump_logs()

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and not issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            self.dump_logs()
        self.cleanup()
        return False
