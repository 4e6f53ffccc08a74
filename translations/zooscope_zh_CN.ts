<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConnectionSession</name>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connected (read-only server)</source>
        <translation>已连接（只读服务器）</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Session expired</source>
        <translation>会话已过期</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>认证失败</translation>
    </message>
</context>
<context>
    <name>DataCodec</name>
    <message>
        <source>The data is not valid in this charset; invalid bytes show as replacement characters (U+FFFD).</source>
        <translation>数据在此字符集中无效；无效字节显示为替换字符（U+FFFD）。</translation>
    </message>
    <message>
        <source>Invalid JSON at offset %1: %2</source>
        <translation>JSON 在偏移 %1 处无效：%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a hexadecimal digit.</source>
        <translation>“%1”不是十六进制数字。</translation>
    </message>
    <message>
        <source>Hex data needs an even number of digits.</source>
        <translation>十六进制数据需要偶数个数字。</translation>
    </message>
    <message>
        <source>The text is not valid Base64.</source>
        <translation>文本不是有效的 Base64。</translation>
    </message>
</context>
<context>
    <name>MonitorWidget</name>
    <message>
        <source>Average latency (ms)</source>
        <translation>平均延迟（毫秒）</translation>
    </message>
    <message>
        <source>Outstanding requests</source>
        <translation>未完成请求</translation>
    </message>
    <message>
        <source>Packets received</source>
        <translation>已接收数据包</translation>
    </message>
    <message>
        <source>Znodes</source>
        <translation>节点数</translation>
    </message>
    <message>
        <source>Watches</source>
        <translation>监视数</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
</context>
<context>
    <name>NodeKind</name>
    <message>
        <source>Persistent</source>
        <translation>持久</translation>
    </message>
    <message>
        <source>Persistent sequential</source>
        <translation>持久顺序</translation>
    </message>
    <message>
        <source>Ephemeral</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>Ephemeral sequential</source>
        <translation>临时顺序</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>StatFormatter</name>
    <message>
        <source>%1 (epoch %2, counter %3)</source>
        <translation>%1（纪元 %2，计数 %3）</translation>
    </message>
    <message>
        <source>none (not ephemeral)</source>
        <translation>无（非临时节点）</translation>
    </message>
    <message>
        <source>Created zxid</source>
        <translation>创建 zxid</translation>
    </message>
    <message>
        <source>Modified zxid</source>
        <translation>修改 zxid</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Data version</source>
        <translation>数据版本</translation>
    </message>
    <message>
        <source>Children version</source>
        <translation>子节点版本</translation>
    </message>
    <message>
        <source>ACL version</source>
        <translation>ACL 版本</translation>
    </message>
    <message>
        <source>Ephemeral owner</source>
        <translation>临时节点所有者</translation>
    </message>
    <message>
        <source>Data length</source>
        <translation>数据长度</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>子节点</translation>
    </message>
    <message>
        <source>Children zxid</source>
        <translation>子节点 zxid</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::AclEditorDialog</name>
    <message>
        <source>Cannot read the ACL: %1</source>
        <translation>无法读取 ACL：%1</translation>
    </message>
    <message>
        <source>ACL version %1.</source>
        <translation>ACL 版本 %1。</translation>
    </message>
    <message>
        <source>Enter a user name for the digest.</source>
        <translation>请输入用于摘要的用户名。</translation>
    </message>
    <message>
        <source>Added digest:%1</source>
        <translation>已添加 digest:%1</translation>
    </message>
    <message>
        <source>An ACL needs at least one entry.</source>
        <translation>ACL 至少需要一个条目。</translation>
    </message>
    <message>
        <source>Another client changed the ACL; reloaded. Review and save again.</source>
        <translation>另一个客户端修改了 ACL，已重新加载。请检查后再次保存。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved; ACL version %1.</source>
        <translation>已保存；ACL 版本 %1。</translation>
    </message>
    <message>
        <source>ACL of %1</source>
        <translation>%1 的 ACL</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Add Entry</source>
        <translation>添加条目</translation>
    </message>
    <message>
        <source>Remove Entry</source>
        <translation>移除条目</translation>
    </message>
    <message>
        <source>Digest generator:</source>
        <translation>摘要生成器：</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Add digest entry</source>
        <translation>添加摘要条目</translation>
    </message>
    <message>
        <source>Save ACL</source>
        <translation>保存 ACL</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConflictDialog</name>
    <message>
        <source>Version conflict on %1</source>
        <translation>%1 的版本冲突</translation>
    </message>
    <message>
        <source>Another client changed %1 after you loaded version %2; the server now has version %3. Overwrite writes your text over version %3; Reload discards your changes and shows the server&apos;s data; Cancel keeps editing.</source>
        <translation>在您加载版本 %2 之后，另一个客户端修改了 %1；服务器上现在是版本 %3。“覆盖”会用您的文本覆盖版本 %3；“重新加载”会放弃您的修改并显示服务器上的数据；“取消”则继续编辑。</translation>
    </message>
    <message>
        <source>Theirs (server, version %1)</source>
        <translation>对方的（服务器，版本 %1）</translation>
    </message>
    <message>
        <source>Yours (unsaved, based on version %1)</source>
        <translation>您的（未保存，基于版本 %1）</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConnectionDialog</name>
    <message>
        <source>Connect to ZooKeeper</source>
        <translation>连接到 ZooKeeper</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Connect string:</source>
        <translation>连接字符串：</translation>
    </message>
    <message>
        <source>Session timeout:</source>
        <translation>会话超时：</translation>
    </message>
    <message>
        <source>Digest user:</source>
        <translation>摘要用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>host1:2181,host2:2181/optional/chroot</source>
        <translation>host1:2181,host2:2181/可选的/chroot</translation>
    </message>
    <message>
        <source>Remember credentials (stored in plain text)</source>
        <translation>记住凭据（以明文保存）</translation>
    </message>
    <message>
        <source>Read-only mode (disable every write action)</source>
        <translation>只读模式（禁用所有写操作）</translation>
    </message>
    <message>
        <source>Credentials are sent with addauth digest after the session starts.</source>
        <translation>会话建立后，凭据通过 addauth digest 发送。</translation>
    </message>
    <message>
        <source>Save profile</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除配置</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Doctor...</source>
        <translation>诊断...</translation>
    </message>
    <message>
        <source>Check name resolution, TCP, four-letter words and the session step by step</source>
        <translation>逐步检查域名解析、TCP、四字命令和会话</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConnectionDoctor</name>
    <message>
        <source>Connect string</source>
        <translation>连接字符串</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid connect string: %2</source>
        <translation>“%1”不是有效的连接字符串：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n 台服务器</numerusform>
        </translation>
    </message>
    <message>
        <source>, chroot %1</source>
        <translation>，chroot %1</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>解析 %1</translation>
    </message>
    <message>
        <source>The name %1 does not resolve: %2</source>
        <translation>无法解析名称 %1：%2</translation>
    </message>
    <message>
        <source>TCP connect to %1</source>
        <translation>TCP 连接到 %1</translation>
    </message>
    <message>
        <source>%1: %2. Is the server running and listening on this address?</source>
        <translation>%1：%2。服务器是否正在运行并监听此地址？</translation>
    </message>
    <message>
        <source>no answer within 5 s (a firewall?)</source>
        <translation>5 秒内无应答（防火墙？）</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>ruok on %1</source>
        <translation>在 %1 上执行 ruok</translation>
    </message>
    <message>
        <source>imok</source>
        <translation>imok</translation>
    </message>
    <message>
        <source>ruok is not in 4lw.commands.whitelist; the server works, but cannot be checked this way.</source>
        <translation>ruok 不在 4lw.commands.whitelist 中；服务器正常，但无法用这种方式检查。</translation>
    </message>
    <message>
        <source>unexpected answer: %1</source>
        <translation>意外的应答：%1</translation>
    </message>
    <message>
        <source>srvr on %1</source>
        <translation>在 %1 上执行 srvr</translation>
    </message>
    <message>
        <source>srvr is not in 4lw.commands.whitelist: the monitor cannot show this server.</source>
        <translation>srvr 不在 4lw.commands.whitelist 中：监控无法显示此服务器。</translation>
    </message>
    <message>
        <source>The server is up but not serving requests (no quorum?).</source>
        <translation>服务器已启动但未处理请求（没有法定人数？）。</translation>
    </message>
    <message>
        <source>ZooKeeper session</source>
        <translation>ZooKeeper 会话</translation>
    </message>
    <message>
        <source>No server was reachable.</source>
        <translation>没有可访问的服务器。</translation>
    </message>
    <message>
        <source>No session within the timeout; last problem: %1</source>
        <translation>超时内未建立会话；最后的问题：%1</translation>
    </message>
    <message>
        <source>The server rejected the credentials.</source>
        <translation>服务器拒绝了凭据。</translation>
    </message>
    <message>
        <source>session 0x%1, negotiated timeout %2 ms on %3</source>
        <translation>会话 0x%1，协商超时 %2 毫秒，服务器 %3</translation>
    </message>
    <message>
        <source>; digest authentication accepted</source>
        <translation>；摘要认证已通过</translation>
    </message>
    <message>
        <source>digest authentication failed: %1</source>
        <translation>摘要认证失败：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConnectionTab</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>已创建 %1</translation>
    </message>
    <message>
        <source>Delete Node</source>
        <translation>删除节点</translation>
    </message>
    <message>
        <source>Delete %1? Only a node without children can be deleted this way.</source>
        <translation>删除 %1？只有没有子节点的节点才能这样删除。</translation>
    </message>
    <message>
        <source>%1 has children: use Delete Recursively.</source>
        <translation>%1 有子节点：请使用“递归删除”。</translation>
    </message>
    <message>
        <source>Cannot delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>Deleted %1</source>
        <translation>已删除 %1</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n node(s) under %1</source>
        <translation>
            <numerusform>已删除 %1 下的 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>ACL of %1 saved</source>
        <translation>%1 的 ACL 已保存</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Filter loaded nodes by name</source>
        <translation>按名称筛选已加载的节点</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>监控</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n node(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个节点导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Import below %1</source>
        <translation>导入到 %1 之下</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n change(s) below %1</source>
        <translation>
            <numerusform>已在 %1 之下导入 %n 处更改</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConsoleCommandRunner</name>
    <message>
        <source>Node does not exist: %1</source>
        <translation>节点不存在：%1</translation>
    </message>
    <message>
        <source>Node already exists: %1</source>
        <translation>节点已存在：%1</translation>
    </message>
    <message>
        <source>Node not empty: %1</source>
        <translation>节点非空：%1</translation>
    </message>
    <message>
        <source>version No is not valid : %1</source>
        <translation>版本号无效：%1</translation>
    </message>
    <message>
        <source>Insufficient permission : %1</source>
        <translation>权限不足：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>A command is still running.</source>
        <translation>仍有命令在运行。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Unknown command: %1 (type help)</source>
        <translation>未知命令：%1（输入 help 查看）</translation>
    </message>
    <message>
        <source>Invalid ACL: %1</source>
        <translation>无效的 ACL：%1</translation>
    </message>
    <message>
        <source>-c cannot be combined with -s, -e or -t, and -t not with -e.</source>
        <translation>-c 不能与 -s、-e 或 -t 同时使用，-t 也不能与 -e 同时使用。</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>已创建 %1</translation>
    </message>
    <message>
        <source>Invalid TTL: %1</source>
        <translation>无效的 TTL：%1</translation>
    </message>
    <message>
        <source>Refusing to delete the root.</source>
        <translation>拒绝删除根节点。</translation>
    </message>
    <message>
        <source>Authentication failed: %1</source>
        <translation>认证失败：%1</translation>
    </message>
    <message>
        <source>Sync is OK</source>
        <translation>同步成功</translation>
    </message>
    <message>
        <source>Commands:
  ls [-s] [-R] path
  get [-s] path
  set [-s] [-v version] path data
  create [-s] [-e] [-c] [-t ttl] path [data] [acl]
  delete [-v version] path
  deleteall path
  stat path
  getAcl [-s] path
  setAcl [-s] [-v version] path acl   (acl: scheme:id:perms,...)
  addauth scheme auth
  sync path
  getEphemerals [path]
  whoami</source>
        <translation>命令：
  ls [-s] [-R] 路径
  get [-s] 路径
  set [-s] [-v 版本] 路径 数据
  create [-s] [-e] [-c] [-t ttl] 路径 [数据] [acl]
  delete [-v 版本] 路径
  deleteall 路径
  stat 路径
  getAcl [-s] 路径
  setAcl [-s] [-v 版本] 路径 acl   （acl：方案:标识:权限,...）
  addauth 方案 凭据
  sync 路径
  getEphemerals [路径]
  whoami</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ConsoleWidget</name>
    <message>
        <source>zkCli command, e.g. ls -R /  (help lists them; Up/Down: history; paths complete)</source>
        <translation>zkCli 命令，例如 ls -R /（help 列出全部命令；上/下键：历史；路径可自动补全）</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::CreateNodeDialog</name>
    <message>
        <source>Creates %1 as %2.</source>
        <translation>将 %1 创建为%2节点。</translation>
    </message>
    <message>
        <source>The server appends a 10-digit sequence number to the name.</source>
        <translation>服务器会在名称后追加 10 位序号。</translation>
    </message>
    <message>
        <source>The server deletes it %1 ms after its last change once it has no children (needs extendedTypesEnabled on the server).</source>
        <translation>当它没有子节点时，服务器会在最后一次修改 %1 毫秒后删除它（服务器需启用 extendedTypesEnabled）。</translation>
    </message>
    <message>
        <source>The server deletes it once its last child is gone.</source>
        <translation>当最后一个子节点被删除后，服务器会删除它。</translation>
    </message>
    <message>
        <source>Create Node</source>
        <translation>创建节点</translation>
    </message>
    <message>
        <source>Parent:</source>
        <translation>父节点：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>TTL:</source>
        <translation>TTL：</translation>
    </message>
    <message>
        <source>ACL:</source>
        <translation>ACL：</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>持久</translation>
    </message>
    <message>
        <source>Persistent sequential</source>
        <translation>持久顺序</translation>
    </message>
    <message>
        <source>Ephemeral</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>Ephemeral sequential</source>
        <translation>临时顺序</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>TTL sequential</source>
        <translation>TTL 顺序</translation>
    </message>
    <message>
        <source>Open (world:anyone, all permissions)</source>
        <translation>开放（world:anyone，全部权限）</translation>
    </message>
    <message>
        <source>Creator only (auth, all permissions)</source>
        <translation>仅创建者（auth，全部权限）</translation>
    </message>
    <message>
        <source>Read-only (world:anyone, read)</source>
        <translation>只读（world:anyone，读取）</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::DoctorDialog</name>
    <message>
        <source>Connection Doctor: %1</source>
        <translation>连接诊断：%1</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Checking %1 step by step...</source>
        <translation>正在逐步检查 %1...</translation>
    </message>
    <message>
        <source>Every check passed: %1 is reachable and grants a session.</source>
        <translation>所有检查均通过：%1 可访问并能建立会话。</translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed; the first failure below says where the connection breaks.</source>
        <translation>
            <numerusform>%n 项检查失败；下面第一个失败项指出了连接中断的位置。</numerusform>
        </translation>
    </message>
    <message>
        <source>Run Again</source>
        <translation>再次运行</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ImportDialog</name>
    <message numerus="yes">
        <source>Imported: %n node(s) created or updated.</source>
        <translation>
            <numerusform>已导入：创建或更新了 %n 个节点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Some nodes failed:</source>
        <translation>部分节点失败：</translation>
    </message>
    <message>
        <source>create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>update data</source>
        <translation>更新数据</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未改变</translation>
    </message>
    <message>
        <source>Import into %1</source>
        <translation>导入到 %1</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Comparing the export with %1 (dry run, nothing is written yet)...</source>
        <translation>正在将导出内容与 %1 比较（预演，尚未写入任何内容）...</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) will be written; unchanged nodes are left alone.</source>
        <translation>
            <numerusform>将写入 %n 处更改；未改变的节点保持不动。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Apply %n change(s)</source>
        <translation>
            <numerusform>应用 %n 处更改</numerusform>
        </translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::MainWindow</name>
    <message>
        <source>Exported the watch events to %1</source>
        <translation>已将监视事件导出到 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>About ZooScope</source>
        <translation>关于 ZooScope</translation>
    </message>
    <message>
        <source>ZooScope %1: a studio for Apache ZooKeeper ensembles.</source>
        <translation>ZooScope %1：Apache ZooKeeper 集群工作室。</translation>
    </message>
    <message>
        <source>The translation for %1 is missing.</source>
        <translation>缺少 %1 的翻译。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>ZooScope</source>
        <translation>ZooScope</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Node</source>
        <translation>节点(&amp;N)</translation>
    </message>
    <message>
        <source>Watch Events</source>
        <translation>监视事件</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Create &amp;Child...</source>
        <translation>创建子节点(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Delete...</source>
        <translation>删除(&amp;D)...</translation>
    </message>
    <message>
        <source>Delete &amp;Recursively...</source>
        <translation>递归删除(&amp;R)...</translation>
    </message>
    <message>
        <source>Edit &amp;ACL...</source>
        <translation>编辑 ACL(&amp;A)...</translation>
    </message>
    <message>
        <source>Copy &amp;Path</source>
        <translation>复制路径(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New Connection...</source>
        <translation>新建连接(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>重新连接(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close Connection</source>
        <translation>关闭连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About ZooScope</source>
        <translation>关于 ZooScope(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Export Subtree to JSON...</source>
        <translation>导出子树为 JSON(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Import Subtree from JSON...</source>
        <translation>从 JSON 导入子树(&amp;I)...</translation>
    </message>
    <message>
        <source>Connection &amp;Doctor...</source>
        <translation>连接诊断(&amp;D)...</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::MonitorWidget</name>
    <message>
        <source>%1: unreachable (%2)</source>
        <translation>%1：无法访问（%2）</translation>
    </message>
    <message>
        <source>%1: mntr is not in the server&apos;s four-letter-word whitelist; add it with 4lw.commands.whitelist=mntr,srvr,ruok in zoo.cfg to see figures.</source>
        <translation>%1：mntr 不在服务器的四字命令白名单中；请在 zoo.cfg 中加入 4lw.commands.whitelist=mntr,srvr,ruok 以查看数据。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>unknown role</source>
        <translation>未知角色</translation>
    </message>
    <message>
        <source>%1: waiting for mntr...</source>
        <translation>%1：正在等待 mntr...</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::NodeInspector</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Another client changed this node (now version %1); saving will show both versions.</source>
        <translation>另一个客户端修改了此节点（当前版本 %1）；保存时将同时显示两个版本。</translation>
    </message>
    <message>
        <source>Cannot switch views: %1</source>
        <translation>无法切换视图：%1</translation>
    </message>
    <message>
        <source>%1 bytes: larger than jute.maxbuffer (%2 bytes); the server will refuse it.</source>
        <translation>%1 字节：超过 jute.maxbuffer（%2 字节），服务器将拒绝写入。</translation>
    </message>
    <message>
        <source>%1 bytes: close to jute.maxbuffer (%2 bytes).</source>
        <translation>%1 字节：接近 jute.maxbuffer（%2 字节）。</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Not saved: %1 bytes exceed jute.maxbuffer.</source>
        <translation>未保存：%1 字节超过 jute.maxbuffer。</translation>
    </message>
    <message>
        <source>Saved version %1.</source>
        <translation>已保存，版本 %1。</translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation>%1 已被删除。</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>How the data is shown and edited</source>
        <translation>数据的显示与编辑方式</translation>
    </message>
    <message>
        <source>Charset of the text and JSON views</source>
        <translation>文本和 JSON 视图的字符集</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Write the data with a version check (%1)</source>
        <translation>带版本检查写入数据（%1）</translation>
    </message>
    <message>
        <source>Read-only connection</source>
        <translation>只读连接</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::RecursiveDeleteDialog</name>
    <message numerus="yes">
        <source>... and %n more</source>
        <translation>
            <numerusform>……另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete %1 Recursively</source>
        <translation>递归删除 %1</translation>
    </message>
    <message>
        <source>Listing the subtree of %1 (dry run, nothing is deleted yet)...</source>
        <translation>正在列出 %1 的子树（预演，尚未删除任何内容）...</translation>
    </message>
    <message numerus="yes">
        <source>These %n node(s) will be deleted, deepest first. This cannot be undone.</source>
        <translation>
            <numerusform>将删除以下 %n 个节点，从最深处开始。此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n node(s)...</source>
        <translation>
            <numerusform>正在删除 %n 个节点...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n node(s).</source>
        <translation>
            <numerusform>已删除 %n 个节点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Some nodes were not deleted:</source>
        <translation>部分节点未被删除：</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n node(s)</source>
        <translation>
            <numerusform>删除 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::RecursiveDeleter</name>
    <message>
        <source>Cannot list %1: %2</source>
        <translation>无法列出 %1：%2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SubtreeExporter</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::SubtreeImporter</name>
    <message>
        <source>Not a ZooScope subtree export (format %1 expected).</source>
        <translation>不是 ZooScope 子树导出文件（应为格式 %1）。</translation>
    </message>
    <message>
        <source>Invalid data for %1.</source>
        <translation>%1 的数据无效。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WatchEventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>连接状态</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::WatchEventLogWidget</name>
    <message numerus="yes">
        <source>%n held back</source>
        <translation>
            <numerusform>暂存 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Watch Events</source>
        <translation>导出监视事件</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Filter events (any column)</source>
        <translation>筛选事件（任意列）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>导出 CSV...</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ZNodeTreeModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>子节点</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Cannot read the children of %1: %2</source>
        <translation>无法读取 %1 的子节点：%2</translation>
    </message>
    <message>
        <source>Showing %1 of %2 children; scroll to the end of the list for more.</source>
        <translation>显示 %2 个子节点中的 %1 个；滚动到列表末尾以加载更多。</translation>
    </message>
</context>
</TS>
