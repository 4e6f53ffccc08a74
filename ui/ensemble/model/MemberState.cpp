#include "MemberState.h"

namespace zooscope::ui::ensemble {

QString zxidText(Zxid zxid)
{
    if (zxid == quorum::NoServer)
        return QStringLiteral("-");
    return QStringLiteral("0x") + QString::number(zxid, 16);
}

QString zxidEpochCounter(Zxid zxid)
{
    if (zxid == quorum::NoServer)
        return QStringLiteral("-");
    return QStringLiteral("%1/%2").arg(quorum::epochOfZxid(zxid)).arg(zxid & 0xffffffffLL);
}

} // namespace zooscope::ui::ensemble
