#include "JaasConfig.h"

#include <QFile>

namespace zooscope::node {

namespace {

constexpr char DigestLoginModule[] = "org.apache.zookeeper.server.auth.DigestLoginModule";
constexpr char Krb5LoginModule[] = "com.sun.security.auth.module.Krb5LoginModule";

struct Token
{
    enum class Kind { End, Word, Quoted, Symbol };
    Kind kind = Kind::End;
    QString text;
    int line = 1;
};

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == '.' || c == '_' || c == '$' || c == '-' || c == '*';
}

// Java's StreamTokenizer as ConfigFile sets it up: words, "quoted strings" with backslash
// escapes, single-character symbols, // and /* */ comments.
class Tokenizer
{
public:
    explicit Tokenizer(const QString &text)
        : m_text(text)
    {
    }

    std::optional<Token> next(QString *error)
    {
        skipSpaceAndComments();
        Token token;
        token.line = m_line;
        if (!m_error.isEmpty()) {
            *error = m_error;
            return std::nullopt;
        }
        if (m_position >= m_text.size())
            return token;
        const QChar c = m_text[m_position];
        if (c == '"')
            return quoted(error);
        if (isWordCharacter(c)) {
            token.kind = Token::Kind::Word;
            while (m_position < m_text.size() && isWordCharacter(m_text[m_position]))
                token.text += m_text[m_position++];
            return token;
        }
        token.kind = Token::Kind::Symbol;
        token.text = c;
        ++m_position;
        return token;
    }

    int line() const { return m_line; }

private:
    void skipSpaceAndComments()
    {
        while (m_position < m_text.size()) {
            const QChar c = m_text[m_position];
            if (c == '\n') {
                ++m_line;
                ++m_position;
            } else if (c.isSpace()) {
                ++m_position;
            } else if (c == '/' && m_position + 1 < m_text.size() && m_text[m_position + 1] == '/') {
                while (m_position < m_text.size() && m_text[m_position] != '\n')
                    ++m_position;
            } else if (c == '/' && m_position + 1 < m_text.size() && m_text[m_position + 1] == '*') {
                const int startLine = m_line;
                m_position += 2;
                while (m_position + 1 < m_text.size() &&
                       !(m_text[m_position] == '*' && m_text[m_position + 1] == '/')) {
                    if (m_text[m_position] == '\n')
                        ++m_line;
                    ++m_position;
                }
                if (m_position + 1 >= m_text.size()) {
                    m_error = QStringLiteral("line %1: comment /* is not closed").arg(startLine);
                    m_position = m_text.size();
                    return;
                }
                m_position += 2;
            } else {
                return;
            }
        }
    }

    std::optional<Token> quoted(QString *error)
    {
        Token token;
        token.kind = Token::Kind::Quoted;
        token.line = m_line;
        ++m_position;
        while (m_position < m_text.size()) {
            QChar c = m_text[m_position++];
            if (c == '"')
                return token;
            if (c == '\n') {
                *error = QStringLiteral("line %1: quoted value is not closed on its line").arg(token.line);
                return std::nullopt;
            }
            if (c == '\\' && m_position < m_text.size()) {
                c = m_text[m_position++];
                if (c == 'n')
                    c = '\n';
                else if (c == 't')
                    c = '\t';
                else if (c == 'r')
                    c = '\r';
            }
            token.text += c;
        }
        *error = QStringLiteral("line %1: quoted value is not closed").arg(token.line);
        return std::nullopt;
    }

    QString m_text;
    qsizetype m_position = 0;
    int m_line = 1;
    QString m_error;
};

class Parser
{
public:
    explicit Parser(const QString &text)
        : m_tokenizer(text)
    {
    }

    std::optional<JaasConfig> parse(QString *error)
    {
        JaasConfig config;
        if (!advance(error))
            return std::nullopt;
        while (m_token.kind != Token::Kind::End) {
            JaasSection section;
            section.line = m_token.line;
            if (m_token.kind != Token::Kind::Word)
                return fail(error, QStringLiteral("expected a section name, found %1").arg(describe()));
            section.name = m_token.text;
            if (config.section(section.name))
                return fail(error, QStringLiteral("section '%1' appears twice").arg(section.name));
            if (!advance(error) || !expectSymbol('{', QStringLiteral("'{' after section name"), error))
                return std::nullopt;
            while (!isSymbol('}')) {
                std::optional<JaasLoginModule> module = parseModule(error);
                if (!module)
                    return std::nullopt;
                section.modules.append(*module);
            }
            if (!advance(error) || !expectSymbol(';', QStringLiteral("';' after '}'"), error))
                return std::nullopt;
            config.sections.append(section);
        }
        return config;
    }

private:
    std::optional<JaasLoginModule> parseModule(QString *error)
    {
        JaasLoginModule module;
        module.line = m_token.line;
        if (m_token.kind != Token::Kind::Word)
            return fail(error, QStringLiteral("expected a login module class name or '}', found %1").arg(describe()));
        module.className = m_token.text;
        if (!advance(error))
            return std::nullopt;
        static const QStringList flags{"required", "requisite", "sufficient", "optional"};
        if (m_token.kind != Token::Kind::Word || !flags.contains(m_token.text.toLower()))
            return fail(error, QStringLiteral("expected a control flag (required, requisite, sufficient or optional) "
                                              "after %1, found %2")
                                   .arg(module.className, describe()));
        module.flag = m_token.text.toLower();
        if (!advance(error))
            return std::nullopt;
        while (!isSymbol(';')) {
            if (m_token.kind != Token::Kind::Word)
                return fail(error, QStringLiteral("expected an option name or ';', found %1").arg(describe()));
            const QString name = m_token.text;
            if (!advance(error) || !expectSymbol('=', QStringLiteral("'=' after option %1").arg(name), error))
                return std::nullopt;
            if (m_token.kind != Token::Kind::Word && m_token.kind != Token::Kind::Quoted)
                return fail(error, QStringLiteral("expected a value for option %1, found %2").arg(name, describe()));
            module.options.insert(name, m_token.text);
            if (!advance(error))
                return std::nullopt;
        }
        if (!advance(error))
            return std::nullopt;
        return module;
    }

    bool advance(QString *error)
    {
        std::optional<Token> token = m_tokenizer.next(error);
        if (!token)
            return false;
        m_token = *token;
        return true;
    }

    bool isSymbol(QChar symbol) const { return m_token.kind == Token::Kind::Symbol && m_token.text == symbol; }

    bool expectSymbol(QChar symbol, const QString &what, QString *error)
    {
        if (!isSymbol(symbol)) {
            fail(error, QStringLiteral("expected %1, found %2").arg(what, describe()));
            return false;
        }
        return advance(error);
    }

    QString describe() const
    {
        switch (m_token.kind) {
        case Token::Kind::End: return QStringLiteral("the end of the file");
        case Token::Kind::Quoted: return QStringLiteral("\"%1\"").arg(m_token.text);
        default: return QStringLiteral("'%1'").arg(m_token.text);
        }
    }

    std::nullopt_t fail(QString *error, const QString &message) const
    {
        *error = QStringLiteral("line %1: %2").arg(m_token.line).arg(message);
        return std::nullopt;
    }

    Tokenizer m_tokenizer;
    Token m_token;
};

} // namespace

const JaasSection *JaasConfig::section(const QString &name) const
{
    for (const JaasSection &candidate : sections) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

JaasParseResult parseJaasConfig(const QByteArray &contents, const QString &fileName)
{
    QString error;
    std::optional<JaasConfig> config = Parser(QString::fromUtf8(contents)).parse(&error);
    if (!config)
        return {std::nullopt, QStringLiteral("JAAS configuration %1 %2").arg(fileName, error)};
    return {config, {}};
}

JaasParseResult loadJaasConfig(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("Cannot read JAAS configuration %1: %2").arg(path, file.errorString())};
    return parseJaasConfig(file.readAll(), path);
}

namespace {

// Java's Krb5LoginModule reads its boolean options with equalsIgnoreCase("true").
bool isTrue(const JaasLoginModule &module, const QString &option)
{
    return module.options.value(option).compare(QStringLiteral("true"), Qt::CaseInsensitive) == 0;
}

std::optional<JaasKerberosLogin> kerberosLogin(const JaasLoginModule &module, const QString &where, QString *error)
{
    if (!isTrue(module, QStringLiteral("useKeyTab"))) {
        *error = QStringLiteral("%1: Krb5LoginModule needs useKeyTab=true; ZooScope's server takes its Kerberos key "
                                "from a keytab")
                     .arg(where);
        return std::nullopt;
    }
    JaasKerberosLogin login;
    login.keyTab = module.options.value(QStringLiteral("keyTab"));
    login.principal = module.options.value(QStringLiteral("principal"));
    if (login.principal.isEmpty()) {
        *error = QStringLiteral("%1: Krb5LoginModule has no principal option (the server's service principal, "
                                "e.g. principal=\"zookeeper/host.example.com@EXAMPLE.COM\")")
                     .arg(where);
        return std::nullopt;
    }
    const qsizetype at = login.principal.indexOf('@');
    const QString name = at < 0 ? login.principal : login.principal.left(at);
    login.realm = at < 0 ? QString() : login.principal.mid(at + 1);
    const QStringList components = name.split('/');
    if (components.size() != 2 || components[0].isEmpty() || components[1].isEmpty() || login.realm.contains('@')) {
        *error = QStringLiteral("%1: Krb5LoginModule principal '%2' is not of the form service/host@REALM (Apache "
                                "ZooKeeper takes the SASL service and host name from it)")
                     .arg(where, login.principal);
        return std::nullopt;
    }
    login.service = components[0];
    login.host = components[1];
    return login;
}

} // namespace

std::optional<JaasServerLogin> jaasServerLogin(const JaasConfig &config, const QString &sectionName,
                                               const QString &fileName, QString *error)
{
    const JaasSection *section = config.section(sectionName);
    if (!section) {
        *error =
            QStringLiteral("No JAAS configuration section named '%1' was found in '%2'.").arg(sectionName, fileName);
        return std::nullopt;
    }
    JaasServerLogin login;
    for (const JaasLoginModule &module : section->modules) {
        const QString where =
            QStringLiteral("JAAS section '%1' in %2 (line %3)").arg(sectionName, fileName).arg(module.line);
        if (module.className == DigestLoginModule) {
            for (auto option = module.options.cbegin(); option != module.options.cend(); ++option) {
                if (option.key().startsWith(QStringLiteral("user_")) && option.key().size() > 5)
                    login.digestUsers.insert(option.key().mid(5).toUtf8(), option.value().toUtf8());
            }
        } else if (module.className == Krb5LoginModule) {
            if (login.kerberos) {
                *error = QStringLiteral("%1: a second Krb5LoginModule; the server logs in as one principal").arg(where);
                return std::nullopt;
            }
            login.kerberos = kerberosLogin(module, where, error);
            if (!login.kerberos)
                return std::nullopt;
        } else {
            *error =
                QStringLiteral("%1 has %2; ZooScope's server supports %3 (SASL DIGEST-MD5) and %4 (SASL GSSAPI)")
                    .arg(where, module.className, QLatin1String(DigestLoginModule), QLatin1String(Krb5LoginModule));
            return std::nullopt;
        }
    }
    if (section->modules.isEmpty()) {
        *error = QStringLiteral("JAAS section '%1' in %2 (line %3) has no login module; ZooScope's server supports %4 "
                                "(SASL DIGEST-MD5) and %5 (SASL GSSAPI)")
                     .arg(sectionName, fileName)
                     .arg(section->line)
                     .arg(QLatin1String(DigestLoginModule), QLatin1String(Krb5LoginModule));
        return std::nullopt;
    }
    return login;
}

} // namespace zooscope::node
