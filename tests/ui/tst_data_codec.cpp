// DataCodec (the inspector's views of znode data) and StatFormatter (its Stat panel), GUI-free.

#include "DataCodec.h"
#include "StatFormatter.h"

#include <QTest>

using namespace zooscope::ui;

class TestDataCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void display_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("view");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("expectNote");
        QTest::newRow("utf-8 text") << QByteArray("h\xC3\xA9llo") << int(DataView::Text) << QStringLiteral("héllo")
                                    << false;
        QTest::newRow("invalid utf-8") << QByteArray("\xFF\xFE") << int(DataView::Text)
                                       << QStringLiteral("\uFFFD\uFFFD") << true;
        QTest::newRow("json pretty") << QByteArray(R"({"a":1})") << int(DataView::Json)
                                     << QStringLiteral("{\n    \"a\": 1\n}") << false;
        QTest::newRow("json invalid") << QByteArray("{oops") << int(DataView::Json) << QStringLiteral("{oops") << true;
        QTest::newRow("hex") << QByteArray("\x00\x01\xff", 3) << int(DataView::Hex) << QStringLiteral("00 01 ff")
                             << false;
        QTest::newRow("hex wraps at 16") << QByteArray(17, 'A') << int(DataView::Hex)
                                         << QStringLiteral("41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41\n41")
                                         << false;
        QTest::newRow("base64") << QByteArray("zoo") << int(DataView::Base64) << QStringLiteral("em9v") << false;
    }

    void display()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, view);
        QFETCH(QString, expected);
        QFETCH(bool, expectNote);
        QString note;
        QCOMPARE(DataCodec::toDisplay(data, DataView(view), QStringConverter::Utf8, &note), expected);
        QVERIFY2(note.isEmpty() != expectNote, qPrintable("unexpected note state: '" + note + "'"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("view");
        QTest::addColumn<int>("encoding");
        const QByteArray binary("\x00\x10\x80\xff zk", 7);
        QTest::newRow("text utf-8") << QByteArray("plain") << int(DataView::Text) << int(QStringConverter::Utf8);
        QTest::newRow("text latin-1") << QByteArray("caf\xE9") << int(DataView::Text) << int(QStringConverter::Latin1);
        QTest::newRow("text utf-16le") << QByteArray("z\0k\0", 4) << int(DataView::Text)
                                       << int(QStringConverter::Utf16LE);
        QTest::newRow("hex binary") << binary << int(DataView::Hex) << int(QStringConverter::Utf8);
        QTest::newRow("base64 binary") << binary << int(DataView::Base64) << int(QStringConverter::Utf8);
        QTest::newRow("empty base64") << QByteArray() << int(DataView::Base64) << int(QStringConverter::Utf8);
    }

    void roundTrip()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, view);
        QFETCH(int, encoding);
        const auto codecEncoding = QStringConverter::Encoding(encoding);
        const QString shown = DataCodec::toDisplay(data, DataView(view), codecEncoding);
        QString error;
        const auto back = DataCodec::fromDisplay(shown, DataView(view), codecEncoding, &error);
        QVERIFY2(back.has_value(), qPrintable("the shown text must convert back: " + error));
        QCOMPARE(*back, data);
    }

    void rejectsInvalidEdits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("view");
        QTest::newRow("odd hex") << QStringLiteral("abc") << int(DataView::Hex);
        QTest::newRow("non-hex digit") << QStringLiteral("zz") << int(DataView::Hex);
        QTest::newRow("bad base64") << QStringLiteral("@@@") << int(DataView::Base64);
        QTest::newRow("bad json") << QStringLiteral("{\"a\":}") << int(DataView::Json);
    }

    void rejectsInvalidEdits()
    {
        QFETCH(QString, text);
        QFETCH(int, view);
        QString error;
        QVERIFY2(!DataCodec::fromDisplay(text, DataView(view), QStringConverter::Utf8, &error),
                 qPrintable("'" + text + "' must be rejected"));
        QVERIFY2(!error.isEmpty(), "a rejection must say why");
    }

    void statFormatting_data()
    {
        QTest::addColumn<qint64>("zxid");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0x0 (epoch 0, counter 0)");
        QTest::newRow("epoch 1") << qint64(0x100000002LL) << QStringLiteral("0x100000002 (epoch 1, counter 2)");
        QTest::newRow("big counter") << qint64(0x3000000ffLL) << QStringLiteral("0x3000000ff (epoch 3, counter 255)");
    }

    void statFormatting()
    {
        QFETCH(qint64, zxid);
        QFETCH(QString, expected);
        QCOMPARE(StatFormatter::zxid(zxid), expected);
    }

    void statHasElevenFields()
    {
        zooscope::client::Stat stat;
        stat.ephemeralOwner = 0x1000a2b3cLL;
        stat.ctime = 1700000000123LL;
        const QList<StatField> fields = StatFormatter::fields(stat);
        QCOMPARE(fields.size(), 11);
        QCOMPARE(fields.at(7).value, QStringLiteral("0x1000a2b3c"));
        QVERIFY2(fields.at(2).value.contains(QStringLiteral(".123")), qPrintable("ctime with ms: " + fields.at(2).value));
    }
};

QTEST_MAIN(TestDataCodec)
#include "tst_data_codec.moc"
