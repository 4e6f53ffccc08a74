#pragma once
// Switches the studio's language at run time: installs the studio's and Qt's own translators for
// the chosen locale ("en" or "zh_CN"); widgets retranslate on QEvent::LanguageChange.

#include <QObject>
#include <QString>
#include <QTranslator>

namespace zooscope::ui {

class LanguageManager : public QObject
{
    Q_OBJECT

public:
    explicit LanguageManager(QObject *parent = nullptr);

    // The locales the studio ships, "en" first.
    static QStringList availableLanguages();
    // The language's own name ("English", "简体中文"): shown untranslated in the menu.
    static QString nativeName(const QString &language);

    // False (language unchanged) when the studio's translation cannot be loaded.
    bool setLanguage(const QString &language);
    QString language() const { return m_language; }

Q_SIGNALS:
    void languageChanged(const QString &language);

private:
    QString m_language = QStringLiteral("en");
    QTranslator m_studioTranslator;
    QTranslator m_qtTranslator;
};

} // namespace zooscope::ui
