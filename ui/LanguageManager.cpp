#include "LanguageManager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace zooscope::ui {

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{
}

QStringList LanguageManager::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString LanguageManager::nativeName(const QString &language)
{
    if (language == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

bool LanguageManager::setLanguage(const QString &language)
{
    if (language == m_language)
        return true;
    QCoreApplication::removeTranslator(&m_studioTranslator);
    QCoreApplication::removeTranslator(&m_qtTranslator);
    if (language != QLatin1String("en")) {
        if (!m_studioTranslator.load(QStringLiteral(":/i18n/zooscope_%1.qm").arg(language))) {
            m_language = QStringLiteral("en"); // the translators are gone: English shows now
            Q_EMIT languageChanged(m_language);
            return false;
        }
        // Qt's own strings (standard buttons, dialogs); optional.
        if (m_qtTranslator.load(QStringLiteral("qtbase_%1").arg(language),
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(&m_qtTranslator);
        QCoreApplication::installTranslator(&m_studioTranslator);
    }
    m_language = language;
    // Texts that pick their language from the locale (the ensemble scenarios' captions) follow too.
    QLocale::setDefault(QLocale(language == QLatin1String("en") ? QStringLiteral("en_US") : language));
    Q_EMIT languageChanged(language);
    return true;
}

} // namespace zooscope::ui
