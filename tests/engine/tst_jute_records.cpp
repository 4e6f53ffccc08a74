// Round trips of every jute record, and the decoder's handling of short or corrupt input.

#include "proto/Records.h"
#include "proto/Transaction.h"

#include <QTest>

using namespace zooscope::proto;

class TestJuteRecords : public QObject
{
    Q_OBJECT

private:
    template <typename Record>
    static void checkRoundTrip(const Record &record)
    {
        const QByteArray bytes = serialize(record);
        Record decoded;
        QVERIFY2(deserialize(bytes, decoded), "a serialized record must decode");
        QVERIFY2(decoded == record, "decoding must give back the record that was serialized");
        // Every strict prefix is too short and must be rejected, never half-read as valid.
        for (qsizetype length = 0; length < bytes.size(); ++length) {
            Record partial;
            QVERIFY2(!deserialize(bytes.left(length), partial),
                     qPrintable(QStringLiteral("a %1-byte prefix of a %2-byte record must fail").arg(length).arg(bytes.size())));
        }
    }

private Q_SLOTS:
    void roundTripsEveryRecord()
    {
        const Stat stat{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        const AclList acl{{31, {"world", "anyone"}}, {1, {"digest", "user:abc="}}};
        checkRoundTrip(Id{"ip", "127.0.0.1"});
        checkRoundTrip(Acl{5, {"digest", "a:b"}});
        checkRoundTrip(stat);
        checkRoundTrip(StatPersisted{1, 2, 3, 4, 5, 6, 7, 8, 9});
        checkRoundTrip(ClientInfo{"digest", "user"});
        checkRoundTrip(ConnectRequest{0, 0x100000001, 30000, 0x1234, QByteArray(16, 'p'), false});
        checkRoundTrip(ConnectResponse{0, 30000, 0x1234, QByteArray(16, 'p')});
        checkRoundTrip(SetWatches{7, {"/a"}, {"/b", "/c"}, {}});
        checkRoundTrip(SetWatches2{7, {"/a"}, {"/b"}, {"/c"}, {"/d"}, {"/e"}});
        checkRoundTrip(RequestHeader{42, 4});
        checkRoundTrip(MultiHeader{1, false, 0});
        checkRoundTrip(AuthPacket{0, "digest", "user:pass"});
        checkRoundTrip(ReplyHeader{42, 0x200000003, -101});
        checkRoundTrip(PathWatchRequest{"/path", true});
        checkRoundTrip(PathRequest{"/path"});
        checkRoundTrip(SetDataRequest{"/path", "data", 3});
        checkRoundTrip(ReconfigRequest{"server.4=a:1:2", "", "", -1});
        checkRoundTrip(StatResponse{stat});
        checkRoundTrip(SaslToken{"token"});
        checkRoundTrip(CreateRequest{"/n", "v", acl, 3});
        checkRoundTrip(CreateTtlRequest{"/n", "v", acl, 5, 1000});
        checkRoundTrip(PathVersionRequest{"/n", 2});
        checkRoundTrip(SetAclRequest{"/n", acl, 1});
        checkRoundTrip(PathModeRequest{"/n", 1});
        checkRoundTrip(WatcherEvent{1, 3, "/n"});
        checkRoundTrip(ErrorResponse{-110});
        checkRoundTrip(Create2Response{"/n", stat});
        checkRoundTrip(GetDataResponse{"data", stat});
        checkRoundTrip(StringListResponse{{"a", "b"}});
        checkRoundTrip(GetChildren2Response{{"a"}, stat});
        checkRoundTrip(GetAclResponse{acl, stat});
        checkRoundTrip(WhoAmIResponse{{{"ip", "127.0.0.1"}, {"digest", "u"}}});
        checkRoundTrip(TxnHeader{0x1234, 7, 0x100000005, 1700000000000, 1});
        checkRoundTrip(CreateTxn{"/n", "v", acl, true, 4});
        checkRoundTrip(CreateContainerTxn{"/n", "v", acl, 4});
        checkRoundTrip(CreateTtlTxn{"/n", "v", acl, 4, 500});
        checkRoundTrip(SetDataTxn{"/n", "v", 4});
        checkRoundTrip(SetAclTxn{"/n", acl, 4});
        checkRoundTrip(CreateSessionTxn{30000});
        checkRoundTrip(CloseSessionTxn{{"/e1", "/e2"}});
        checkRoundTrip(Txn{1, "bytes"});
        checkRoundTrip(MultiTxn{{{1, "a"}, {-1, "b"}}});
    }

    void encodesBigEndianAsZooKeeperDoes()
    {
        // RequestHeader{xid=1, type=getData} is 00000001 00000004 on the wire.
        QCOMPARE(serialize(RequestHeader{1, 4}).toHex(), QByteArray("0000000100000004"));
        // A null buffer is length -1, an empty one length 0.
        QCOMPARE(serialize(SaslToken{QByteArray()}).toHex(), QByteArray("ffffffff"));
        QCOMPARE(serialize(SaslToken{QByteArray("")}).toHex(), QByteArray("00000000"));
    }

    void keepsNullApartFromEmpty()
    {
        SaslToken decoded;
        QVERIFY(deserialize(QByteArray::fromHex("ffffffff"), decoded));
        QVERIFY2(decoded.token.isNull(), "length -1 must decode to a null buffer");
        QVERIFY(deserialize(QByteArray::fromHex("00000000"), decoded));
        QVERIFY2(!decoded.token.isNull() && decoded.token.isEmpty(), "length 0 must decode to an empty buffer");
    }

    void rejectsCorruptLengths_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("negative string length") << QByteArray::fromHex("fffffffe");
        QTest::newRow("string longer than input") << QByteArray::fromHex("00000010616263");
        QTest::newRow("huge vector count") << QByteArray::fromHex("7fffffff");
        QTest::newRow("negative vector count") << QByteArray::fromHex("80000000");
    }
    void rejectsCorruptLengths()
    {
        QFETCH(QByteArray, bytes);
        StringListResponse list;
        PathRequest path;
        const bool isVectorCase = QByteArray(QTest::currentDataTag()).contains("vector");
        if (isVectorCase)
            QVERIFY2(!deserialize(bytes, list), "a corrupt vector count must be rejected");
        else
            QVERIFY2(!deserialize(bytes, path), "a corrupt string length must be rejected");
    }

    void transactionsRoundTrip()
    {
        Transaction create;
        create.header = {0x55, 3, 0x100000002, 1000, OpCode::Create};
        create.body = CreateTxn{"/a", "x", {{31, {"world", "anyone"}}}, false, 1};
        Transaction multi;
        multi.header = {0x55, 4, 0x100000003, 1001, OpCode::Multi};
        multi.multi.txns = {{OpCode::SetData, SetDataTxn{"/a", "y", 1}}, {OpCode::Error, ErrorTxn{-2}}};
        for (const Transaction &transaction : {create, multi}) {
            const QByteArray bytes = serialize(transaction.header) + encodeTxnBody(transaction);
            Transaction decoded;
            QVERIFY2(decodeTransaction(bytes, decoded), "an encoded transaction must decode");
            QVERIFY2(decoded == transaction, "decoding must give back the transaction");
        }
    }
};

QTEST_GUILESS_MAIN(TestJuteRecords)
#include "tst_jute_records.moc"
