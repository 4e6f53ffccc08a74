#include "ErrorCode.h"
#include "OpCode.h"

namespace zooscope::proto {

const char *opCodeName(std::int32_t opCode)
{
    switch (opCode) {
    case OpCode::Notification: return "notification";
    case OpCode::Create: return "create";
    case OpCode::Delete: return "delete";
    case OpCode::Exists: return "exists";
    case OpCode::GetData: return "getData";
    case OpCode::SetData: return "setData";
    case OpCode::GetAcl: return "getACL";
    case OpCode::SetAcl: return "setACL";
    case OpCode::GetChildren: return "getChildren";
    case OpCode::Sync: return "sync";
    case OpCode::Ping: return "ping";
    case OpCode::GetChildren2: return "getChildren2";
    case OpCode::Check: return "check";
    case OpCode::Multi: return "multi";
    case OpCode::Create2: return "create2";
    case OpCode::Reconfig: return "reconfig";
    case OpCode::CheckWatches: return "checkWatches";
    case OpCode::RemoveWatches: return "removeWatches";
    case OpCode::CreateContainer: return "createContainer";
    case OpCode::DeleteContainer: return "deleteContainer";
    case OpCode::CreateTtl: return "createTTL";
    case OpCode::MultiRead: return "multiRead";
    case OpCode::Auth: return "auth";
    case OpCode::SetWatches: return "setWatches";
    case OpCode::Sasl: return "sasl";
    case OpCode::GetEphemerals: return "getEphemerals";
    case OpCode::GetAllChildrenNumber: return "getAllChildrenNumber";
    case OpCode::SetWatches2: return "setWatches2";
    case OpCode::AddWatch: return "addWatch";
    case OpCode::WhoAmI: return "whoAmI";
    case OpCode::CreateSession: return "createSession";
    case OpCode::CloseSession: return "closeSession";
    case OpCode::Error: return "error";
    default: return "unknown";
    }
}

const char *errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return "OK";
    case ErrorCode::SystemError: return "SYSTEMERROR";
    case ErrorCode::RuntimeInconsistency: return "RUNTIMEINCONSISTENCY";
    case ErrorCode::DataInconsistency: return "DATAINCONSISTENCY";
    case ErrorCode::ConnectionLoss: return "CONNECTIONLOSS";
    case ErrorCode::MarshallingError: return "MARSHALLINGERROR";
    case ErrorCode::Unimplemented: return "UNIMPLEMENTED";
    case ErrorCode::OperationTimeout: return "OPERATIONTIMEOUT";
    case ErrorCode::BadArguments: return "BADARGUMENTS";
    case ErrorCode::UnknownSession: return "UNKNOWNSESSION";
    case ErrorCode::NewConfigNoQuorum: return "NEWCONFIGNOQUORUM";
    case ErrorCode::ReconfigInProgress: return "RECONFIGINPROGRESS";
    case ErrorCode::ApiError: return "APIERROR";
    case ErrorCode::NoNode: return "NONODE";
    case ErrorCode::NoAuth: return "NOAUTH";
    case ErrorCode::BadVersion: return "BADVERSION";
    case ErrorCode::NoChildrenForEphemerals: return "NOCHILDRENFOREPHEMERALS";
    case ErrorCode::NodeExists: return "NODEEXISTS";
    case ErrorCode::NotEmpty: return "NOTEMPTY";
    case ErrorCode::SessionExpired: return "SESSIONEXPIRED";
    case ErrorCode::InvalidCallback: return "INVALIDCALLBACK";
    case ErrorCode::InvalidAcl: return "INVALIDACL";
    case ErrorCode::AuthFailed: return "AUTHFAILED";
    case ErrorCode::SessionMoved: return "SESSIONMOVED";
    case ErrorCode::NotReadOnly: return "NOTREADONLY";
    case ErrorCode::EphemeralOnLocalSession: return "EPHEMERALONLOCALSESSION";
    case ErrorCode::NoWatcher: return "NOWATCHER";
    case ErrorCode::RequestTimeout: return "REQUESTTIMEOUT";
    case ErrorCode::ReconfigDisabled: return "RECONFIGDISABLED";
    case ErrorCode::SessionClosedRequireSaslAuth: return "SESSIONCLOSEDREQUIRESASLAUTH";
    case ErrorCode::QuotaExceeded: return "QUOTAEXCEEDED";
    case ErrorCode::Throttled: return "THROTTLED";
    }
    return "UNKNOWN";
}

} // namespace zooscope::proto
