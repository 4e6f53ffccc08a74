#pragma once
// Helpers shared by the studio's tests: isolated QSettings, a connected helper client (the "other
// client" that changes data under the studio) and awaiting asynchronous client calls.

#include "TestServers.h"
#include "client/ZooKeeperClient.h"

#include <QCoreApplication>
#include <QMetaEnum>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace zooscope::testing {

constexpr int ReplyTimeoutMs = 15000;

// Points QSettings at a temporary INI file so that tests never read or write the user's settings.
inline void isolateSettings(const QTemporaryDir &directory)
{
    QCoreApplication::setOrganizationName(QStringLiteral("ZooScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("zooscope-tests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory.path());
    QSettings().clear();
}

// Runs `invoke` with a callback and processes events until the callback ran (or the timeout).
template <typename T, typename Invoke> std::optional<client::Result<T>> await(Invoke invoke)
{
    auto slot = std::make_shared<std::optional<client::Result<T>>>();
    invoke(client::Callback<T>([slot](const client::Result<T> &result) { *slot = result; }));
    (void)QTest::qWaitFor([&] { return slot->has_value(); }, ReplyTimeoutMs);
    return *slot;
}
#define AWAIT(Type, call) zooscope::testing::await<Type>([&](zooscope::client::Callback<Type> done) { call; })

// A client with an established session, or nullptr with *error set.
inline std::unique_ptr<client::ZooKeeperClient> connectedClient(const QString &connectString, QString *error)
{
    auto client = std::make_unique<client::ZooKeeperClient>();
    client::ClientOptions options;
    options.sessionTimeoutMs = 10000;
    options.maxPacketLength = 64 * 1024 * 1024;
    if (!client->open(connectString, options)) {
        *error = client->errorString();
        return nullptr;
    }
    if (!QTest::qWaitFor([&] { return client->isConnected(); }, ReplyTimeoutMs)) {
        *error = QStringLiteral("no session with %1 within %2 ms: %3")
                     .arg(connectString)
                     .arg(ReplyTimeoutMs)
                     .arg(client->errorString());
        return nullptr;
    }
    return client;
}

// A client of the test server of `kind`, or nullptr with *error set (also when that server is unavailable).
inline std::unique_ptr<client::ZooKeeperClient> connectedClientOf(TestServers &servers, const QString &kind,
                                                                  QString *error)
{
    if (const QString problem = servers.unavailableReason(kind); !problem.isEmpty()) {
        *error = QStringLiteral("%1 server unavailable: %2").arg(kind, problem);
        return nullptr;
    }
    return connectedClient(servers.server(kind).connectString(), error);
}

inline QString stateName(client::ZooKeeperClient::State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<client::ZooKeeperClient::State>().valueToKey(int(state)));
}

} // namespace zooscope::testing
