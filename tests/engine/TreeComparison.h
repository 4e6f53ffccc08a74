#pragma once
// Compares two trees node by node (path, data and its nullness, exposed Stat, ACL) and returns
// the first difference as a message, or an empty string when they are the same.

#include "tree/DataTree.h"

namespace zooscope::testing {

inline QString describe(const proto::StatPersisted &stat, int children)
{
    return QStringLiteral("{czxid %1 mzxid %2 pzxid %3 version %4 cversion %5 aversion %6 owner %7 children %8}")
        .arg(stat.czxid).arg(stat.mzxid).arg(stat.pzxid).arg(stat.version).arg(stat.cversion).arg(stat.aversion)
        .arg(stat.ephemeralOwner).arg(children);
}

inline QString firstDifference(const tree::DataTree &expected, const tree::DataTree &actual)
{
    QString difference;
    expected.forEachNode([&](const QByteArray &path, const tree::DataNode &node) {
        if (!difference.isEmpty())
            return;
        const QString name = QString::fromUtf8(path);
        const tree::DataNode *other = actual.find(path);
        if (!other)
            difference = QStringLiteral("%1 is missing").arg(name);
        else if (other->dataView() != node.dataView() || other->dataView().isNull() != node.dataView().isNull())
            difference = QStringLiteral("%1 has other data").arg(name);
        else if (!(actual.exposedStat(*other) == expected.exposedStat(node)) || other->stat() != node.stat())
            difference = QStringLiteral("%1 has another Stat: expected %2, got %3")
                             .arg(name, describe(node.stat(), node.childCount()),
                                  describe(other->stat(), other->childCount()));
        else if (actual.aclOf(*other) != expected.aclOf(node))
            difference = QStringLiteral("%1 has another ACL").arg(name);
    });
    if (difference.isEmpty() && actual.nodeCount() != expected.nodeCount())
        difference = QStringLiteral("%1 nodes instead of %2").arg(actual.nodeCount()).arg(expected.nodeCount());
    return difference;
}

} // namespace zooscope::testing
