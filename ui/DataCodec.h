#pragma once
// Converts znode data between bytes and the inspector's editable views (text in a chosen charset,
// pretty-printed JSON, hex, Base64) and back. GUI-free so that tests cover every view.

#include <QByteArray>
#include <QString>
#include <QStringConverter>

#include <optional>

namespace zooscope::ui {

enum class DataView { Text, Json, Hex, Base64 };

// Apache ZooKeeper's default jute.maxbuffer: the largest data a server accepts by default.
constexpr int JuteMaxBuffer = 0xfffff;
// From this size on the inspector warns that the data approaches jute.maxbuffer.
constexpr int JuteMaxBufferWarning = JuteMaxBuffer * 9 / 10;

struct Charset
{
    QString name;
    QStringConverter::Encoding encoding;
};
// The charsets the editor offers, UTF-8 first.
QList<Charset> availableCharsets();

class DataCodec
{
public:
    // The text shown for `data` in `view`. `note` (optional) explains a lossy or invalid display,
    // e.g. bytes that are not valid in the charset, or JSON that does not parse (shown as text).
    static QString toDisplay(const QByteArray &data, DataView view, QStringConverter::Encoding encoding,
                             QString *note = nullptr);
    // The bytes for edited text, or nothing with *error when the text is not valid for the view.
    static std::optional<QByteArray> fromDisplay(const QString &text, DataView view,
                                                 QStringConverter::Encoding encoding, QString *error = nullptr);
    // Empty when `text` is valid JSON, otherwise where and why it is not.
    static QString jsonProblem(const QByteArray &utf8);
};

} // namespace zooscope::ui
