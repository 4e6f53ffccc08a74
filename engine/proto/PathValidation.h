#pragma once
// ZooKeeper's path rules (PathUtils.validatePath): absolute, no trailing or double slash, no "."
// or ".." segment, no NUL, and none of the control, surrogate or specials code points.

#include <QByteArray>
#include <QString>

namespace zooscope::proto {

// Returns an empty string when the UTF-8 path is valid, otherwise the reason.
QString pathValidationError(const QByteArray &path);
inline bool isValidPath(const QByteArray &path) { return pathValidationError(path).isEmpty(); }

// "/a/b" -> "/a"; "/a" -> "/"; "/" -> "/".
inline QByteArray parentPath(const QByteArray &path)
{
    const qsizetype lastSlash = path.lastIndexOf('/');
    return lastSlash <= 0 ? QByteArray("/") : path.left(lastSlash);
}
inline QByteArray childName(const QByteArray &path) { return path.mid(path.lastIndexOf('/') + 1); }
// "/a" and "b" -> "/a/b"; "/" and "b" -> "/b".
inline QByteArray childPath(const QByteArray &parent, QByteArrayView name)
{
    QByteArray path;
    path.reserve(parent.size() + name.size() + 1);
    path.append(parent);
    if (parent != "/")
        path.append('/');
    path.append(name);
    return path;
}

} // namespace zooscope::proto
