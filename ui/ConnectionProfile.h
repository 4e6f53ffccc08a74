#pragma once
// A saved connection: what the connection dialog edits and QSettings keeps. Digest and SASL
// credentials reach the settings file only when the user ticked "remember credentials".

#include <QList>
#include <QMetaType>
#include <QString>

#include "client/ClientTls.h"

class QSettings;

namespace zooscope::ui {

struct ConnectionProfile
{
    QString name{};
    QString connectString = QStringLiteral("127.0.0.1:2181");
    int sessionTimeoutMs = 30000;
    QString digestUser{};
    QString digestPassword{};
    bool rememberCredentials = false;
    bool readOnly = false; // disables every write action in the studio
    // SASL DIGEST-MD5 login (a server with a JAAS Server section), kept like the digest secret.
    QString saslUser{};
    QString saslPassword{};

    bool hasCredentials() const { return !digestUser.isEmpty(); }
    bool hasSaslCredentials() const { return !saslUser.isEmpty(); }
    // TLS to a secure client port; the files are paths (no secrets, so always saved). The CA may be
    // a JKS or PKCS12 trust store, whose password is kept like the digest secret.
    bool tlsEnabled = false;
    QString tlsCaCertificate{};
    QString tlsClientCertificate{};
    QString tlsClientKey{};
    QString tlsCaStorePassword{};

    // What the client library needs for this profile's TLS (disabled unless tlsEnabled).
    client::ClientTlsOptions tlsOptions() const;
    bool operator==(const ConnectionProfile &) const = default;
};

// Reads and writes the profile list under the "profiles" group of the given settings.
class ProfileStore
{
public:
    static QList<ConnectionProfile> load(QSettings &settings);
    static void save(QSettings &settings, const QList<ConnectionProfile> &profiles);

private:
    static void loadSaslCredentials(QSettings &settings, ConnectionProfile &profile);
    static void saveSaslCredentials(QSettings &settings, const ConnectionProfile &profile);
};

} // namespace zooscope::ui

// Profiles travel in QVariant (QSettings, data-driven tests).
Q_DECLARE_METATYPE(zooscope::ui::ConnectionProfile)
