// zooscope: the desktop studio. Starts with a 3-member in-app ensemble, browsed and animated.
//
//   zooscope [--language en|zh_CN] [--connect host:port[/chroot]] [--select /path] [--no-local-ensemble]
//            [--screenshot file.png --screenshot-delay ms]
// --connect opens a tab on that ensemble instead; --no-local-ensemble opens the connection dialog;
// --screenshot saves the window after the delay and quits
// (docs/screenshots/make-screenshots.sh uses it).

#include "ConnectionTab.h"
#include "LocalEnsembleController.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ZooScope"));
    QApplication::setApplicationName(QStringLiteral("zooscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("ZooScope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/zooscope.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ZooScope: a studio for Apache ZooKeeper."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption languageOption(QStringLiteral("language"), QStringLiteral("en or zh_CN."),
                                            QStringLiteral("language"));
    const QCommandLineOption connectOption(QStringLiteral("connect"), QStringLiteral("Connect string to open."),
                                           QStringLiteral("connect-string"));
    const QCommandLineOption selectOption(QStringLiteral("select"), QStringLiteral("Node to select once loaded."),
                                          QStringLiteral("path"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Save the window to this PNG and quit."),
                                              QStringLiteral("file"));
    const QCommandLineOption delayOption(QStringLiteral("screenshot-delay"),
                                         QStringLiteral("Milliseconds before the screenshot."),
                                         QStringLiteral("ms"), QStringLiteral("3000"));
    const QCommandLineOption noEnsembleOption(QStringLiteral("no-local-ensemble"),
                                              QStringLiteral("Open the connection dialog instead of starting the "
                                                             "in-app ensemble."));
    parser.addOptions({languageOption, connectOption, selectOption, screenshotOption, delayOption, noEnsembleOption});
    parser.process(application);

    zooscope::ui::MainWindow window;
    window.restoreSettings();
    if (parser.isSet(languageOption))
        window.switchLanguage(parser.value(languageOption));
    window.show();
    if (parser.isSet(connectOption)) {
        zooscope::ui::ConnectionProfile profile;
        profile.name = parser.value(connectOption);
        profile.connectString = parser.value(connectOption);
        zooscope::ui::ConnectionTab *tab = window.openConnection(profile);
        if (parser.isSet(selectOption))
            tab->revealPath(parser.value(selectOption));
    } else if (!parser.isSet(noEnsembleOption)) {
        // The default: a 3-member ensemble inside the app, browsed and animated at once.
        QTimer::singleShot(0, &window, [&window] {
            if (!window.localEnsemble()->start(3))
                window.showConnectionDialog();
        });
    } else {
        QTimer::singleShot(0, &window, &zooscope::ui::MainWindow::showConnectionDialog);
    }
    if (parser.isSet(screenshotOption)) {
        window.resize(1440, 900); // the same frame for every screenshot
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(parser.value(delayOption).toInt(), &window, [&window, file] {
            const bool saved = window.grab().save(file);
            QApplication::exit(saved ? 0 : 1);
        });
    }
    return application.exec();
}
