// ZooKeeper's path rules, case by case.

#include "proto/PathValidation.h"

#include <QTest>

using namespace zooscope::proto;

class TestPathValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validatesLikeZooKeeper_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("valid");
        QTest::newRow("root") << QByteArray("/") << true;
        QTest::newRow("simple") << QByteArray("/a/b") << true;
        QTest::newRow("dots inside a name") << QByteArray("/a.b/..c/d..") << true;
        QTest::newRow("chinese") << QByteArray("/配置/服务") << true;
        QTest::newRow("empty") << QByteArray("") << false;
        QTest::newRow("relative") << QByteArray("a/b") << false;
        QTest::newRow("trailing slash") << QByteArray("/a/") << false;
        QTest::newRow("double slash") << QByteArray("/a//b") << false;
        QTest::newRow("dot segment") << QByteArray("/a/./b") << false;
        QTest::newRow("dot dot segment") << QByteArray("/a/../b") << false;
        QTest::newRow("final dot") << QByteArray("/a/.") << false;
        QTest::newRow("nul") << QByteArray("/a\0b", 4) << false;
        QTest::newRow("control character") << QByteArray("/a\x01") << false;
        QTest::newRow("delete character") << QByteArray("/a\x7f") << false;
        QTest::newRow("C1 control") << QByteArray("/a\xc2\x85") << false;
        QTest::newRow("emoji (surrogates in Java)") << QByteArray("/a\xf0\x9f\x98\x80") << false;
        QTest::newRow("malformed utf-8") << QByteArray("/a\xff") << false;
        QTest::newRow("private use") << QByteArray("/a\xee\x80\x80") << false;
    }
    void validatesLikeZooKeeper()
    {
        QFETCH(QByteArray, path);
        QFETCH(bool, valid);
        const QString error = pathValidationError(path);
        QVERIFY2(error.isEmpty() == valid,
                 qPrintable(QStringLiteral("expected %1 for '%2', got '%3'")
                                .arg(valid ? QStringLiteral("valid") : QStringLiteral("invalid"),
                                     QString::fromUtf8(path.toHex()), error)));
    }

    void splitsParentAndChild_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("parent");
        QTest::addColumn<QByteArray>("child");
        QTest::newRow("top level") << QByteArray("/a") << QByteArray("/") << QByteArray("a");
        QTest::newRow("nested") << QByteArray("/a/b/c") << QByteArray("/a/b") << QByteArray("c");
    }
    void splitsParentAndChild()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, parent);
        QFETCH(QByteArray, child);
        QCOMPARE(parentPath(path), parent);
        QCOMPARE(childName(path), child);
    }
};

QTEST_GUILESS_MAIN(TestPathValidation)
#include "tst_path_validation.moc"
