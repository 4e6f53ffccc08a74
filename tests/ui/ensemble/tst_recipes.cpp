// The classic recipes played with real client sessions against a live in-process ensemble: every
// step gets the answer it expects, and each recipe's writes show up as ZAB commits in the feed.

#include "LiveEnsembleFeed.h"
#include "RecipeRunner.h"

#include "ensemble/LocalEnsemble.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace zooscope::ui::ensemble;

class TestRecipes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        zooscope::ensemble::LocalEnsembleOptions options;
        options.voters = 3;
        options.tickTimeMs = 200;
        QVERIFY2(m_ensemble.start(options), qPrintable(QStringLiteral("expected the local ensemble to start: ") + m_ensemble.errorString()));
        m_feed = std::make_unique<LiveEnsembleFeed>(&m_ensemble);
        QTRY_VERIFY2_WITH_TIMEOUT(m_feed->state().agreedLeader().has_value(), "expected the ensemble to elect a leader", 30000);
    }

    void cleanupTestCase()
    {
        m_feed.reset();
        m_ensemble.stop();
    }

    void recipeRunsAgainstALiveEnsemble_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = recipeFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY "/recipes"));
        QVERIFY2(files.size() >= 7, "expected the seven recipes of issue 6");
        for (const QString &file : files)
            QTest::newRow(qPrintable(QFileInfo(file).completeBaseName())) << file;
    }

    void recipeRunsAgainstALiveEnsemble()
    {
        QFETCH(QString, file);
        QString error;
        const Recipe recipe = Recipe::load(file, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!recipe.title.chinese.isEmpty() && !recipe.summary.chinese.isEmpty(), "expected a title and summary in zh_CN");
        for (const RecipeStep &step : recipe.steps)
            QVERIFY2(!step.caption.english.isEmpty() && !step.caption.chinese.isEmpty(), "expected every caption in en and zh_CN");
        const std::size_t commitsBefore = m_feed->state().committedZxids().size();
        RecipeRunner runner(recipe, m_ensemble.connectString());
        QSignalSpy finished(&runner, &RecipeRunner::finished);
        runner.runAll();
        QTRY_VERIFY2_WITH_TIMEOUT(finished.count() == 1, qPrintable(QStringLiteral("expected the recipe to finish: ") + runner.log().join(u'\n')), 60000);
        QVERIFY2(finished.first().first().toBool(), qPrintable(runner.error() + QLatin1Char('\n') + runner.log().join(u'\n')));
        QCOMPARE(runner.log().size(), qsizetype(recipe.steps.size()));
        // Sessions and writes are transactions: the feed saw the leader commit them.
        QTRY_VERIFY2_WITH_TIMEOUT(m_feed->state().committedZxids().size() > commitsBefore + 2,
                                  "expected the recipe's transactions to show as commits", 10000);
        QVERIFY(m_feed->state().invariants().allHold());
    }

private:
    zooscope::ensemble::LocalEnsemble m_ensemble;
    std::unique_ptr<LiveEnsembleFeed> m_feed;
};

QTEST_GUILESS_MAIN(TestRecipes)
#include "tst_recipes.moc"
