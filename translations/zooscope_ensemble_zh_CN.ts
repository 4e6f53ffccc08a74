<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
