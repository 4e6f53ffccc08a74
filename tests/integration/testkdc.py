#!/usr/bin/python3
"""A throwaway Kerberos realm for integration tests: MIT krb5kdc on 127.0.0.1 with its database in a temp dir.

Library use::

    from testkdc import TestKdc
    with TestKdc() as kdc:                         # realm EXAMPLE.COM
        kdc.add_principal("zookeeper/localhost")
        kdc.export_keytab("zookeeper/localhost", kdc.path("zk.keytab"))
        env = kdc.environment(ccache=kdc.path("client.cc"))   # KRB5_CONFIG, KRB5CCNAME for children
        kdc.kinit_with_keytab("alice", keytab, ccache)

Command-line use (prints the krb5.conf path and serves until Ctrl-C)::

    python3 testkdc.py serve

The realm lives in one temp dir: krb5.conf (for clients, Java via -Djava.security.krb5.conf too), kdc.conf,
the database with its stash file, and the keytabs callers export. Nothing outside it is read or written: the
tools get KRB5_CONFIG and KRB5_KDC_PROFILE pointing there. krb5kdc runs in the foreground (-n) on a free port
of 127.0.0.1 for UDP and TCP (kdc_listen / kdc_tcp_listen, which replace kdc_ports / kdc_tcp_ports); it is
ready when it answers an AS request (kinit of a principal that exists), polled until a 20 s deadline. stop()
signals only the process group of the krb5kdc it started.

Needs Debian's krb5-kdc, krb5-admin-server (kadmin.local) and krb5-user (kinit).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkserver  # noqa: E402  (free_port, parent-death signal)

KRB5KDC = "/usr/sbin/krb5kdc"
KDB5_UTIL = "/usr/sbin/kdb5_util"
KADMIN_LOCAL = "/usr/sbin/kadmin.local"
KINIT = "/usr/bin/kinit"
KDESTROY = "/usr/bin/kdestroy"
READY_TIMEOUT = 20.0

KRB5_CONF = """[libdefaults]
    default_realm = %(realm)s
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    ignore_acceptor_hostname = false
    forwardable = true
    udp_preference_limit = 1

[realms]
    %(realm)s = {
        kdc = 127.0.0.1:%(port)d
    }

[domain_realm]
    localhost = %(realm)s
"""

KDC_CONF = """[kdcdefaults]
    kdc_listen = 127.0.0.1:%(port)d
    kdc_tcp_listen = 127.0.0.1:%(port)d

[realms]
    %(realm)s = {
        database_name = %(dir)s/principal
        key_stash_file = %(dir)s/stash
        acl_file = %(dir)s/kadm5.acl
        admin_keytab = %(dir)s/kadm5.keytab
        max_life = 1h
        max_renewable_life = 1h
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
    }

[logging]
    kdc = FILE:%(dir)s/krb5kdc.log
"""


class TestKdcError(RuntimeError):
    pass


class TestKdc:
    def __init__(self, realm="EXAMPLE.COM"):
        self.realm = realm
        self.dir = None
        self.port = None
        self.process = None

    def path(self, name):
        return os.path.join(self.dir, name)

    @property
    def krb5_conf(self):
        return self.path("krb5.conf")

    def environment(self, ccache=None, base=None):
        """An environment for Kerberos tools and clients of this realm (copy of `base` or os.environ)."""
        env = dict(os.environ if base is None else base)
        env["KRB5_CONFIG"] = self.krb5_conf
        env["KRB5_KDC_PROFILE"] = self.path("kdc.conf")
        env.pop("KRB5_KTNAME", None)
        if ccache:
            env["KRB5CCNAME"] = "FILE:" + ccache
        else:
            env.pop("KRB5CCNAME", None)
        return env

    def _run(self, command, env=None, check=True):
        result = subprocess.run(command, env=env or self.environment(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
        if check and result.returncode != 0:
            raise TestKdcError("%s failed (%d): %s" % (" ".join(command), result.returncode, result.stdout))
        return result

    def kadmin(self, query):
        return self._run([KADMIN_LOCAL, "-r", self.realm, "-q", query]).stdout

    def add_principal(self, name):
        """A principal with a random key (use export_keytab to log in as it)."""
        output = self.kadmin("addprinc -randkey %s" % name)
        if "created" not in output:
            raise TestKdcError("kadmin.local did not create %s: %s" % (name, output))

    def export_keytab(self, name, keytab):
        # -norandkey keeps the key, so several keytabs of one principal stay valid together.
        self.kadmin("ktadd -k %s -norandkey %s" % (keytab, name))
        if not os.path.isfile(keytab):
            raise TestKdcError("kadmin.local wrote no keytab %s" % keytab)
        return keytab

    def kinit_with_keytab(self, name, keytab, ccache):
        """Gets a ticket-granting ticket for `name` into the file credential cache `ccache`."""
        self._run([KINIT, "-k", "-t", keytab, self.qualified(name)], env=self.environment(ccache=ccache))
        return ccache

    def qualified(self, name):
        return name if "@" in name else "%s@%s" % (name, self.realm)

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="zk-testkdc-")
        for attempt in range(3):
            self.port = zkserver.free_port()
            values = {"realm": self.realm, "port": self.port, "dir": self.dir}
            with open(self.krb5_conf, "w") as f:
                f.write(KRB5_CONF % values)
            with open(self.path("kdc.conf"), "w") as f:
                f.write(KDC_CONF % values)
            if attempt == 0:
                with open(self.path("kadm5.acl"), "w") as f:
                    f.write("")
                # -W: no strong random wait; the master key is throwaway.
                self._run([KDB5_UTIL, "-r", self.realm, "create", "-s", "-W", "-P", "test-master-key"])
                self.add_principal("testkdc-probe")
                self.export_keytab("testkdc-probe", self.path("probe.keytab"))
            self._spawn()
            if self._wait_ready():
                return self
            self.stop_process()
        raise TestKdcError("krb5kdc did not serve on 127.0.0.1 (log: %s)" % self.log())

    def _spawn(self):
        self.log_file = open(self.path("krb5kdc.stdout"), "w")
        self.process = subprocess.Popen([KRB5KDC, "-n", "-r", self.realm], env=self.environment(),
                                        stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        start_new_session=True, preexec_fn=zkserver._set_parent_death_signal)

    def _wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT
        probe_cache = self.path("probe.cc")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            result = self._run([KINIT, "-k", "-t", self.path("probe.keytab"), self.qualified("testkdc-probe")],
                               env=self.environment(ccache=probe_cache), check=False)
            if result.returncode == 0:
                return True
            time.sleep(0.1)  # the polling interval: the KDC is another process, kinit is the only probe
        return False

    def log(self):
        text = ""
        for name in ("krb5kdc.stdout", "krb5kdc.log"):
            try:
                with open(self.path(name)) as f:
                    text += f.read()[-4000:]
            except OSError:
                pass
        return text

    def stop_process(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        self.log_file.close()

    def stop(self):
        self.stop_process()
        if self.dir and not os.environ.get("ZK_KEEP_TMP"):
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        self.stop()


def main(argv):
    if argv[1:] != ["serve"]:
        print(__doc__)
        return 2
    with TestKdc() as kdc:
        print("realm %s on 127.0.0.1:%d, KRB5_CONFIG=%s" % (kdc.realm, kdc.port, kdc.krb5_conf), flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
