#!/usr/bin/python3
"""Test certificates made with the ``openssl`` command line at test time (nothing checked in).

    certs = make_certificates(directory)
    certs.ca_cert            # PEM, the trusted CA
    certs.server_pem         # PEM key store: server certificate (127.0.0.1, localhost) + its private key
    certs.server_cert, certs.server_key
    certs.client_cert, certs.client_key, certs.client_pem     # signed by the CA, subject CLIENT_SUBJECT
    certs.other_cert, certs.other_key                         # a second client of the same CA, OTHER_SUBJECT
    certs.root_cert, certs.root_key, certs.root_pem           # a third, ROOT_SUBJECT (for the x509 super user)
    certs.rogue_ca_cert, certs.rogue_cert, certs.rogue_key     # an untrusted CA and a client it signed
    certs.server_p12 (password P12_PASSWORD), certs.encrypted_server_pem (password PEM_PASSWORD)

make_java_stores(certs) adds stores made by Java's keytool, as real deployments have them (password
JAVA_STORE_PASSWORD): certs.server_jks (JKS private key entry: the server certificate, its key and the CA) and
certs.truststore_p12 (PKCS12 of certificates only, the CA, by keytool -importcert).

Keys are RSA 2048 in PKCS#8 PEM, which both Java (Apache ZooKeeper's PEM stores) and OpenSSL read.
The subjects' RFC 2253 spellings (Java's X500Principal.getName()) are given as *_ID.
"""

import os
import subprocess

OPENSSL = "/usr/bin/openssl"
# Java prints emailAddress by OID with the DER value in hex, and escapes ",<>" (checked with X500Principal).
CLIENT_SUBJECT = "/C=CN/O=ZooScope Tests/OU=Classroom/CN=alice/emailAddress=alice@example.org"
CLIENT_ID = ("1.2.840.113549.1.9.1=#1611616c696365406578616d706c652e6f7267,"
             "CN=alice,OU=Classroom,O=ZooScope Tests,C=CN")
OTHER_SUBJECT = "/O=ZooScope Tests/CN=bob\\, jr. <b>"
OTHER_ID = "CN=bob\\, jr. \\<b\\>,O=ZooScope Tests"
ROOT_SUBJECT = "/O=ZooScope Tests/CN=root"
ROOT_ID = "CN=root,O=ZooScope Tests"
P12_PASSWORD = "p12-secret"
PEM_PASSWORD = "pem-secret"
JAVA_STORE_PASSWORD = "jks-secret"
KEYTOOL = "/usr/bin/keytool"


class Certificates:
    def __init__(self, directory):
        self.directory = directory

    def path(self, name):
        return os.path.join(self.directory, name)


def _run(*args, cwd=None):
    result = subprocess.run([OPENSSL] + list(args), cwd=cwd, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (" ".join(args), result.stderr))


def _make_ca(directory, name, subject):
    _run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", subject,
         "-keyout", name + ".key", "-out", name + ".crt",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
         cwd=directory)


def _make_leaf(directory, name, subject, ca, extensions):
    ext_file = os.path.join(directory, name + ".ext")
    with open(ext_file, "w") as f:
        f.write("basicConstraints=CA:FALSE\n" + extensions + "\n")
    _run("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + ".key", "-out", name + ".csr",
         cwd=directory)
    _run("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
         "-days", "2", "-extfile", ext_file, "-out", name + ".crt", cwd=directory)
    with open(os.path.join(directory, name + ".pem"), "w") as pem:
        for part in (name + ".crt", name + ".key"):
            with open(os.path.join(directory, part)) as f:
                pem.write(f.read())


def make_certificates(directory):
    os.makedirs(directory, exist_ok=True)
    _make_ca(directory, "ca", "/O=ZooScope Tests/CN=ZooScope Test CA")
    _make_ca(directory, "rogue-ca", "/O=Somebody Else/CN=Untrusted CA")
    _make_leaf(directory, "server", "/O=ZooScope Tests/CN=localhost", "ca",
               "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth")
    _make_leaf(directory, "client", CLIENT_SUBJECT, "ca", "extendedKeyUsage=clientAuth")
    _make_leaf(directory, "other", OTHER_SUBJECT, "ca", "extendedKeyUsage=clientAuth")
    _make_leaf(directory, "root", ROOT_SUBJECT, "ca", "extendedKeyUsage=clientAuth")
    _make_leaf(directory, "rogue", "/O=Somebody Else/CN=mallory", "rogue-ca", "extendedKeyUsage=clientAuth")
    _run("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-certfile", "ca.crt",
         "-passout", "pass:" + P12_PASSWORD, "-out", "server.p12", cwd=directory)
    _run("pkcs8", "-topk8", "-in", "server.key", "-v2", "aes-256-cbc", "-passout", "pass:" + PEM_PASSWORD,
         "-out", "server-encrypted.key", cwd=directory)
    with open(os.path.join(directory, "server-encrypted.pem"), "w") as pem:
        for part in ("server.crt", "server-encrypted.key"):
            with open(os.path.join(directory, part)) as f:
                pem.write(f.read())
    certs = Certificates(directory)
    for attribute, name in (("ca_cert", "ca.crt"), ("rogue_ca_cert", "rogue-ca.crt"),
                            ("server_cert", "server.crt"), ("server_key", "server.key"), ("server_pem", "server.pem"),
                            ("client_cert", "client.crt"), ("client_key", "client.key"), ("client_pem", "client.pem"),
                            ("other_cert", "other.crt"), ("other_key", "other.key"),
                            ("root_cert", "root.crt"), ("root_key", "root.key"), ("root_pem", "root.pem"),
                            ("rogue_cert", "rogue.crt"), ("rogue_key", "rogue.key"),
                            ("server_p12", "server.p12"), ("encrypted_server_pem", "server-encrypted.pem")):
        setattr(certs, attribute, os.path.join(directory, name))
    return certs


def _keytool(*args, cwd=None):
    result = subprocess.run([KEYTOOL] + list(args), cwd=cwd, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError("keytool %s failed: %s%s" % (" ".join(args), result.stdout, result.stderr))


def make_java_stores(certs):
    password = JAVA_STORE_PASSWORD
    _keytool("-importkeystore", "-noprompt", "-srckeystore", "server.p12", "-srcstoretype", "PKCS12",
             "-srcstorepass", P12_PASSWORD, "-destkeystore", "server.jks", "-deststoretype", "JKS",
             "-deststorepass", password, "-destkeypass", password, cwd=certs.directory)
    _keytool("-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", "truststore.p12",
             "-storepass", password, "-alias", "ca", "-file", "ca.crt", cwd=certs.directory)
    certs.server_jks = certs.path("server.jks")
    certs.truststore_p12 = certs.path("truststore.p12")
    return certs


if __name__ == "__main__":
    import sys
    make_certificates(sys.argv[1])
    print("certificates written to", sys.argv[1])
