// Benchmark (not a test): opens a node with 200,000 children in the real main window against a real
// server and reports the time to the first rows, the time to all rows, and the longest stall of the
// UI event loop (targets: first rows within 1 s, no stall over 100 ms).
//
//   bench_huge_children [--server zooscope|apache|both] [--children N]

#include "ConnectionTab.h"
#include "MainWindow.h"
#include "TestServers.h"
#include "UiTestSupport.h"
#include "ZNodeFilterProxyModel.h"
#include "ZNodeTreeModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTreeView>

#include <cstdio>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using namespace zooscope::ui;

namespace {

// Creates parent and its children with a bounded number of requests in flight.
bool createChildren(ZooKeeperClient &client, const QString &parent, int count)
{
    const auto root = AWAIT(CreateResult, client.create(parent, {}, openAclUnsafe(), CreateMode::Persistent, done));
    if (!root || !(root->ok() || root->error == ErrorCode::NodeExists))
        return false;
    const auto existing = AWAIT(std::int32_t, client.getAllChildrenNumber(parent, done));
    if (existing && existing->ok() && existing->value >= count)
        return true;
    int sent = 0, replies = 0, failures = 0;
    constexpr int Window = 2000;
    QElapsedTimer progress;
    progress.start();
    while (replies < count) {
        while (sent < count && sent - replies < Window) {
            client.create(parent + QStringLiteral("/child-%1").arg(sent, 6, 10, QLatin1Char('0')), {}, openAclUnsafe(),
                          CreateMode::Persistent, [&](const Result<CreateResult> &result) {
                              ++replies;
                              if (!result.ok() && result.error != ErrorCode::NodeExists)
                                  ++failures;
                          });
            ++sent;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (progress.elapsed() > 5000) {
            std::printf("  ... %d / %d children created\n", replies, count);
            std::fflush(stdout);
            progress.restart();
        }
    }
    return failures == 0;
}

struct Measurement
{
    qint64 firstRowsMs = -1;
    qint64 autoRowsMs = -1;          // the rows inserted without asking (AutoRowLimit)
    qint64 openingStallMs = 0;       // longest stall from expand until those rows are in
    qint64 allRowsMs = -1;           // every row, by scrolling to the end again and again
    qint64 scrollingStallMs = 0;     // longest stall while scrolling loads the rest
};

Measurement measure(const QString &connectString, const QString &parent, int count)
{
    Measurement result;
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    ConnectionTab *tab = window.openConnection({.name = "bench", .connectString = connectString});
    if (!QTest::qWaitFor([&] { return tab->treeModel()->indexOf(parent).isValid(); }, 30000))
        return result;
    const QModelIndex sourceIndex = tab->treeModel()->indexOf(parent);

    // A 1 ms ticker: the gap between ticks is how long the event loop was busy elsewhere.
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setInterval(1);
    qint64 *stall = &result.openingStallMs;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        *stall = std::max(*stall, sinceTick.elapsed());
        sinceTick.restart();
    });

    QElapsedTimer clock;
    clock.start();
    sinceTick.start();
    ticker.start();
    tab->treeView()->expand(tab->proxyModel()->mapFromSource(sourceIndex));
    const bool firstRows = QTest::qWaitFor([&] { return tab->treeModel()->rowCount(sourceIndex) > 0; }, 60000);
    if (firstRows)
        result.firstRowsMs = clock.elapsed();
    const int autoRows = std::min(count, ZNodeTreeModel::AutoRowLimit);
    if (QTest::qWaitFor([&] { return !tab->treeModel()->isLoading(sourceIndex) &&
                                     tab->treeModel()->rowCount(sourceIndex) >= autoRows; }, 60000))
        result.autoRowsMs = clock.elapsed();
    QTest::qWait(200); // let the view settle before the next phase
    stall = &result.scrollingStallMs;
    sinceTick.restart();
    // The user drags the scroll bar to the end until every child is listed.
    QScrollBar *scrollBar = tab->treeView()->verticalScrollBar();
    if (QTest::qWaitFor(
            [&] {
                scrollBar->setValue(scrollBar->maximum());
                return tab->treeModel()->rowCount(sourceIndex) >= count;
            },
            300000))
        result.allRowsMs = clock.elapsed();
    ticker.stop();
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("Opens a node with many children in the studio and measures responsiveness.");
    parser.addHelpOption();
    parser.addOption({"server", "zooscope, apache or both (default both).", "kind", "both"});
    parser.addOption({"children", "Number of children (default 200000).", "count", "200000"});
    parser.process(application);
    const int count = parser.value("children").toInt();
    QStringList kinds = parser.value("server") == QLatin1String("both") ? TestServers::kinds()
                                                                         : QStringList{parser.value("server")};
    QTemporaryDir settingsDir;
    isolateSettings(settingsDir);

    int exitCode = 0;
    for (const QString &kind : kinds) {
        ServerProcess server(kind, QStringLiteral(ZOOSCOPE_SERVER_BINARY));
        QString problem = server.unavailableReason();
        if (problem.isEmpty() && server.start(&problem))
            server.waitUntilReady(60000, &problem);
        if (!problem.isEmpty()) {
            std::printf("%s: server unavailable: %s\n", qPrintable(kind), qPrintable(problem));
            exitCode = 1;
            continue;
        }
        QString error;
        auto client = connectedClient(server.connectString(), &error);
        if (!client) {
            std::printf("%s: %s\n", qPrintable(kind), qPrintable(error));
            exitCode = 1;
            continue;
        }
        std::printf("%s: creating %d children under /bench ...\n", qPrintable(kind), count);
        std::fflush(stdout);
        QElapsedTimer setup;
        setup.start();
        if (!createChildren(*client, QStringLiteral("/bench"), count)) {
            std::printf("%s: creating the children failed\n", qPrintable(kind));
            exitCode = 1;
            continue;
        }
        std::printf("%s: created in %lld ms\n", qPrintable(kind), setup.elapsed());
        {
            // The client alone: how long the UI thread is busy receiving and decoding the child list.
            QElapsedTimer sinceTick, clock;
            qint64 clientStall = 0;
            QTimer ticker;
            ticker.setInterval(1);
            QObject::connect(&ticker, &QTimer::timeout, [&] {
                clientStall = std::max(clientStall, sinceTick.elapsed());
                sinceTick.restart();
            });
            clock.start();
            sinceTick.start();
            ticker.start();
            const auto listed = AWAIT(ChildrenResult, client->getChildren2("/bench", Watch::No, done));
            ticker.stop();
            std::printf("%s: client alone: getChildren2 of %lld children in %lld ms, longest event-loop stall %lld ms\n",
                        qPrintable(kind), listed ? qint64(listed->value.children.size()) : -1LL, clock.elapsed(),
                        clientStall);
        }
        client.reset();
        const Measurement measured = measure(server.connectString(), QStringLiteral("/bench"), count);
        std::printf("%s: %d children: first rows after %lld ms; %d rows after %lld ms with a longest event-loop "
                    "stall of %lld ms (targets: first rows <= 1000 ms, stall <= 100 ms); scrolling to the end until "
                    "all rows are listed: %lld ms, longest stall %lld ms\n",
                    qPrintable(kind), count, measured.firstRowsMs, std::min(count, ZNodeTreeModel::AutoRowLimit),
                    measured.autoRowsMs, measured.openingStallMs, measured.allRowsMs, measured.scrollingStallMs);
        std::fflush(stdout);
        server.stop();
    }
    return exitCode;
}
