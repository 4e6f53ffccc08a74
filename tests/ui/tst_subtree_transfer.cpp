// Export a subtree to JSON and import it with a dry-run diff, through the real window against
// zooscope-server and Apache ZooKeeper 3.8.

#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "ImportDialog.h"
#include "MainWindow.h"
#include "SubtreeTransfer.h"
#include "TestServers.h"
#include "UiTestSupport.h"
#include "ZNodeTreeModel.h"

#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using namespace zooscope::ui;

class TestSubtreeTransfer : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QTemporaryDir m_settingsDir;
    int m_counter = 0;

    static QString actions(const SubtreeImporter &importer)
    {
        QStringList lines;
        for (const SubtreeImporter::Step &step : importer.steps())
            lines.append(QStringLiteral("%1=%2").arg(step.path).arg(int(step.action)));
        return lines.join(u' ');
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        TestServers::addServerRows();
    }

    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        isolateSettings(m_settingsDir);
        m_servers.startAll();
    }

    void cleanupTestCase() { m_servers.stopAll(); }

    void exportThenImportWithDryRun()
    {
        QFETCH_GLOBAL(QString, server);
        const QString connectString = m_servers.server(server).connectString();
        QString error;
        auto other = connectedClientOf(m_servers, server, &error);
        QVERIFY2(other, qPrintable(error));
        const QString base = QStringLiteral("/tst_transfer_%1_%2_%3").arg(server).arg(QCoreApplication::applicationPid()).arg(++m_counter);
        const QByteArray binary("\x00\xff\x10 bytes", 9);
        for (const auto &[path, data] : std::vector<std::pair<QString, QByteArray>>{
                 {base, {}}, {base + "/src", "root"}, {base + "/src/a", binary}, {base + "/src/a/b", R"({"k":1})"}}) {
            const auto created = AWAIT(CreateResult, other->create(path, data, openAclUnsafe(), CreateMode::Persistent, done));
            QVERIFY2(created && created->ok(), qPrintable("cannot create " + path));
        }

        MainWindow window;
        ConnectionTab *tab = window.openConnection({.name = "transfer", .connectString = connectString});
        QTRY_VERIFY_WITH_TIMEOUT(tab->session() && tab->treeModel()->indexOf(base).isValid(), ReplyTimeoutMs);
        QTemporaryDir directory;
        const QString file = directory.filePath("subtree.json");
        QSignalSpy exported(tab, &ConnectionTab::subtreeExported);
        tab->exportSubtreeTo(base + "/src", file);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, ReplyTimeoutMs);
        QVERIFY2(exported.first().at(1).toBool(), "the export file must be written");

        // First import into an empty place: everything is created.
        tab->importSubtreeFrom(file, base + "/copy");
        ImportDialog *dialog = nullptr;
        QTRY_VERIFY2_WITH_TIMEOUT((dialog = tab->findChild<ImportDialog *>()) && dialog->isPlanned(),
                                  "the import must open its dry-run dialog", ReplyTimeoutMs);
        QCOMPARE(dialog->importer()->changeCount(), 3);
        QCOMPARE(int(dialog->importer()->steps().size()), 3);
        for (const SubtreeImporter::Step &step : dialog->importer()->steps())
            QVERIFY2(step.action == SubtreeImporter::Action::Create, qPrintable(actions(*dialog->importer())));
        const auto before = AWAIT(Stat, other->exists(base + "/copy", Watch::No, done));
        QCOMPARE(before->error, ErrorCode::NoNode); // the dry run wrote nothing
        QSignalSpy imported(dialog, &ImportDialog::imported);
        dialog->findChild<QPushButton *>("applyImportButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, ReplyTimeoutMs);
        QCOMPARE(imported.first().at(1).toInt(), 3);
        const auto copied = AWAIT(DataResult, other->getData(base + "/copy/a", Watch::No, done));
        QVERIFY(copied && copied->ok());
        QCOMPARE(copied->value.data, binary);
        dialog->close();
        QTRY_VERIFY(!tab->findChild<ImportDialog *>());

        // Second import after a change: one update, the rest unchanged.
        const auto changed = AWAIT(Stat, other->setData(base + "/copy/a/b", "changed", -1, done));
        QVERIFY(changed && changed->ok());
        tab->importSubtreeFrom(file, base + "/copy");
        QTRY_VERIFY2_WITH_TIMEOUT((dialog = tab->findChild<ImportDialog *>()) && dialog->isPlanned(),
                                  "the second import must open its dialog", ReplyTimeoutMs);
        QCOMPARE(dialog->importer()->changeCount(), 1);
        for (const SubtreeImporter::Step &step : dialog->importer()->steps()) {
            const auto expected = step.path.endsWith("/a/b") ? SubtreeImporter::Action::Update
                                                             : SubtreeImporter::Action::Unchanged;
            QVERIFY2(step.action == expected, qPrintable(actions(*dialog->importer())));
        }
    }

    void rejectsForeignJson()
    {
        SubtreeImporter importer(nullptr, "/x");
        QString error;
        QVERIFY(!importer.load(QJsonDocument(QJsonObject{{"format", "other"}}), &error));
        QVERIFY2(error.contains("zooscope-subtree-1"), qPrintable(error));
    }
};

QTEST_MAIN(TestSubtreeTransfer)
#include "tst_subtree_transfer.moc"
