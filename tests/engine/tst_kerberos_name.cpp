// The sasl id Apache ZooKeeper grants a Kerberos principal (KerberosName, DEFAULT rule, the
// zookeeper.kerberos.remove*FromPrincipal switches), krb5.conf's default realm, and keytab principals.

#include "server/KerberosKeytab.h"
#include "server/KerberosName.h"

#include <QTest>
#include <QtEndian>

using namespace zooscope::server;

namespace {

// One keytab entry (version 0x0502 layout) for `components` in `realm`, with a dummy key.
QByteArray keytabEntry(const QByteArray &realm, const QList<QByteArray> &components)
{
    auto counted = [](const QByteArray &text) {
        QByteArray bytes(2, '\0');
        qToBigEndian<quint16>(quint16(text.size()), bytes.data());
        return bytes + text;
    };
    QByteArray entry(2, '\0');
    qToBigEndian<quint16>(quint16(components.size()), entry.data());
    entry += counted(realm);
    for (const QByteArray &component : components)
        entry += counted(component);
    entry += QByteArray("\0\0\0\1", 4);                              // name type KRB5_NT_PRINCIPAL
    entry += QByteArray("\x60\0\0\0", 4);                            // timestamp
    entry += '\1';                                                   // key version
    entry += QByteArray("\0\x12", 2) + counted(QByteArray(32, 'k')); // aes256 key
    entry += QByteArray("\0\0\0\1", 4);                              // 32-bit key version
    QByteArray size(4, '\0');
    qToBigEndian<qint32>(qint32(entry.size()), size.data());
    return size + entry;
}

QByteArray hole(qint32 length)
{
    QByteArray size(4, '\0');
    qToBigEndian<qint32>(-length, size.data());
    return size + QByteArray(length, '\0');
}

} // namespace

class TestKerberosName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saslIdOfPrincipal_data()
    {
        QTest::addColumn<QByteArray>("principal");
        QTest::addColumn<bool>("removeHost");
        QTest::addColumn<bool>("removeRealm");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("user, defaults") << QByteArray("alice@EXAMPLE.COM") << false << false
                                        << QByteArray("alice@EXAMPLE.COM");
        QTest::newRow("user, realm removed") << QByteArray("alice@EXAMPLE.COM") << false << true << QByteArray("alice");
        QTest::newRow("host-based, defaults")
            << QByteArray("batch/node1@EXAMPLE.COM") << false << false << QByteArray("batch/node1@EXAMPLE.COM");
        QTest::newRow("host-based, host removed")
            << QByteArray("batch/node1@EXAMPLE.COM") << true << false << QByteArray("batch@EXAMPLE.COM");
        QTest::newRow("host-based, both removed")
            << QByteArray("batch/node1@EXAMPLE.COM") << true << true << QByteArray("batch");
        QTest::newRow("other realm matches no rule")
            << QByteArray("alice/h@OTHER.ORG") << true << true << QByteArray("alice/h@OTHER.ORG");
        QTest::newRow("DIGEST-MD5 user") << QByteArray("bob") << true << true << QByteArray("bob");
        QTest::newRow("not a Kerberos name")
            << QByteArray("a/b/c@EXAMPLE.COM") << true << true << QByteArray("a/b/c@EXAMPLE.COM");
    }
    void saslIdOfPrincipal()
    {
        QFETCH(QByteArray, principal);
        QFETCH(bool, removeHost);
        QFETCH(bool, removeRealm);
        QFETCH(QByteArray, expected);
        const KerberosNameRules rules{"EXAMPLE.COM", removeHost, removeRealm};
        QCOMPARE(saslIdForPrincipal(principal, rules), expected);
    }

    void defaultRealmOfKrb5Conf_data()
    {
        QTest::addColumn<QByteArray>("krb5Conf");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("libdefaults") << QByteArray("[libdefaults]\n  default_realm = EXAMPLE.COM\n  rdns = false\n")
                                     << QByteArray("EXAMPLE.COM");
        QTest::newRow("after realms, comments")
            << QByteArray("# test realm\n[realms]\n EXAMPLE.ORG = {\n  default_realm = WRONG\n }\n"
                          "[libdefaults]\n; note\n default_realm=EXAMPLE.ORG\n")
            << QByteArray("EXAMPLE.ORG");
        QTest::newRow("other section only") << QByteArray("[realms]\n default_realm = WRONG\n") << QByteArray();
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }
    void defaultRealmOfKrb5Conf()
    {
        QFETCH(QByteArray, krb5Conf);
        QFETCH(QByteArray, expected);
        QCOMPARE(krb5DefaultRealm(krb5Conf), expected);
    }

    void keytabPrincipals_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("error");
        const QByteArray version("\x05\x02", 2);
        QTest::newRow("service and user")
            << version + keytabEntry("EXAMPLE.COM", {"zookeeper", "localhost"}) + keytabEntry("EXAMPLE.COM", {"alice"})
            << QStringList{"zookeeper/localhost@EXAMPLE.COM", "alice@EXAMPLE.COM"} << QString();
        QTest::newRow("deleted entry skipped, end marker")
            << version + hole(12) + keytabEntry("R", {"a"}) + QByteArray(4, '\0') + QByteArray("junk")
            << QStringList{"a@R"} << QString();
        QTest::newRow("empty keytab") << version << QStringList{} << QString();
        QTest::newRow("not a keytab") << QByteArray("[libdefaults]\n") << QStringList{}
                                      << QStringLiteral("not a keytab of version 0x0502");
        QTest::newRow("truncated entry") << version + keytabEntry("R", {"a"}).left(10) << QStringList{}
                                         << QStringLiteral("an entry at byte 2 runs past the end of the file");
    }
    void keytabPrincipals()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QStringList, expected);
        QFETCH(QString, error);
        QString found;
        const std::optional<QStringList> principals = zooscope::server::keytabPrincipals(contents, &found);
        QCOMPARE(found, error);
        QCOMPARE(principals.has_value(), error.isEmpty());
        if (principals)
            QCOMPARE(*principals, expected);
    }

    void keytabHoldsPrincipal_data()
    {
        QTest::addColumn<QString>("principal");
        QTest::addColumn<bool>("held");
        QTest::newRow("exact") << QStringLiteral("zookeeper/localhost@EXAMPLE.COM") << true;
        QTest::newRow("without realm") << QStringLiteral("zookeeper/localhost") << true;
        QTest::newRow("other realm") << QStringLiteral("zookeeper/localhost@OTHER.ORG") << false;
        QTest::newRow("other host") << QStringLiteral("zookeeper/node1") << false;
    }
    void keytabHoldsPrincipal()
    {
        QFETCH(QString, principal);
        QFETCH(bool, held);
        const QStringList principals{"alice@EXAMPLE.COM", "zookeeper/localhost@EXAMPLE.COM"};
        QCOMPARE(keytabHolds(principals, principal), held);
    }
};

QTEST_GUILESS_MAIN(TestKerberosName)
#include "tst_kerberos_name.moc"
