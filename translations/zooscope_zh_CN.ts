<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClientTls</name>
    <message>
        <source>Cannot read the %1 %2: %3</source>
        <translation>无法读取%1 %2：%3</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>No PEM certificate in the CA certificate file %1</source>
        <translation>CA 证书文件 %1 中没有 PEM 证书</translation>
    </message>
    <message>
        <source>client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>No PEM certificate in the client certificate file %1</source>
        <translation>客户端证书文件 %1 中没有 PEM 证书</translation>
    </message>
    <message>
        <source>client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <source>Cannot read a private key from %1 (not PEM, or a wrong passphrase)</source>
        <translation>无法从 %1 读取私钥（不是 PEM 格式，或口令错误）</translation>
    </message>
    <message>
        <source>A client key %1 needs its client certificate</source>
        <translation>客户端私钥 %1 需要配套的客户端证书</translation>
    </message>
    <message>
        <source>Cannot use the trust store %1: %2</source>
        <translation>无法使用信任库 %1：%2</translation>
    </message>
</context>
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
    <name>zooscope::client</name>
    <message>
        <source>missing &apos;]&apos; in &quot;%1&quot;</source>
        <translation>“%1”中缺少 &apos;]&apos;</translation>
    </message>
    <message>
        <source>unexpected text after &apos;]&apos; in &quot;%1&quot;</source>
        <translation>“%1”中 &apos;]&apos; 之后有多余的文字</translation>
    </message>
    <message>
        <source>missing host name in &quot;%1&quot;</source>
        <translation>“%1”中缺少主机名</translation>
    </message>
    <message>
        <source>invalid port &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>“%2”中的端口“%1”无效</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a four-letter word</source>
        <translation>“%1”不是四字命令</translation>
    </message>
</context>
<context>
    <name>zooscope::client::ConnectString</name>
    <message>
        <source>invalid chroot &quot;%1&quot;: %2</source>
        <translation>chroot“%1”无效：%2</translation>
    </message>
    <message>
        <source>no server given</source>
        <translation>未指定服务器</translation>
    </message>
    <message>
        <source>empty server entry in &quot;%1&quot;</source>
        <translation>“%1”中有空的服务器项</translation>
    </message>
</context>
<context>
    <name>zooscope::client::FourLetterWordQuery</name>
    <message>
        <source>%1:%2: no complete answer to &quot;%3&quot; within %4 ms</source>
        <translation>%1:%2：%4 毫秒内未收到“%3”的完整回答</translation>
    </message>
    <message>
        <source>%1:%2: answer larger than %3 bytes</source>
        <translation>%1:%2：回答超过 %3 字节</translation>
    </message>
</context>
<context>
    <name>zooscope::client::FrameDecoder</name>
    <message>
        <source>packet length %1 is out of range (jute.maxbuffer is %2)</source>
        <translation>数据包长度 %1 超出范围（jute.maxbuffer 为 %2）</translation>
    </message>
</context>
<context>
    <name>zooscope::client::ZooKeeperClient</name>
    <message>
        <source>No session established with %1 within %2 ms</source>
        <translation>%2 毫秒内未能与 %1 建立会话</translation>
    </message>
    <message>
        <source>Invalid connect string &quot;%1&quot;: %2</source>
        <translation>连接串“%1”无效：%2</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 关闭了连接</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>malformed reply header</source>
        <translation>回复头格式错误</translation>
    </message>
    <message>
        <source>reply with xid %1 while no request is outstanding</source>
        <translation>没有待处理的请求时收到 xid 为 %1 的回复</translation>
    </message>
    <message>
        <source>Xid out of order: got xid %1, expected xid %2</source>
        <translation>xid 顺序错误：收到 %1，应为 %2</translation>
    </message>
    <message>
        <source>malformed %1 reply</source>
        <translation>%1 回复格式错误</translation>
    </message>
    <message>
        <source>malformed connect response</source>
        <translation>连接响应格式错误</translation>
    </message>
    <message>
        <source>Session %1 expired</source>
        <translation>会话 %1 已过期</translation>
    </message>
    <message>
        <source>malformed watch notification</source>
        <translation>监视通知格式错误</translation>
    </message>
    <message>
        <source>Authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>No answer from %1 for %2 ms (session timeout %3 ms)</source>
        <translation>%1 已 %2 毫秒无应答（会话超时 %3 毫秒）</translation>
    </message>
    <message>
        <source>Protocol error from %1: %2</source>
        <translation>来自 %1 的协议错误：%2</translation>
    </message>
    <message>
        <source>the server answered %1</source>
        <translation>服务器回复 %1</translation>
    </message>
    <message>
        <source>the server sent no SASL token (it has no SASL configuration, or it tolerated a failed login)</source>
        <translation>服务器没有发送 SASL 令牌（它未配置 SASL，或容忍了一次失败的登录）</translation>
    </message>
    <message>
        <source>SASL authentication failed: %1</source>
        <translation>SASL 认证失败：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ensemble::LocalEnsemble</name>
    <message>
        <source>Cannot create a temporary directory for the ensemble: %1</source>
        <translation>无法为集群创建临时目录：%1</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Member %1 did not start: %2</source>
        <translation>成员 %1 未能启动：%2</translation>
    </message>
    <message>
        <source>Member %1 was not added: %2</source>
        <translation>成员 %1 未能加入：%2</translation>
    </message>
    <message>
        <source>Member %1 was not removed: %2</source>
        <translation>成员 %1 未能移除：%2</translation>
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
    <message>
        <source>Choose a PEM file</source>
        <translation>选择 PEM 文件</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.cer *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Use TLS (the server&apos;s secureClientPort)</source>
        <translation>使用 TLS（服务器的 secureClientPort）</translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation>CA 证书：</translation>
    </message>
    <message>
        <source>Client certificate:</source>
        <translation>客户端证书：</translation>
    </message>
    <message>
        <source>PEM file, when the server asks for one (ssl.clientAuth)</source>
        <translation>PEM 文件，服务器要求时使用（ssl.clientAuth）</translation>
    </message>
    <message>
        <source>Client key:</source>
        <translation>客户端私钥：</translation>
    </message>
    <message>
        <source>PEM private key of the client certificate (empty: in the same file)</source>
        <translation>客户端证书的 PEM 私钥（留空：与证书在同一文件中）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>SASL login (DIGEST-MD5)</source>
        <translation>SASL 登录（DIGEST-MD5）</translation>
    </message>
    <message>
        <source>For servers with a JAAS Server section: the user and password of its DigestLoginModule. The login runs before every other request.</source>
        <translation>适用于配置了 JAAS Server 段的服务器：填写其 DigestLoginModule 中的用户名和密码。登录在其他所有请求之前进行。</translation>
    </message>
    <message>
        <source>SASL user:</source>
        <translation>SASL 用户：</translation>
    </message>
    <message>
        <source>SASL password:</source>
        <translation>SASL 密码：</translation>
    </message>
    <message>
        <source>empty: no SASL login</source>
        <translation>留空：不进行 SASL 登录</translation>
    </message>
    <message>
        <source>Choose a CA certificate or trust store</source>
        <translation>选择 CA 证书或信任库</translation>
    </message>
    <message>
        <source>Certificates and trust stores (*.pem *.crt *.cer *.der *.jks *.p12 *.pfx);;All files (*)</source>
        <translation>证书和信任库 (*.pem *.crt *.cer *.der *.jks *.p12 *.pfx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>PEM file or JKS/PKCS12 trust store of the CA that signed the server (empty: the system&apos;s CAs)</source>
        <translation>签发服务器证书的 CA 的 PEM 文件或 JKS/PKCS12 信任库（留空：使用系统 CA）</translation>
    </message>
    <message>
        <source>Trust store password:</source>
        <translation>信任库密码：</translation>
    </message>
    <message>
        <source>Only for a JKS or PKCS12 trust store</source>
        <translation>仅用于 JKS 或 PKCS12 信任库</translation>
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
    <message>
        <source>TLS handshake with %1</source>
        <translation>与 %1 进行 TLS 握手</translation>
    </message>
    <message>
        <source>%1, %2; server certificate %3, issued by %4, valid until %5</source>
        <translation>%1，%2；服务器证书 %3，由 %4 签发，有效期至 %5</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is for %1, not for %2: connect with a name the certificate lists.</source>
        <translation>服务器证书是为 %1 签发的，而不是 %2：请使用证书中列出的名称连接。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate (%1, issued by %2) is not signed by a CA you trust: choose the CA certificate that signed it (%3).</source>
        <translation>服务器证书（%1，由 %2 签发）不是由您信任的 CA 签发的：请选择签发它的 CA 证书（%3）。</translation>
    </message>
    <message>
        <source>No TLS handshake within 5 s: is this the server&apos;s secureClientPort?</source>
        <translation>5 秒内未完成 TLS 握手：这是服务器的 secureClientPort 吗？</translation>
    </message>
    <message>
        <source>This port serves plain (non-TLS) ZooKeeper connections: turn TLS off in the profile, or use the server&apos;s secureClientPort.</source>
        <translation>此端口提供的是明文（非 TLS）ZooKeeper 连接：请在配置中关闭 TLS，或使用服务器的 secureClientPort。</translation>
    </message>
    <message>
        <source>The server refused the TLS handshake (%1). It probably asks for a client certificate (ssl.clientAuth) that was not given or that a CA in its ssl.trustStore did not sign.</source>
        <translation>服务器拒绝了 TLS 握手（%1）。它很可能要求客户端证书（ssl.clientAuth），而该证书未提供，或不是由其 ssl.trustStore 中的 CA 签发的。</translation>
    </message>
    <message>
        <source>SASL login as %1</source>
        <translation>以 %1 进行 SASL 登录</translation>
    </message>
    <message>
        <source>No SASL login within the timeout; last problem: %1</source>
        <translation>超时内未完成 SASL 登录；最后的问题：%1</translation>
    </message>
    <message>
        <source>whoAmI after the SASL login failed: %1</source>
        <translation>SASL 登录后的 whoAmI 失败：%1</translation>
    </message>
    <message>
        <source>logged in; the server knows this session as %1</source>
        <translation>已登录；服务器识别此会话的身份为 %1</translation>
    </message>
    <message>
        <source>the exchange ended, but the server granted no sasl identity (%1)</source>
        <translation>交换已结束，但服务器没有授予 sasl 身份（%1）</translation>
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
        <source>KeeperErrorCode = Quota has exceeded for %1</source>
        <translation>KeeperErrorCode = 超出配额：%1</translation>
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
  whoami
  setquota -n|-b|-N|-B val path
  listquota path
  delquota [-n|-b|-N|-B] path
  config [-c] [-w] [-s]
  reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]</source>
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
  whoami
  setquota -n|-b|-N|-B 值 路径
  listquota 路径
  delquota [-n|-b|-N|-B] 路径
  config [-c] [-w] [-s]
  reconfig [-s] [-v 版本] [[-file 路径] | [-members 服务器ID=主机:端口1:端口2;端口3[,...]*]] | [-add 服务器ID=主机:端口1:端口2;端口3[,...]]* [-remove 服务器ID[,...]*]</translation>
    </message>
    <message>
        <source>Missing argument for option: %1</source>
        <translation>选项缺少参数：%1</translation>
    </message>
    <message>
        <source>Unrecognized option: %1</source>
        <translation>无法识别的选项：%1</translation>
    </message>
    <message>
        <source>Node does not exist: </source>
        <translation>节点不存在：</translation>
    </message>
    <message>
        <source>version No is not valid : </source>
        <translation>版本号无效：</translation>
    </message>
    <message>
        <source>Insufficient permission : </source>
        <translation>权限不足：</translation>
    </message>
    <message>
        <source>KeeperErrorCode = Unimplemented (this server does not support reconfig; Apache ZooKeeper 3.5 or later with reconfigEnabled=true does)</source>
        <translation>KeeperErrorCode = Unimplemented（此服务器不支持 reconfig；启用 reconfigEnabled=true 的 Apache ZooKeeper 3.5 及以上版本支持）</translation>
    </message>
    <message>
        <source>KeeperErrorCode = Reconfig is disabled</source>
        <translation>KeeperErrorCode = Reconfig is disabled（重新配置已禁用）</translation>
    </message>
    <message>
        <source>KeeperErrorCode = No quorum of new config is connected and up-to-date with the leader of last commmitted config - try invoking reconfiguration after new servers are connected and synced</source>
        <translation>KeeperErrorCode = 新配置中没有达到法定人数的成员已连接并与上次提交配置的领导者同步——请在新服务器连接并同步后再重新配置</translation>
    </message>
    <message>
        <source>KeeperErrorCode = Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)</source>
        <translation>KeeperErrorCode = 另一个重新配置正在进行——（暂）不支持并发重新配置</translation>
    </message>
    <message>
        <source>KeeperErrorCode = %1</source>
        <translation>KeeperErrorCode = %1</translation>
    </message>
    <message>
        <source>-v must be followed by a long (configuration version)</source>
        <translation>-v 后面必须跟一个长整数（配置版本）</translation>
    </message>
    <message>
        <source>Can&apos;t use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)</source>
        <translation>-file 或 -members 不能与 -add 或 -remove 同时使用（不允许混用增量与非增量模式）</translation>
    </message>
    <message>
        <source>Can&apos;t use -file and -members together (conflicting non-incremental modes)</source>
        <translation>-file 与 -members 不能同时使用（非增量模式冲突）</translation>
    </message>
    <message>
        <source>Error processing %1: %2</source>
        <translation>处理 %1 时出错：%2</translation>
    </message>
    <message>
        <source>Error processing %1: no server.N lines</source>
        <translation>处理 %1 时出错：没有 server.N 行</translation>
    </message>
    <message>
        <source>Committed new configuration:
%1</source>
        <translation>已提交新配置：
%1</translation>
    </message>
    <message>
        <source>org.apache.commons.cli.AlreadySelectedException: The option &apos;%1&apos; was specified but an option from this group has already been selected: &apos;%2&apos;</source>
        <translation>org.apache.commons.cli.AlreadySelectedException：指定了选项“%1”，但同组中已选择了选项“%2”</translation>
    </message>
    <message>
        <source>Path length must be &gt; 0</source>
        <translation>路径长度必须大于 0</translation>
    </message>
    <message>
        <source>Path must start with / character</source>
        <translation>路径必须以 / 字符开头</translation>
    </message>
    <message>
        <source>Path must not end with / character</source>
        <translation>路径不能以 / 字符结尾</translation>
    </message>
    <message>
        <source>cannot set a quota under the path: %1</source>
        <translation>不能在此路径下设置配额：%1</translation>
    </message>
    <message>
        <source>NumberFormatException happens when parsing the option value</source>
        <translation>解析选项值时发生 NumberFormatException（不是有效的数字）</translation>
    </message>
    <message>
        <source>the num quota must be greater than zero</source>
        <translation>节点数配额必须大于零</translation>
    </message>
    <message>
        <source>the bytes quota must be greater than or equal to zero</source>
        <translation>字节配额必须大于或等于零</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>Invalid path string &quot;%1&quot;</source>
        <translation>无效的路径字符串“%1”</translation>
    </message>
    <message>
        <source>%1 has a child %2 which has a quota</source>
        <translation>%1 的子节点 %2 已设置配额</translation>
    </message>
    <message>
        <source>%1 has a parent %2 which has a quota</source>
        <translation>%1 的父节点 %2 已设置配额</translation>
    </message>
    <message>
        <source>[Warning]: the count quota you create is less than the existing count:%1</source>
        <translation>[警告]：设置的节点数配额小于现有节点数：%1</translation>
    </message>
    <message>
        <source>[Warning]: the bytes quota you create is less than the existing bytes:%1</source>
        <translation>[警告]：设置的字节配额小于现有字节数：%1</translation>
    </message>
    <message>
        <source>absolute path is %1</source>
        <translation>绝对路径为 %1</translation>
    </message>
    <message>
        <source>quota for %1 does not exist.</source>
        <translation>%1 的配额不存在。</translation>
    </message>
    <message>
        <source>Output quota for %1 %2</source>
        <translation>%1 的配额 %2</translation>
    </message>
    <message>
        <source>Output stat for %1 %2</source>
        <translation>%1 的统计 %2</translation>
    </message>
    <message>
        <source>Quota does not exist for %1</source>
        <translation>%1 没有配额</translation>
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
    <name>zooscope::ui::LocalEnsembleController</name>
    <message>
        <source>The local ensemble did not start: %1</source>
        <translation>本地集群未能启动：%1</translation>
    </message>
    <message>
        <source>Local ensemble</source>
        <translation>本地集群</translation>
    </message>
    <message>
        <source>The local ensemble stopped</source>
        <translation>本地集群已停止</translation>
    </message>
    <message>
        <source>down</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>跟随者</translation>
    </message>
    <message>
        <source>observer</source>
        <translation>观察者</translation>
    </message>
    <message>
        <source>looking</source>
        <translation>选举中</translation>
    </message>
    <message>
        <source>%1: port %2 (%3)</source>
        <translation>%1：端口 %2（%3）</translation>
    </message>
    <message>
        <source>Local ensemble — %1</source>
        <translation>本地集群 — %1</translation>
    </message>
    <message>
        <source>&amp;Ensemble</source>
        <translation>集群(&amp;E)</translation>
    </message>
    <message>
        <source>Ensemble</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>&amp;Start Local Ensemble (3 Members)</source>
        <translation>启动本地集群（3 个成员）(&amp;S)</translation>
    </message>
    <message>
        <source>Start Local Ensemble (5 Members + &amp;Observer)</source>
        <translation>启动本地集群（5 个成员 + 观察者）(&amp;O)</translation>
    </message>
    <message>
        <source>S&amp;top Local Ensemble</source>
        <translation>停止本地集群(&amp;T)</translation>
    </message>
    <message>
        <source>Show Ensemble &amp;Studio</source>
        <translation>显示集群工作室(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Classroom (Simulated Ensemble)</source>
        <translation>课堂（模拟集群）(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Presenter Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>%1 (this computer only)</source>
        <translation>%1（仅本机）</translation>
    </message>
    <message>
        <source>%1 (reachable from other computers)</source>
        <translation>%1（其他计算机可访问）</translation>
    </message>
    <message>
        <source>Local ensembles started from now on listen on %1</source>
        <translation>此后启动的本地集群监听 %1</translation>
    </message>
    <message>
        <source>Members &amp;Listen On</source>
        <translation>成员监听地址(&amp;L)</translation>
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
    <message>
        <source>&amp;Filter Tree</source>
        <translation>筛选树(&amp;F)</translation>
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
    <name>zooscope::ui::TreeFilterBar</name>
    <message>
        <source>Reading every node under %1 (at most %2): %3 read, %4 matching</source>
        <translation>正在读取 %1 下的每个节点（最多 %2 个）：已读 %3 个，匹配 %4 个</translation>
    </message>
    <message>
        <source>Stopped after %1 nodes under %2 (the limit): %3 matching, listed below</source>
        <translation>已在 %2 下读取 %1 个节点后停止（达到上限）：匹配 %3 个，列在下方</translation>
    </message>
    <message>
        <source>Every node under %1 read (%2): %3 matching, listed below; double-click one to show it</source>
        <translation>已读取 %1 下的全部节点（%2 个）：匹配 %3 个，列在下方；双击可在树中显示</translation>
    </message>
    <message>
        <source>Reading the data of the %1 loaded nodes under %2: %3 read, %4 matching</source>
        <translation>正在读取 %2 下 %1 个已加载节点的数据：已读 %3 个，匹配 %4 个</translation>
    </message>
    <message>
        <source>Data of the %1 loaded nodes under %2 searched: %3 matching. Search subtree reads every node below it.</source>
        <translation>已搜索 %2 下 %1 个已加载节点的数据：匹配 %3 个。“搜索子树”会读取其下的每个节点。</translation>
    </message>
    <message>
        <source>Filtering the names of the loaded nodes under %1</source>
        <translation>正在按名称筛选 %1 下的已加载节点</translation>
    </message>
    <message>
        <source>Filtering the paths of the loaded nodes under %1</source>
        <translation>正在按路径筛选 %1 下的已加载节点</translation>
    </message>
    <message>
        <source>Searching the data of the loaded nodes under %1</source>
        <translation>正在搜索 %1 下已加载节点的数据</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>What the filter text is matched against: names or paths of the loaded nodes, or the data of nodes (read in the background)</source>
        <translation>筛选文本匹配的对象：已加载节点的名称或路径，或节点的数据（在后台读取）</translation>
    </message>
    <message>
        <source>Filter loaded nodes by name</source>
        <translation>按名称筛选已加载的节点</translation>
    </message>
    <message>
        <source>Filter loaded nodes by path</source>
        <translation>按路径筛选已加载的节点</translation>
    </message>
    <message>
        <source>Find text in the data of nodes</source>
        <translation>在节点数据中查找文本</translation>
    </message>
    <message>
        <source>Only under selected</source>
        <translation>仅限所选节点之下</translation>
    </message>
    <message>
        <source>Only under %1</source>
        <translation>仅限 %1 之下</translation>
    </message>
    <message>
        <source>Limit the filter to the subtree of the selected node; press again for the whole tree</source>
        <translation>将筛选限制在所选节点的子树内；再按一次则作用于整棵树</translation>
    </message>
    <message>
        <source>Search subtree</source>
        <translation>搜索子树</translation>
    </message>
    <message>
        <source>Read the data of every node under %1, loaded or not (at most %2 nodes)</source>
        <translation>读取 %1 下每个节点的数据，无论是否已加载（最多 %2 个节点）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
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
    <message>
        <source>The transaction of the change: read from the node after the event (mzxid, czxid or pzxid), so a later change that lands first shows its own zxid</source>
        <translation>这次变更的事务：在事件之后从节点读取（mzxid、czxid 或 pzxid），因此若之后的变更先到达，显示的是那次变更的 zxid</translation>
    </message>
    <message>
        <source>The node&apos;s data before the change, known for nodes the studio watched and had read</source>
        <translation>变更前的节点数据，仅对工作室已监视并读取过的节点可知</translation>
    </message>
    <message>
        <source>The node&apos;s data read just after the event</source>
        <translation>事件发生后立即读取的节点数据</translation>
    </message>
    <message>
        <source>Zxid</source>
        <translation>Zxid</translation>
    </message>
    <message>
        <source>Data before</source>
        <translation>变更前数据</translation>
    </message>
    <message>
        <source>Data after</source>
        <translation>变更后数据</translation>
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
<context>
    <name>zooscope::ui::ensemble::BroadcastPanel</name>
    <message>
        <source>&lt;b&gt;Broadcast&lt;/b&gt;</source>
        <translation>&lt;b&gt;原子广播&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Transaction history</source>
        <translation>事务历史</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::ElectionPanel</name>
    <message>
        <source>&lt;b&gt;Election&lt;/b&gt;</source>
        <translation>&lt;b&gt;选举&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Votes received</source>
        <translation>收到的选票</translation>
    </message>
    <message>
        <source>Votes compare by epoch, then zxid, then server id; the field that decided is highlighted.</source>
        <translation>选票依次比较 epoch、zxid 和服务器 id；起决定作用的字段会高亮显示。</translation>
    </message>
    <message>
        <source>Own vote: none (an observer waits to hear whom the voters follow)</source>
        <translation>自己的选票：无（观察者等待得知投票者跟随谁）</translation>
    </message>
    <message>
        <source>Own vote: member %1, zxid %2, epoch %3; round %4; %5</source>
        <translation>自己的选票：成员 %1，zxid %2，epoch %3；第 %4 轮；%5</translation>
    </message>
    <message>
        <source>Quorum reached: waiting the finalize time for a better vote.</source>
        <translation>已达到法定人数：在最终确认时间内等待更好的选票。</translation>
    </message>
    <message>
        <source>Decided: %1</source>
        <translation>已决定：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::ElectionTableModel</name>
    <message>
        <source>No vote yet</source>
        <translation>尚无选票</translation>
    </message>
    <message>
        <source>%1 of %2 voters agree on member %3 (a quorum is %4)</source>
        <translation>%2 个投票者中有 %1 个同意成员 %3（法定人数为 %4）</translation>
    </message>
    <message>
        <source>%1 (itself)</source>
        <translation>%1（自己）</translation>
    </message>
    <message>
        <source>ignored: %1</source>
        <translation>已忽略：%1</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>stronger</source>
        <translation>更强</translation>
    </message>
    <message>
        <source>weaker</source>
        <translation>更弱</translation>
    </message>
    <message>
        <source>same candidate</source>
        <translation>相同候选者</translation>
    </message>
    <message>
        <source>Decided by the epoch: the higher epoch wins.</source>
        <translation>由 epoch 决定：epoch 更高者获胜。</translation>
    </message>
    <message>
        <source>Same epoch: decided by the zxid, the longer history wins.</source>
        <translation>epoch 相同：由 zxid 决定，历史更长者获胜。</translation>
    </message>
    <message>
        <source>Same epoch and zxid: decided by the server id, the higher id wins.</source>
        <translation>epoch 和 zxid 都相同：由服务器 id 决定，id 更大者获胜。</translation>
    </message>
    <message>
        <source>Compared with the member&apos;s own vote</source>
        <translation>与该成员自己的选票相比</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Votes for</source>
        <translation>投给</translation>
    </message>
    <message>
        <source>Zxid</source>
        <translation>Zxid</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoch</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Sender state</source>
        <translation>发送者状态</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>比较结果</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::EngineTexts</name>
    <message>
        <source>election not started</source>
        <translation>选举尚未开始</translation>
    </message>
    <message>
        <source>we are not looking</source>
        <translation>本成员不在 LOOKING 状态</translation>
    </message>
    <message>
        <source>an observer answers nothing</source>
        <translation>观察者不作应答</translation>
    </message>
    <message>
        <source>finalize wait: not better than our proposal</source>
        <translation>最终等待期间：不优于我们的提议</translation>
    </message>
    <message>
        <source>proposes a member that does not vote</source>
        <translation>提议的成员没有投票权</translation>
    </message>
    <message>
        <source>from an observer</source>
        <translation>来自观察者</translation>
    </message>
    <message>
        <source>our zxid is -1</source>
        <translation>本成员的 zxid 为 -1</translation>
    </message>
    <message>
        <source>its zxid is -1</source>
        <translation>对方的 zxid 为 -1</translation>
    </message>
    <message>
        <source>from an earlier round</source>
        <translation>来自更早的轮次</translation>
    </message>
    <message>
        <source>members %1 and %2 both established epoch %3</source>
        <translation>成员 %1 和 %2 都建立了纪元 %3</translation>
    </message>
    <message>
        <source>member %1 is past committed %2 without it</source>
        <translation>成员 %1 已越过已提交的 %2，却没有应用它</translation>
    </message>
    <message>
        <source>member %1 applied %2 after %3: out of order</source>
        <translation>成员 %1 在 %3 之后应用了 %2：顺序错误</translation>
    </message>
    <message>
        <source>member %1 skipped committed %2 (applied %3 after %4)</source>
        <translation>成员 %1 跳过了已提交的 %2（在 %4 之后应用了 %3）</translation>
    </message>
    <message>
        <source>member %1 truncated committed %2 (TRUNC to %3)</source>
        <translation>成员 %1 截断了已提交的 %2（TRUNC 到 %3）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>voters %1; observers %2</source>
        <translation>投票成员 %1；观察者 %2</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::EnsemblePalette</name>
    <message>
        <source>LOOKING</source>
        <translation>LOOKING（选举中）</translation>
    </message>
    <message>
        <source>FOLLOWING</source>
        <translation>FOLLOWING（跟随者）</translation>
    </message>
    <message>
        <source>LEADING</source>
        <translation>LEADING（领导者）</translation>
    </message>
    <message>
        <source>OBSERVING</source>
        <translation>OBSERVING（观察者）</translation>
    </message>
    <message>
        <source>DOWN</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Member %1 (%2)</source>
        <translation>成员 %1（%2）</translation>
    </message>
    <message>
        <source>observer</source>
        <translation>观察者</translation>
    </message>
    <message>
        <source>voter</source>
        <translation>投票者</translation>
    </message>
    <message>
        <source>State: %1%2</source>
        <translation>状态：%1%2</translation>
    </message>
    <message>
        <source>, serving</source>
        <translation>，正在服务</translation>
    </message>
    <message>
        <source>Leader: %1</source>
        <translation>领导者：%1</translation>
    </message>
    <message>
        <source>Epoch: current %1, accepted %2; election round %3</source>
        <translation>Epoch：当前 %1，已接受 %2；选举轮次 %3</translation>
    </message>
    <message>
        <source>Vote: leader %1, zxid %2, epoch %3</source>
        <translation>选票：领导者 %1，zxid %2，epoch %3</translation>
    </message>
    <message>
        <source>Last zxid %1 (%2), committed %3 (%4)</source>
        <translation>最后 zxid %1（%2），已提交 %3（%4）</translation>
    </message>
    <message>
        <source>Last synchronized by %1</source>
        <translation>上次同步方式：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>Election ended: %1</source>
        <translation>选举结束：%1</translation>
    </message>
    <message>
        <source>Last role lost: %1</source>
        <translation>上次失去角色：%1</translation>
    </message>
    <message>
        <source>From member %1 to member %2</source>
        <translation>从成员 %1 到成员 %2</translation>
    </message>
    <message>
        <source>Sent at %1 ms</source>
        <translation>发送于 %1 毫秒</translation>
    </message>
    <message>
        <source>Delivered at %1 ms</source>
        <translation>送达于 %1 毫秒</translation>
    </message>
    <message>
        <source>Lost on the way</source>
        <translation>在途中丢失</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>传输中</translation>
    </message>
    <message>
        <source>Vote: leader %1, zxid %2 (%3), peer epoch %4, round %5, sender %6</source>
        <translation>选票：领导者 %1，zxid %2（%3），peer epoch %4，轮次 %5，发送者 %6</translation>
    </message>
    <message>
        <source>a quorum agreed and the finalize wait passed quietly</source>
        <translation>法定人数已达成一致，且最终等待期内没有新的选票</translation>
    </message>
    <message>
        <source>a quorum of this round follows it</source>
        <translation>本轮的法定人数跟随它</translation>
    </message>
    <message>
        <source>joined the leader a quorum already follows</source>
        <translation>加入了法定人数已跟随的领导者</translation>
    </message>
    <message>
        <source>Election: a notification of the sender&apos;s vote</source>
        <translation>选举：发送者当前选票的通知</translation>
    </message>
    <message>
        <source>Discovery: the learner reports its accepted epoch and last zxid</source>
        <translation>发现阶段：学习者报告其已接受的纪元和最后的 zxid</translation>
    </message>
    <message>
        <source>Discovery: the leader proposes its new epoch</source>
        <translation>发现阶段：领导者提出新的纪元</translation>
    </message>
    <message>
        <source>Discovery: the learner accepts the new epoch and reports its last zxid</source>
        <translation>发现阶段：学习者接受新纪元并报告其最后的 zxid</translation>
    </message>
    <message>
        <source>Synchronization: how the leader brings the learner&apos;s log in line with its own</source>
        <translation>同步阶段：领导者如何使学习者的日志与自己的一致</translation>
    </message>
    <message>
        <source>Synchronization: the end of the leader&apos;s history; acknowledged once it is on disk</source>
        <translation>同步阶段：领导者历史的末尾；落盘后才确认</translation>
    </message>
    <message>
        <source>Synchronization: the learner holds the leader&apos;s history</source>
        <translation>同步阶段：学习者已持有领导者的历史</translation>
    </message>
    <message>
        <source>Synchronization done: the learner serves clients</source>
        <translation>同步完成：学习者开始为客户端服务</translation>
    </message>
    <message>
        <source>Broadcast: a transaction to log</source>
        <translation>广播：一个待记录的事务</translation>
    </message>
    <message>
        <source>Broadcast: logged up to this zxid</source>
        <translation>广播：已记录到此 zxid</translation>
    </message>
    <message>
        <source>Broadcast: a quorum logged it, apply up to this zxid</source>
        <translation>广播：法定人数已记录，应用到此 zxid</translation>
    </message>
    <message>
        <source>Broadcast to an observer: a committed transaction</source>
        <translation>向观察者广播：一个已提交的事务</translation>
    </message>
    <message>
        <source>A client write forwarded to the leader</source>
        <translation>转发给领导者的客户端写请求</translation>
    </message>
    <message>
        <source>Configuration activated by reconfig: %1</source>
        <translation>经 reconfig 生效的配置：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::EnsembleStudio</name>
    <message>
        <source>Classroom:</source>
        <translation>课堂：</translation>
    </message>
    <message>
        <source>voters: </source>
        <translation>投票者：</translation>
    </message>
    <message>
        <source>observers: </source>
        <translation>观察者：</translation>
    </message>
    <message>
        <source>New simulated ensemble</source>
        <translation>新建模拟集群</translation>
    </message>
    <message>
        <source>Presenter mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Large fonts, captions and chapters; keyboard only (F5, Esc to leave)</source>
        <translation>大字体、字幕和章节；仅用键盘操作（F5 进入，Esc 退出）</translation>
    </message>
    <message>
        <source>Export trace…</source>
        <translation>导出跟踪…</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Election</source>
        <translation>选举</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>原子广播</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Cannot load the scenario: %1</source>
        <translation>无法加载场景：%1</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>导出跟踪</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Trace written to %1</source>
        <translation>跟踪已写入 %1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Image written to %1</source>
        <translation>图像已写入 %1</translation>
    </message>
    <message>
        <source>Animation ×%1</source>
        <translation>动画速度 ×%1</translation>
    </message>
    <message>
        <source>How fast messages travel on screen</source>
        <translation>消息在屏幕上移动的速度</translation>
    </message>
    <message>
        <source>Recipe step ▶</source>
        <translation>配方下一步 ▶</translation>
    </message>
    <message>
        <source>Run the recipe&apos;s next client operation against the live ensemble (N)</source>
        <translation>对实时集群执行配方的下一个客户端操作（N）</translation>
    </message>
    <message>
        <source>Choose a recipe…</source>
        <translation>选择一个配方…</translation>
    </message>
    <message>
        <source>Recipes run against a live ensemble.</source>
        <translation>配方需要在实时集群上运行。</translation>
    </message>
    <message>
        <source>Cannot load the recipe: %1</source>
        <translation>无法加载配方：%1</translation>
    </message>
    <message>
        <source>The recipe stopped: %1</source>
        <translation>配方已停止：%1</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::EnsembleView</name>
    <message>
        <source>Ensemble</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>No ensemble</source>
        <translation>没有集群</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>epoch %1</translation>
    </message>
    <message>
        <source>last %1</source>
        <translation>最后 %1</translation>
    </message>
    <message>
        <source>committed %1</source>
        <translation>已提交 %1</translation>
    </message>
    <message>
        <source>votes for %1</source>
        <translation>投票给 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (observer)</source>
        <translation>%1（观察者）</translation>
    </message>
    <message>
        <source>%1 (lost)</source>
        <translation>%1（已丢失）</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) in flight: shown as at most %1 dots per link</source>
        <translation>
            <numerusform>%n 条消息在途：每条链路最多显示 %1 个点</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::FaultControls</name>
    <message>
        <source>Kill</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Kill the leader</source>
        <translation>终止领导者</translation>
    </message>
    <message>
        <source>Partition checked members</source>
        <translation>隔离勾选的成员</translation>
    </message>
    <message>
        <source>Heal all links</source>
        <translation>恢复所有链路</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>阻断</translation>
    </message>
    <message>
        <source>Apply to link</source>
        <translation>应用到链路</translation>
    </message>
    <message>
        <source>Write once</source>
        <translation>写入一次</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Kill whichever member leads now (K)</source>
        <translation>终止当前的领导者（K）</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>网络分区</translation>
    </message>
    <message>
        <source>Link (one way)</source>
        <translation>链路（单向）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Notification loss</source>
        <translation>通知丢失率</translation>
    </message>
    <message>
        <source>Client writes</source>
        <translation>客户端写入</translation>
    </message>
    <message>
        <source> writes/s</source>
        <translation> 次写入/秒</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Write load</source>
        <translation>写入负载</translation>
    </message>
    <message>
        <source>Member %1 goes to the cut-off side</source>
        <translation>成员 %1 被划到隔离的一侧</translation>
    </message>
    <message>
        <source>Could not kill member %1.</source>
        <translation>无法终止成员 %1。</translation>
    </message>
    <message>
        <source>No member leads right now.</source>
        <translation>当前没有成员担任领导者。</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Start a new voting member and add it to the ensemble (reconfig)</source>
        <translation>启动一个新的投票成员并将其加入集群（reconfig）</translation>
    </message>
    <message>
        <source>Add observer</source>
        <translation>添加观察者</translation>
    </message>
    <message>
        <source>Start a new observer and add it to the ensemble (reconfig)</source>
        <translation>启动一个新的观察者并将其加入集群（reconfig）</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>移除成员</translation>
    </message>
    <message>
        <source>Remove the selected member from the ensemble (reconfig), then stop it</source>
        <translation>将所选成员从集群中移除（reconfig），然后停止它</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::InvariantMonitor</name>
    <message>
        <source>One leader per epoch</source>
        <translation>每个 epoch 只有一个领导者</translation>
    </message>
    <message>
        <source>Committed prefixes agree</source>
        <translation>已提交的前缀一致</translation>
    </message>
    <message>
        <source>No committed write lost</source>
        <translation>已提交的写入不丢失</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::InvariantPanel</name>
    <message>
        <source>✔ %1</source>
        <translation>✔ %1</translation>
    </message>
    <message>
        <source>Holds so far.</source>
        <translation>目前成立。</translation>
    </message>
    <message>
        <source>✖ %1: %2 (event %3)</source>
        <translation>✖ %1：%2（事件 %3）</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::LiveEnsembleFeed</name>
    <message>
        <source>Member %1 did not restart: %2</source>
        <translation>成员 %1 未能重启：%2</translation>
    </message>
    <message>
        <source>The write was not sent: the client is not connected yet or too many writes are pending.</source>
        <translation>写入未发送：客户端尚未连接，或待处理的写入过多。</translation>
    </message>
    <message>
        <source>Member %1 joined the ensemble.</source>
        <translation>成员 %1 已加入集群。</translation>
    </message>
    <message>
        <source>Member %1 left the ensemble and was stopped.</source>
        <translation>成员 %1 已离开集群并已停止。</translation>
    </message>
    <message>
        <source>A reconfiguration is in progress; try again when it has finished.</source>
        <translation>正在进行重新配置；请在其完成后重试。</translation>
    </message>
    <message>
        <source>Member %1 cannot be removed.</source>
        <translation>无法移除成员 %1。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::LiveWriteLoad</name>
    <message>
        <source>Client writes are failing (error %1).</source>
        <translation>客户端写入失败（错误 %1）。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::MemberSelector</name>
    <message>
        <source>Member %1 (%2)</source>
        <translation>成员 %1（%2）</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::ProposalHistoryModel</name>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Acks counted by the leader / acks needed for a quorum</source>
        <translation>领导者已统计的 ACK / 法定人数所需的 ACK</translation>
    </message>
    <message>
        <source>Zxid</source>
        <translation>Zxid</translation>
    </message>
    <message>
        <source>Epoch/counter</source>
        <translation>Epoch/计数器</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>已提议</translation>
    </message>
    <message>
        <source>Acked</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Acks</source>
        <translation>ACK 数</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::SimulationTimeline</name>
    <message>
        <source>The simulator could not do that now.</source>
        <translation>模拟器现在无法执行该操作。</translation>
    </message>
    <message>
        <source>The simulator cannot pause a member; kill it instead.</source>
        <translation>模拟器无法暂停成员；请改为终止它。</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::TimelineControls</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ 后退</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>单步 ▶</translation>
    </message>
    <message>
        <source>Next phase »</source>
        <translation>下一阶段 »</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Rewind</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <source>One event back (Left)</source>
        <translation>后退一个事件（左方向键）</translation>
    </message>
    <message>
        <source>One event forward (Right)</source>
        <translation>前进一个事件（右方向键）</translation>
    </message>
    <message>
        <source>Forward to the next milestone: an election decided, a leader established, a sync, a commit, a fault (Shift+Right)</source>
        <translation>前进到下一个里程碑：选举结束、领导者确立、同步、提交或故障（Shift+右方向键）</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格键）</translation>
    </message>
    <message>
        <source>Back to the start (Home)</source>
        <translation>回到开头（Home 键）</translation>
    </message>
    <message>
        <source> events/s</source>
        <translation> 个事件/秒</translation>
    </message>
    <message>
        <source>Playing speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <source>Scrub along the timeline; a fault injected in the past forks a new future</source>
        <translation>沿时间线拖动；在过去注入的故障会分叉出新的未来</translation>
    </message>
    <message>
        <source>Chapters: the scenario&apos;s steps (Page Up / Page Down)</source>
        <translation>章节：场景的各个步骤（Page Up / Page Down）</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Script stopped: %1</source>
        <translation>脚本已停止：%1</translation>
    </message>
    <message>
        <source>event %1 of %2 · %3 ms</source>
        <translation>第 %1 / %2 个事件 · %3 毫秒</translation>
    </message>
</context>
<context>
    <name>zooscope::ui::ensemble::ZxidProgressChart</name>
    <message>
        <source>Committed transactions per member</source>
        <translation>各成员已提交的事务</translation>
    </message>
    <message>
        <source>Time (ms)</source>
        <translation>时间（毫秒）</translation>
    </message>
    <message>
        <source>Committed, in zxid order</source>
        <translation>已提交（按 zxid 顺序）</translation>
    </message>
    <message>
        <source>Member %1</source>
        <translation>成员 %1</translation>
    </message>
</context>
</TS>
