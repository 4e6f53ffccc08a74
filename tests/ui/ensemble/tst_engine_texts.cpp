// The engine's vote-ignored reasons and the invariant monitor's violations reach the user in the
// user's language: every code maps to a tr() string (context zooscope::ui::ensemble::EngineTexts),
// the views show the translated text, the trace keeps the English one, and with the zh_CN catalogue
// the text is Chinese.

#include "ElectionTableModel.h"
#include "EngineTexts.h"
#include "InvariantPanel.h"
#include "StateFeed.h"

#include "quorum/QuorumConfig.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>

using namespace zooscope::ui::ensemble;
using zooscope::quorum::QuorumConfig;
using zooscope::testing::StateFeed;
using zooscope::quorum::ServerId;
using zooscope::quorum::ServerState;
using zooscope::quorum::TraceEvent;
using zooscope::quorum::TraceKind;
using zooscope::quorum::VoteIgnoredReason;
using zooscope::quorum::voteIgnoredReasonFromText;
using zooscope::quorum::voteIgnoredReasonText;
using zooscope::quorum::VoteIgnoredReasonCount;

namespace {

constexpr char Context[] = "zooscope::ui::ensemble::EngineTexts";
const QString Marker = QStringLiteral("译:");

// Stands in for a catalogue that translates every EngineTexts string: the marked result proves the
// text went through translate() with the right context and the engine's own English as source.
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char * = nullptr, int = -1) const override
    {
        return qstrcmp(context, Context) == 0 ? Marker + QString::fromUtf8(sourceText) : QString();
    }
    bool isEmpty() const override { return false; }
};

class ScopedTranslator
{
public:
    explicit ScopedTranslator(QTranslator *translator) : m_translator(translator)
    {
        QCoreApplication::installTranslator(m_translator);
    }
    ~ScopedTranslator() { QCoreApplication::removeTranslator(m_translator); }

private:
    QTranslator *m_translator;
};

TraceEvent leadingEvent(ServerId sid, std::int64_t epoch)
{
    TraceEvent event;
    event.kind = TraceKind::StateChanged;
    event.member = sid;
    event.leader = sid;
    event.epoch = epoch;
    event.zxid = zooscope::quorum::makeZxid(epoch, 0);
    event.state = ServerState::Leading;
    event.details = QStringLiteral("serving");
    return event;
}

TraceEvent voteIgnoredEvent(ServerId member, ServerId from, VoteIgnoredReason reason)
{
    TraceEvent event;
    event.kind = TraceKind::VoteIgnored;
    event.member = member;
    event.peer = from;
    event.leader = from;
    event.zxid = 0;
    event.epoch = 0;
    event.electionEpoch = 1;
    event.state = ServerState::Looking;
    event.details = voteIgnoredReasonText(reason);
    return event;
}

QSet<QString> placeholders(const QString &pattern)
{
    QSet<QString> found;
    for (const QRegularExpressionMatch &match : QRegularExpression(QStringLiteral("%\\d")).globalMatch(pattern))
        found.insert(match.captured());
    return found;
}

bool containsChinese(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff; });
}

} // namespace

class TestEngineTexts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void voteIgnoredReasonMapsToATrString_data()
    {
        QTest::addColumn<int>("code");
        for (int code = 0; code < VoteIgnoredReasonCount; ++code)
            QTest::addRow("%s", qPrintable(voteIgnoredReasonText(VoteIgnoredReason(code)))) << code;
    }

    void voteIgnoredReasonMapsToATrString()
    {
        QFETCH(int, code);
        const auto reason = VoteIgnoredReason(code);
        const QString english = voteIgnoredReasonText(reason);
        QVERIFY2(!english.isEmpty(), qPrintable(QStringLiteral("expected English details for reason code %1").arg(code)));
        QVERIFY2(voteIgnoredReasonFromText(english) == reason,
                 qPrintable(QStringLiteral("expected \"%1\" to read back as reason code %2").arg(english).arg(code)));
        QCOMPARE(voteIgnoredReasonDisplayText(reason), english); // no catalogue: English
        MarkingTranslator translator;
        const ScopedTranslator installed(&translator);
        QVERIFY2(voteIgnoredReasonDisplayText(reason) == Marker + english,
                 qPrintable(QStringLiteral("expected reason code %1 to be translated from \"%2\" in context %3, got \"%4\"")
                                .arg(code)
                                .arg(english, QLatin1String(Context), voteIgnoredReasonDisplayText(reason))));
        QCOMPARE(voteIgnoredDetailsDisplayText(english), Marker + english);
    }

    void configurationDetailsAreTranslated_data()
    {
        QTest::addColumn<QString>("details");
        QTest::addColumn<QString>("shown");
        QTest::newRow("no observers") << QStringLiteral("voters 1,2,4; observers none")
                                      << Marker + QStringLiteral("voters %1; observers %2").arg(QStringLiteral("1,2,4"), Marker + QStringLiteral("none"));
        QTest::newRow("observers") << QStringLiteral("voters 1,2; observers 3,5")
                                   << Marker + QStringLiteral("voters %1; observers %2").arg(QStringLiteral("1,2"), QStringLiteral("3,5"));
        QTest::newRow("unknown text stays") << QStringLiteral("something else") << QStringLiteral("something else");
    }

    void configurationDetailsAreTranslated()
    {
        QFETCH(QString, details);
        QFETCH(QString, shown);
        MarkingTranslator translator;
        ScopedTranslator installed(&translator);
        QCOMPARE(configurationDisplayText(details), shown);
    }

    void voteIgnoredReasonsAreDistinct()
    {
        QSet<QString> texts;
        for (int code = 0; code < VoteIgnoredReasonCount; ++code)
            texts.insert(voteIgnoredReasonText(VoteIgnoredReason(code)));
        QVERIFY2(texts.size() == VoteIgnoredReasonCount, "expected every vote-ignored reason to have its own English text");
        QCOMPARE(voteIgnoredDetailsDisplayText(QStringLiteral("something new")), QStringLiteral("something new"));
    }

    void invariantViolationMapsToATrString_data()
    {
        QTest::addColumn<int>("code");
        for (int code = 1; code < InvariantViolationCount; ++code)
            QTest::addRow("%s", qPrintable(invariantViolationEnglishPattern(InvariantViolation(code)))) << code;
    }

    void invariantViolationMapsToATrString()
    {
        QFETCH(int, code);
        const auto violation = InvariantViolation(code);
        const QString english = invariantViolationEnglishPattern(violation);
        QVERIFY2(!english.isEmpty(), qPrintable(QStringLiteral("expected an English pattern for violation code %1").arg(code)));
        QCOMPARE(invariantViolationDisplayPattern(violation), english);
        MarkingTranslator translator;
        const ScopedTranslator installed(&translator);
        QVERIFY2(invariantViolationDisplayPattern(violation) == Marker + english,
                 qPrintable(QStringLiteral("expected violation code %1 to be translated from \"%2\", got \"%3\"")
                                .arg(code)
                                .arg(english, invariantViolationDisplayPattern(violation))));
        QCOMPARE(placeholders(invariantViolationDisplayPattern(violation)), placeholders(english));
    }

    void invariantPanelShowsTheViolationTranslatedAndTheTraceKeepsEnglish()
    {
        EnsembleState state(QuorumConfig::withVoters(3).members());
        state.apply(leadingEvent(1, 1));
        state.apply(leadingEvent(2, 1));
        const InvariantStatus status = state.invariants().statuses()[std::size_t(Invariant::OneLeaderPerEpoch)];
        QVERIFY2(!status.holds, "expected two leaders in epoch 1 to break the invariant");
        QCOMPARE(status.violationKind, InvariantViolation::TwoLeadersInOneEpoch);
        QCOMPARE(status.violation, QStringLiteral("members 1 and 2 both established epoch 1"));
        StateFeed feed(&state);
        InvariantPanel panel;
        panel.setFeed(&feed);
        QVERIFY2(panel.monitorText(Invariant::OneLeaderPerEpoch).contains(status.violation),
                 qPrintable("expected the English violation without a catalogue, got " + panel.monitorText(Invariant::OneLeaderPerEpoch)));
        MarkingTranslator translator;
        const ScopedTranslator installed(&translator);
        const QString translated = Marker + status.violation;
        QTRY_VERIFY2(panel.monitorText(Invariant::OneLeaderPerEpoch).contains(translated),
                     qPrintable(QStringLiteral("expected the panel to show \"%1\" after the language change, got \"%2\"")
                                    .arg(translated, panel.monitorText(Invariant::OneLeaderPerEpoch))));
        QCOMPARE(state.invariants().statuses()[std::size_t(Invariant::OneLeaderPerEpoch)].violation, status.violation);
    }

    void electionTableShowsTheIgnoredReasonTranslated()
    {
        EnsembleState state(QuorumConfig::withVoters(3).members());
        state.apply(voteIgnoredEvent(1, 2, VoteIgnoredReason::EarlierRound));
        StateFeed feed(&state);
        ElectionTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFeed(&feed);
        model.setMember(1);
        int row = -1;
        for (int candidate = 0; candidate < model.rowCount(); ++candidate) {
            if (model.index(candidate, ElectionTableModel::FromColumn).data().toString() == QLatin1String("2"))
                row = candidate;
        }
        QVERIFY2(row >= 0, "expected the ignored vote from member 2 in member 1's table");
        const QModelIndex verdict = model.index(row, ElectionTableModel::VerdictColumn);
        QVERIFY2(verdict.data().toString().contains(QLatin1String("from an earlier round")), qPrintable(verdict.data().toString()));
        MarkingTranslator translator;
        const ScopedTranslator installed(&translator);
        QVERIFY2(verdict.data().toString().contains(Marker + QLatin1String("from an earlier round")),
                 qPrintable("expected the translated reason in the verdict, got " + verdict.data().toString()));
    }

    void chineseCatalogueTranslatesTheTexts_data()
    {
        QTest::addColumn<QString>("source");
        for (int code = 0; code < VoteIgnoredReasonCount; ++code) {
            const QString english = voteIgnoredReasonText(VoteIgnoredReason(code));
            QTest::addRow("%s", qPrintable(english)) << english;
        }
        for (int code = 1; code < InvariantViolationCount; ++code) {
            const QString english = invariantViolationEnglishPattern(InvariantViolation(code));
            QTest::addRow("%s", qPrintable(english)) << english;
        }
    }

    void chineseCatalogueTranslatesTheTexts()
    {
        QFETCH(QString, source);
        QTranslator translator;
        QVERIFY2(translator.load(QStringLiteral(":/i18n/zooscope_zh_CN.qm")), "expected the compiled Chinese catalogue at :/i18n");
        const QString chinese = translator.translate(Context, qPrintable(source));
        QVERIFY2(!chinese.isEmpty(),
                 qPrintable(QStringLiteral("expected \"%1\" translated in translations/zooscope_zh_CN.ts (context %2)")
                                .arg(source, QLatin1String(Context))));
        const ScopedTranslator installed(&translator);
        const auto reason = voteIgnoredReasonFromText(source);
        const QString shown = reason ? voteIgnoredReasonDisplayText(*reason) : [&] {
            for (int code = 1; code < InvariantViolationCount; ++code) {
                if (invariantViolationEnglishPattern(InvariantViolation(code)) == source)
                    return invariantViolationDisplayPattern(InvariantViolation(code));
            }
            return QString();
        }();
        QCOMPARE(shown, chinese);
        QVERIFY2(containsChinese(shown), qPrintable(QStringLiteral("expected Chinese for \"%1\", got \"%2\"").arg(source, shown)));
        QCOMPARE(placeholders(shown), placeholders(source));
    }
};

QTEST_MAIN(TestEngineTexts)
#include "tst_engine_texts.moc"
