// Translations: the embedded zh_CN catalogue loads and translates, the .ts is complete (no unfinished
// or empty entries), and the main window switches language at run time.

#include "LanguageManager.h"
#include "MainWindow.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace zooscope::ui;

class TestTranslations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        zooscope::testing::isolateSettings(m_settingsDir);
    }

    void catalogueTranslates_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("menu") << "zooscope::ui::MainWindow" << "&Connection" << QStringLiteral("连接(&C)");
        QTest::newRow("state") << "ConnectionSession" << "Connected" << QStringLiteral("已连接");
        QTest::newRow("stat field") << "StatFormatter" << "Ephemeral owner" << QStringLiteral("临时节点所有者");
        QTest::newRow("console error") << "zooscope::ui::ConsoleCommandRunner" << "Node does not exist: %1"
                                       << QStringLiteral("节点不存在：%1");
    }

    void catalogueTranslates()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(QString, expected);
        QTranslator translator;
        QVERIFY2(translator.load(":/i18n/zooscope_zh_CN.qm"), "the zh_CN catalogue must be embedded at :/i18n");
        QCOMPARE(translator.translate(qPrintable(context), qPrintable(source)), expected);
    }

    void tsFileIsComplete()
    {
        QFile file(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/translations/zooscope_zh_CN.ts"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable("cannot read " + file.fileName()));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QStringList problems;
        QString source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
                ++messages;
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value("type").toString();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (!type.isEmpty())
                    problems.append(QStringLiteral("%1 (type=\"%2\")").arg(source, type));
                else if (text.trimmed().isEmpty())
                    problems.append(source + " (empty)");
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(messages > 200, qPrintable(QStringLiteral("only %1 messages in the .ts").arg(messages)));
        QVERIFY2(problems.isEmpty(), qPrintable("untranslated entries: " + problems.join("; ")));
    }

    void windowSwitchesLanguageAtRunTime()
    {
        MainWindow window;
        auto *connectionMenu = window.findChild<QMenu *>("fileMenu");
        QCOMPARE(connectionMenu->title(), QStringLiteral("&Connection"));
        window.findChild<QAction *>("languageAction_zh_CN")->trigger();
        QCOMPARE(window.languageManager()->language(), QStringLiteral("zh_CN"));
        QTRY_COMPARE(connectionMenu->title(), QStringLiteral("连接(&C)"));
        QCOMPARE(window.findChild<QAction *>("newConnectionAction")->text(), QStringLiteral("新建连接(&N)..."));
        window.findChild<QAction *>("languageAction_en")->trigger();
        QTRY_COMPARE(connectionMenu->title(), QStringLiteral("&Connection"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
