// Transaction log and snapshot files: round trips, torn tails, corrupt snapshots, recovery.

#include "RandomTransactions.h"
#include "TreeComparison.h"
#include "storage/BackgroundSnapshot.h"
#include "storage/Database.h"
#include "storage/Snapshot.h"
#include "storage/StorageFormat.h"
#include "storage/TransactionLog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace zooscope;
using namespace zooscope::proto;

namespace {
const AclList OpenAcl{{31, {"world", "anyone"}}};

Transaction createAt(std::int64_t zxid, const QByteArray &path, std::int64_t session = 0x99)
{
    Transaction transaction;
    transaction.header = {session, std::int32_t(zxid), zxid, 1000 + zxid, OpCode::Create};
    transaction.body = CreateTxn{path, "data-" + path, OpenAcl, false, -1};
    return transaction;
}

QByteArray entryBytes(const Transaction &transaction)
{
    return serialize(transaction.header) + encodeTxnBody(transaction);
}

bool writeSnapshotOf(const QString &directory, const tree::DataTree &tree,
                     const QHash<std::int64_t, std::int32_t> &sessionTimeouts, QString *error)
{
    return storage::writeSnapshotFile(directory, tree.lastProcessedZxid(), storage::encodeSnapshot(tree, sessionTimeouts),
                                      error);
}
} // namespace

class TestStorage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logRoundTripsAcrossFiles()
    {
        QTemporaryDir directory;
        {
            storage::TransactionLogWriter writer(directory.path(), 4096);
            for (int zxid = 1; zxid <= 5; ++zxid)
                QVERIFY(writer.append(zxid, entryBytes(createAt(zxid, "/n" + QByteArray::number(zxid)))));
            QVERIFY(writer.flush(true));
            writer.roll();
            for (int zxid = 6; zxid <= 8; ++zxid)
                QVERIFY(writer.append(zxid, entryBytes(createAt(zxid, "/n" + QByteArray::number(zxid)))));
            QVERIFY(writer.flush(true));
        }
        QCOMPARE(storage::listLogFiles(directory.path()).size(), size_t(2));
        std::vector<std::int64_t> replayed;
        const auto result = storage::replayTransactionLogs(directory.path(), 3, [&](const Transaction &transaction) {
            replayed.push_back(transaction.header.zxid);
            QCOMPARE(std::get<CreateTxn>(transaction.body).path, "/n" + QByteArray::number(transaction.header.zxid));
        });
        QCOMPARE(replayed, (std::vector<std::int64_t>{4, 5, 6, 7, 8}));
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem));
        QCOMPARE(result.lastZxid, std::int64_t(8));
    }

    void tornTailIsTruncatedAtTheLastValidEntry_data()
    {
        QTest::addColumn<int>("damageFromEnd");
        QTest::addColumn<QByteArray>("replacement");
        QTest::newRow("entry cut short") << 10 << QByteArray(10, '\0');
        QTest::newRow("payload damaged") << 30 << QByteArray("\x7e\x7d\x7c");
        QTest::newRow("missing end byte") << 1 << QByteArray("\x00", 1);
    }
    void tornTailIsTruncatedAtTheLastValidEntry()
    {
        QFETCH(int, damageFromEnd);
        QFETCH(QByteArray, replacement);
        QTemporaryDir directory;
        {
            storage::TransactionLogWriter writer(directory.path(), 1 << 20);
            for (int zxid = 1; zxid <= 3; ++zxid)
                writer.append(zxid, entryBytes(createAt(zxid, "/t" + QByteArray::number(zxid))));
            writer.flush(true);
        }
        const QString path = directory.filePath(storage::logFileName(1));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 validEnd = file.size(); // the writer trimmed preallocation on close
        file.seek(validEnd - damageFromEnd);
        file.write(replacement);
        file.close();
        int count = 0;
        const auto result = storage::replayTransactionLogs(directory.path(), 0, [&](const Transaction &) { ++count; });
        QCOMPARE(count, 2);
        QVERIFY2(result.problem.contains(path), "the report must name the file");
        QVERIFY2(result.problem.contains(QStringLiteral("offset")), "the report must name the offset");
        QVERIFY2(QFileInfo(path).size() < validEnd, "the torn entry must be cut off");
        int again = 0;
        const auto second = storage::replayTransactionLogs(directory.path(), 0, [&](const Transaction &) { ++again; });
        QCOMPARE(again, 2);
        QVERIFY2(second.problem.isEmpty(), "a truncated log must read cleanly afterwards");
    }

    void snapshotRoundTripsTheTree()
    {
        QTemporaryDir directory;
        tree::DataTree original;
        std::vector<tree::Notification> ignored;
        for (int zxid = 1; zxid <= 4; ++zxid)
            original.apply(createAt(zxid, "/s" + QByteArray::number(zxid)), ignored);
        Transaction ephemeral = createAt(5, "/s1/e", 0x77);
        std::get<CreateTxn>(ephemeral.body).ephemeral = true;
        std::get<CreateTxn>(ephemeral.body).acl = {{1, {"digest", "u:abc="}}};
        original.apply(ephemeral, ignored);
        QString error;
        QVERIFY2(writeSnapshotOf(directory.path(), original, {{0x77, 4000}}, &error),
                 qPrintable(error));
        tree::DataTree restored;
        const auto loaded = storage::readSnapshot(directory.filePath(storage::snapshotFileName(5)), restored, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->zxid, std::int64_t(5));
        QCOMPARE(loaded->sessionTimeouts.value(0x77), 4000);
        QCOMPARE(restored.nodeCount(), original.nodeCount());
        const QString difference = testing::firstDifference(original, restored);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(restored.digest(), original.digest());
        QCOMPARE(restored.ephemeralsOf(0x77).size(), 1);
    }

    void corruptNewestSnapshotFallsBackToAnOlderOne()
    {
        QTemporaryDir directory;
        const QString versionDirectory = storage::versionDirectory(directory.path());
        QDir().mkpath(versionDirectory);
        tree::DataTree tree;
        std::vector<tree::Notification> ignored;
        tree.apply(createAt(1, "/a"), ignored);
        QVERIFY(writeSnapshotOf(versionDirectory, tree, {}, nullptr));
        {
            storage::TransactionLogWriter writer(versionDirectory, 4096);
            writer.append(1, entryBytes(createAt(1, "/a")));
            writer.append(2, entryBytes(createAt(2, "/b")));
            writer.flush(true);
        }
        tree.apply(createAt(2, "/b"), ignored);
        QVERIFY(writeSnapshotOf(versionDirectory, tree, {}, nullptr));
        QFile newest(versionDirectory + QLatin1Char('/') + storage::snapshotFileName(2));
        QVERIFY(newest.open(QIODevice::ReadWrite));
        newest.seek(40);
        newest.write("garbage!");
        newest.close();

        storage::Database database({directory.path(), {}, 100, 4096, true, 3}, [](std::int64_t) {});
        tree::DataTree restored;
        const auto result = database.restore(restored);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY2(result.snapshotUsed.endsWith(storage::snapshotFileName(1)), "the older snapshot must be used");
        QVERIFY2(restored.find("/a") && restored.find("/b"), "the logs must bring the older snapshot up to date");
        QCOMPARE(result.lastZxid, std::int64_t(2));
    }

    void refusesAnUnrecoverableDirectory()
    {
        QTemporaryDir directory;
        const QString versionDirectory = storage::versionDirectory(directory.path());
        QDir().mkpath(versionDirectory);
        {
            storage::TransactionLogWriter writer(versionDirectory, 4096);
            writer.append(50, entryBytes(createAt(50, "/late")));
            writer.flush(true);
        }
        storage::Database database({directory.path(), {}, 100, 4096, true, 3}, [](std::int64_t) {});
        tree::DataTree restored;
        const auto result = database.restore(restored);
        QVERIFY2(!result.ok, "logs that do not start at the beginning, without a snapshot, must not load");
        QVERIFY2(result.error.contains(versionDirectory), qPrintable(result.error));
    }

    void purgeKeepsTheNewestSnapshotsAndTheLogsTheyNeed()
    {
        QTemporaryDir directory;
        const QString versionDirectory = storage::versionDirectory(directory.path());
        QDir().mkpath(versionDirectory);
        tree::DataTree tree;
        std::vector<tree::Notification> ignored;
        // Five snapshots at zxid 10, 20, ..., 50 and a log starting after each.
        for (int round = 1; round <= 5; ++round) {
            storage::TransactionLogWriter writer(versionDirectory, 4096);
            for (int zxid = (round - 1) * 10 + 1; zxid <= round * 10; ++zxid) {
                const Transaction transaction = createAt(zxid, "/p" + QByteArray::number(zxid));
                writer.append(zxid, entryBytes(transaction));
                tree.apply(transaction, ignored);
            }
            writer.flush(true);
            QVERIFY(writeSnapshotOf(versionDirectory, tree, {}, nullptr));
        }
        storage::Database database({directory.path(), {}, 100, 4096, true, 3}, [](std::int64_t) {});
        database.purge();
        std::vector<std::int64_t> snapshots;
        for (const auto &[zxid, path] : storage::listSnapshots(versionDirectory))
            snapshots.push_back(zxid);
        QCOMPARE(snapshots, (std::vector<std::int64_t>{50, 40, 30}));
        std::vector<std::int64_t> logs;
        for (const auto &[zxid, path] : storage::listLogFiles(versionDirectory))
            logs.push_back(zxid);
        // snapshot.30, the oldest kept, needs the newest log starting at or before it (zxid 21) and later ones.
        QCOMPARE(logs, (std::vector<std::int64_t>{21, 31, 41}));
        tree::DataTree restored;
        QVERIFY(database.restore(restored).ok);
        QCOMPARE(restored.nodeCount(), tree.nodeCount());
    }

    void groupCommitsAndReportsDurability()
    {
        QTemporaryDir directory;
        std::atomic<std::int64_t> durable{0};
        storage::Database database({directory.path(), {}, 1000, 1 << 20, true, 3},
                                   [&](std::int64_t zxid) { durable = zxid; });
        tree::DataTree tree;
        QVERIFY(database.restore(tree).ok);
        database.start();
        for (int zxid = 1; zxid <= 500; ++zxid)
            database.append(createAt(zxid, "/g" + QByteArray::number(zxid)));
        QTRY_COMPARE_WITH_TIMEOUT(durable.load(), std::int64_t(500), 10000);
        database.stop();
        int count = 0;
        storage::replayTransactionLogs(storage::versionDirectory(directory.path()), 0,
                                       [&](const Transaction &) { ++count; });
        QCOMPARE(count, 500);
    }

    void heldSmallBatchesAreCommittedOnTheCallingThread_data()
    {
        QTest::addColumn<int>("transactions");
        QTest::addColumn<bool>("committedByCaller");
        QTest::newRow("one write") << 1 << true;
        QTest::newRow("sixteen writes") << 16 << true;
        QTest::newRow("seventeen writes go to the writer thread") << 17 << false;
    }

    void heldSmallBatchesAreCommittedOnTheCallingThread()
    {
        QFETCH(int, transactions);
        QFETCH(bool, committedByCaller);
        QTemporaryDir directory;
        std::atomic<std::int64_t> durableOnWriterThread{0};
        storage::Database database({directory.path(), {}, 1000, 1 << 20, true, 3},
                                   [&](std::int64_t zxid) { durableOnWriterThread = zxid; });
        tree::DataTree tree;
        QVERIFY(database.restore(tree).ok);
        database.start();
        database.setHoldSmallBatches(true);
        for (int zxid = 1; zxid <= transactions; ++zxid)
            database.append(createAt(zxid, "/h" + QByteArray::number(zxid)));
        const std::optional<std::int64_t> committed = database.commitHeld();
        if (committedByCaller) {
            QVERIFY2(committed.has_value(), "a small batch with an idle writer is synced by commitHeld()");
            QCOMPARE(*committed, std::int64_t(transactions));
            QCOMPARE(durableOnWriterThread.load(), std::int64_t(0));
            QVERIFY2(!database.commitHeld().has_value(), "nothing is left to commit");
        } else {
            QVERIFY2(!committed.has_value(), "a big batch is the writer thread's");
            QTRY_COMPARE_WITH_TIMEOUT(durableOnWriterThread.load(), std::int64_t(transactions), 10000);
        }
        database.stop();
        int count = 0;
        storage::replayTransactionLogs(storage::versionDirectory(directory.path()), 0,
                                       [&](const Transaction &) { ++count; });
        QCOMPARE(count, transactions);
    }

    void nothingIsHeldWhileASnapshotIsEncoded()
    {
        QTemporaryDir directory;
        std::atomic<std::int64_t> durableOnWriterThread{0};
        storage::Database database({directory.path(), {}, 100000, 1 << 20, true, 3},
                                   [&](std::int64_t zxid) { durableOnWriterThread = zxid; });
        tree::DataTree tree;
        QVERIFY(database.restore(tree).ok);
        database.start();
        database.setHoldSmallBatches(true);
        for (int zxid = 1; zxid <= 3000; ++zxid) {
            const Transaction transaction = createAt(zxid, "/s" + QByteArray::number(zxid));
            std::vector<tree::Notification> ignored;
            tree.apply(transaction, ignored);
            database.append(transaction);
        }
        QTRY_COMPARE_WITH_TIMEOUT(durableOnWriterThread.load(), std::int64_t(3000), 10000);
        // Its slices are posted one after another: this thread does not wait until it is encoded,
        // so a write arriving meanwhile must not wait for commitHeld().
        database.takeSnapshot(tree, {});
        database.append(createAt(3001, "/during-the-snapshot"));
        QTRY_COMPARE_WITH_TIMEOUT(durableOnWriterThread.load(), std::int64_t(3001), 10000);
        database.stop();
    }

    void fuzzySnapshotPlusLogRestoresTheLiveTree_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("writesPerSlice");
        QTest::newRow("seed 1, 3 writes per slice") << 1u << 3;
        QTest::newRow("seed 2, 1 write per slice") << 2u << 1;
        QTest::newRow("seed 3, 20 writes per slice") << 3u << 20;
        QTest::newRow("seed 99, 7 writes per slice") << 99u << 7;
    }

    void fuzzySnapshotPlusLogRestoresTheLiveTree()
    {
        // The tree changes between every slice of the snapshot; snapshot + log must give it back.
        QFETCH(quint32, seed);
        QFETCH(int, writesPerSlice);
        QTemporaryDir directory;
        const QString versionDirectory = storage::versionDirectory(directory.path());
        QDir().mkpath(versionDirectory);
        tree::DataTree live;
        testing::RandomTransactions generator(seed);
        std::vector<tree::Notification> ignored;
        std::int64_t zxid = 0;
        storage::TransactionLogWriter log(versionDirectory, 1 << 20);
        auto write = [&] {
            const Transaction transaction = generator.next(live, ++zxid);
            QVERIFY(log.append(zxid, entryBytes(transaction)));
            live.apply(transaction, ignored);
            ignored.clear();
        };
        for (int i = 0; i < 4000; ++i)
            write();
        int writesDuringSnapshot = 0;
        {
            // Small slices so that many writes land between them.
            storage::BackgroundSnapshot snapshot(live, generator.liveSessions(), versionDirectory, 2048);
            while (snapshot.step() != storage::BackgroundSnapshot::Step::Encoded) {
                for (int i = 0; i < writesPerSlice; ++i, ++writesDuringSnapshot)
                    write();
            }
            QString error;
            QVERIFY2(snapshot.finish(&error), qPrintable(error));
        }
        for (int i = 0; i < 50; ++i)
            write();
        QVERIFY(log.flush(true));
        QVERIFY2(writesDuringSnapshot > 100, "the test must change the tree many times while the snapshot is written");

        storage::Database database({directory.path(), {}, 100000, 4096, true, 3}, [](std::int64_t) {});
        tree::DataTree restored;
        const auto result = database.restore(restored);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY2(!result.snapshotUsed.isEmpty(), "the fuzzy snapshot must be used");
        const QString difference = testing::firstDifference(live, restored);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QVERIFY2(!result.digestMismatch && database.verifyRestoredDigest(restored, true),
                 "the digest recorded at the snapshot's end must match the replayed tree");
        QCOMPARE(restored.digest(), live.digest());
        QCOMPARE(result.lastZxid, zxid);
    }

    void reportsASnapshotWhoseDigestDoesNotMatch()
    {
        QTemporaryDir directory;
        const QString versionDirectory = storage::versionDirectory(directory.path());
        QDir().mkpath(versionDirectory);
        tree::DataTree tree;
        std::vector<tree::Notification> ignored;
        for (int zxid = 1; zxid <= 20; ++zxid)
            tree.apply(createAt(zxid, "/d" + QByteArray::number(zxid)), ignored);
        // A well-sealed snapshot that records a wrong digest, as a diverged writer would.
        storage::SnapshotEncoder encoder(tree, {});
        QByteArray bytes = encoder.takeHeader();
        while (encoder.encodeNodes(bytes, 1 << 20)) {
        }
        bytes.append(storage::snapshotTrailer(storage::adler32Of(bytes.constData(), bytes.size()), encoder.zxid(),
                                              tree.digest() + 1));
        QVERIFY(storage::writeSnapshotFile(versionDirectory, encoder.zxid(), bytes, nullptr));

        storage::Database database({directory.path(), {}, 100, 4096, true, 3}, [](std::int64_t) {});
        tree::DataTree restored;
        const auto result = database.restore(restored);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY2(result.digestMismatch || !database.verifyRestoredDigest(restored, true),
                 "a digest that does not match the restored tree must be reported");
        QCOMPARE(restored.digest(), tree.digest());
    }
};

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
