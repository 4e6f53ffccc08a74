// libFuzzer target: arbitrary bytes from several clients into the sans-IO server.
// The first byte of each chunk picks a connection (or opens, closes, or advances time), so the
// fuzzer explores framing, the connect handshake, every request decoder and the write path.

#include "server/ZooKeeperService.h"

#include <QHostAddress>

#include <cstdint>
#include <cstring>

using namespace zooscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    server::ServerConfig config;
    config.tickTimeMs = 100;
    config.fourLetterWordWhitelist = {"*"};
    config.extendedTypesEnabled = true;
    config.juteMaxBuffer = 4096;
    qint64 now = 1'700'000'000'000;
    std::size_t bytesSent = 0;
    server::ServiceCallbacks callbacks{
        [&bytesSent](server::ConnectionId, const QByteArray &bytes) { bytesSent += std::size_t(bytes.size()); },
        [](server::ConnectionId) {},
        [](const QString &) {},
        [](const QString &) {},
        [](server::ConnectionId) {},
    };
    server::ServiceClock clock{[&now] { return now; }, [&now] { return now; }};
    server::ZooKeeperService service(config, callbacks, clock);
    const QHostAddress peer(QStringLiteral("127.0.0.1"));
    for (server::ConnectionId id = 1; id <= 3; ++id)
        service.connectionOpened(id, peer);

    std::size_t offset = 0;
    while (offset < size) {
        const std::uint8_t control = data[offset++];
        const std::size_t chunk = std::min<std::size_t>(size - offset, 1 + (control >> 3));
        const server::ConnectionId connection = 1 + (control & 3) % 3;
        switch (control & 4 ? (control >> 6) : 3) {
        case 0:
            service.connectionClosed(connection);
            service.connectionOpened(connection, peer);
            break;
        case 1:
            now += 50 * (1 + (control & 3));
            service.tick();
            break;
        default:
            service.dataReceived(connection, reinterpret_cast<const char *>(data + offset), qsizetype(chunk));
            offset += chunk;
            break;
        }
    }
    return 0;
}
