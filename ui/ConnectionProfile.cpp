#include "ConnectionProfile.h"

#include <QSettings>

namespace zooscope::ui {

client::ClientTlsOptions ConnectionProfile::tlsOptions() const
{
    client::ClientTlsOptions options;
    options.enabled = tlsEnabled;
    options.caCertificateFile = tlsCaCertificate;
    options.caStorePassword = tlsCaStorePassword;
    options.clientCertificateFile = tlsClientCertificate;
    options.clientKeyFile = tlsClientKey;
    return options;
}

QList<ConnectionProfile> ProfileStore::load(QSettings &settings)
{
    QList<ConnectionProfile> profiles;
    const int count = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile profile;
        profile.name = settings.value(QStringLiteral("name")).toString();
        profile.connectString = settings.value(QStringLiteral("connectString"), profile.connectString).toString();
        profile.sessionTimeoutMs = settings.value(QStringLiteral("sessionTimeoutMs"), profile.sessionTimeoutMs).toInt();
        profile.readOnly = settings.value(QStringLiteral("readOnly"), false).toBool();
        profile.rememberCredentials = settings.value(QStringLiteral("rememberCredentials"), false).toBool();
        profile.tlsEnabled = settings.value(QStringLiteral("tls"), false).toBool();
        profile.tlsCaCertificate = settings.value(QStringLiteral("tlsCaCertificate")).toString();
        profile.tlsClientCertificate = settings.value(QStringLiteral("tlsClientCertificate")).toString();
        profile.tlsClientKey = settings.value(QStringLiteral("tlsClientKey")).toString();
        if (profile.rememberCredentials) {
            profile.digestUser = settings.value(QStringLiteral("digestUser")).toString();
            profile.digestPassword = settings.value(QStringLiteral("digestPassword")).toString();
            profile.tlsCaStorePassword = settings.value(QStringLiteral("tlsCaStorePassword")).toString();
            loadSaslCredentials(settings, profile);
        }
        profiles.append(profile);
    }
    settings.endArray();
    return profiles;
}

void ProfileStore::save(QSettings &settings, const QList<ConnectionProfile> &profiles)
{
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &profile = profiles.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), profile.name);
        settings.setValue(QStringLiteral("connectString"), profile.connectString);
        settings.setValue(QStringLiteral("sessionTimeoutMs"), profile.sessionTimeoutMs);
        settings.setValue(QStringLiteral("readOnly"), profile.readOnly);
        settings.setValue(QStringLiteral("rememberCredentials"), profile.rememberCredentials);
        settings.setValue(QStringLiteral("tls"), profile.tlsEnabled);
        settings.setValue(QStringLiteral("tlsCaCertificate"), profile.tlsCaCertificate);
        settings.setValue(QStringLiteral("tlsClientCertificate"), profile.tlsClientCertificate);
        settings.setValue(QStringLiteral("tlsClientKey"), profile.tlsClientKey);
        // Credentials are written only on request; otherwise they live for this run only.
        if (profile.rememberCredentials) {
            settings.setValue(QStringLiteral("digestUser"), profile.digestUser);
            settings.setValue(QStringLiteral("digestPassword"), profile.digestPassword);
            if (!profile.tlsCaStorePassword.isEmpty())
                settings.setValue(QStringLiteral("tlsCaStorePassword"), profile.tlsCaStorePassword);
            saveSaslCredentials(settings, profile);
        }
    }
    settings.endArray();
}

void ProfileStore::loadSaslCredentials(QSettings &settings, ConnectionProfile &profile)
{
    profile.saslUser = settings.value(QStringLiteral("saslUser")).toString();
    profile.saslPassword = settings.value(QStringLiteral("saslPassword")).toString();
}

void ProfileStore::saveSaslCredentials(QSettings &settings, const ConnectionProfile &profile)
{
    if (!profile.hasSaslCredentials())
        return;
    settings.setValue(QStringLiteral("saslUser"), profile.saslUser);
    settings.setValue(QStringLiteral("saslPassword"), profile.saslPassword);
}

} // namespace zooscope::ui
