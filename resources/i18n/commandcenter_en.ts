<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Alerts</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_notifier.py" line="23"/>
        <source>紧急案件：%1</source>
        <translation>Urgent case: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_notifier.py" line="24"/>
        <source>案件超期：%1</source>
        <translation>Case overdue: %1</translation>
    </message>
</context>
<context>
    <name>AlertsButton</name>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_notifier.py" line="107"/>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_notifier.py" line="107"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_notifier.py" line="113"/>
        <source>提醒 %1</source>
        <translation>Alerts %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/alerts/alert_notifier.py" line="116"/>
        <source>提醒</source>
        <translation>Alerts</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../src/commandcenter/app.py" line="129"/>
        <source>网格指挥中心</source>
        <translation>Grid Command Center</translation>
    </message>
</context>
<context>
    <name>CaseActionDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="76"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="111"/>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="121"/>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="64"/>
        <source>处置后照片</source>
        <translation>Photos after</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="137"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="168"/>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="225"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="169"/>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="211"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="170"/>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="213"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="171"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="172"/>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="228"/>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="212"/>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="216"/>
        <source>标记为重复</source>
        <translation>Mark as duplicate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="221"/>
        <source>您的角色不能作重复不予受理</source>
        <translation>Your role cannot reject as duplicate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="225"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="225"/>
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="225"/>
        <source>上报时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="257"/>
        <source>疑似重复案件（同类别、50 米内、7 天内）</source>
        <translation>Possible duplicates (same category, within 50 m and 7 days)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="261"/>
        <source>选中一行后可直接作重复不予受理</source>
        <translation>Select a row to reject this report as its duplicate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="269"/>
        <source>被重复的案件编号</source>
        <translation>Duplicate of case no.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="274"/>
        <source>疑似重复</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="275"/>
        <source>重复案件编号</source>
        <translation>Duplicate of</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="284"/>
        <source>处置人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="289"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="292"/>
        <source>处置层级</source>
        <translation>Handling level</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="298"/>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="302"/>
        <source>当前期限</source>
        <translation>Current deadline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="309"/>
        <source>延长</source>
        <translation>Extend by</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="322"/>
        <source>&#x3000;申请 %1 个工作日</source>
        <translation>  asks for %1 working days</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="328"/>
        <source>申请</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="333"/>
        <source>不予受理理由</source>
        <translation>Reason for rejecting</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="333"/>
        <source>请填写不予受理的理由</source>
        <translation>Give the reason for rejecting</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="334"/>
        <source>处置情况</source>
        <translation>What was done</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="334"/>
        <source>请填写处置情况</source>
        <translation>Describe what was done</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="335"/>
        <source>仍存在的问题</source>
        <translation>Problem still present</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="335"/>
        <source>请填写仍存在的问题</source>
        <translation>Describe the problem still present</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="336"/>
        <source>上报理由</source>
        <translation>Reason for escalating</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="336"/>
        <source>请说明超出街道处置权限的原因</source>
        <translation>Explain why this is beyond the street&apos;s authority</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="337"/>
        <source>延期理由</source>
        <translation>Reason for extension</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="337"/>
        <source>请填写延期理由</source>
        <translation>Give the reason for the extension</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="338"/>
        <source>挂账理由</source>
        <translation>Reason for shelving</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="338"/>
        <source>请填写挂账理由</source>
        <translation>Give the reason for shelving</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="339"/>
        <source>作废理由</source>
        <translation>Reason for voiding</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="339"/>
        <source>请填写作废理由</source>
        <translation>Give the reason for voiding</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="340"/>
        <source>重新启动理由</source>
        <translation>Reason for reopening</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="340"/>
        <source>请填写重新启动的理由</source>
        <translation>Give the reason for reopening</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="352"/>
        <source>请填写重复的案件编号</source>
        <translation>Enter the case number it duplicates</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="354"/>
        <source>不能与本案件自身重复</source>
        <translation>A case cannot duplicate itself</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="356"/>
        <source>延期天数须在 1 到 60 个工作日之间</source>
        <translation>An extension is 1 to 60 working days</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_action_dialog.py" line="428"/>
        <source>请先选中重复的案件</source>
        <translation>Select the case it duplicates first</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="31"/>
        <source>尚无处置反馈</source>
        <translation>No handling reported yet</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="36"/>
        <source>代%1录入</source>
        <translation> on behalf of %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="41"/>
        <source>处置情况（%1，%2）：%3</source>
        <translation>Handling (%1, %2): %3</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="45"/>
        <source>（未填写）</source>
        <translation>(not written)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="63"/>
        <source>处置前照片</source>
        <translation>Photos before</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/verify_evidence.py" line="89"/>
        <source>无照片</source>
        <translation>No photos</translation>
    </message>
</context>
<context>
    <name>CaseEventTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_event_table_model.py" line="15"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_event_table_model.py" line="16"/>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_event_table_model.py" line="17"/>
        <source>经办人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_event_table_model.py" line="18"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_event_table_model.py" line="37"/>
        <source>（照片%1）</source>
        <translation> (%1 photos)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_event_table_model.py" line="43"/>
        <source>代%1录入</source>
        <translation> on behalf of %1</translation>
    </message>
</context>
<context>
    <name>CasePanelDock</name>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="37"/>
        <source>绿灯</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="38"/>
        <source>黄灯</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="39"/>
        <source>红灯（超期）</source>
        <translation>Red (overdue)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="43"/>
        <source>延期</source>
        <translation>Extension</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="44"/>
        <source>挂账</source>
        <translation>Shelving</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="47"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="48"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="49"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="50"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="51"/>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="52"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="53"/>
        <source>上报</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="54"/>
        <source>处置</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="55"/>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="56"/>
        <source>督办/返工</source>
        <translation>Supervision/rework</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="57"/>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="81"/>
        <source>案件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="87"/>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="148"/>
        <source>未选择案件</source>
        <translation>No case selected</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="185"/>
        <source>双击查看原图</source>
        <translation>Double-click for full size</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="193"/>
        <source>（待审批：%1）</source>
        <translation> (awaiting approval: %1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="196"/>
        <source>已督办</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="196"/>
        <source>未督办</source>
        <translation>Not supervised</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_panel_dock.py" line="198"/>
        <source>%1 · %2级 · 返工 %3 次 · 延期 %4 次</source>
        <translation>%1 · %2 level · reworked %3× · extended %4×</translation>
    </message>
</context>
<context>
    <name>CaseQueueTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="56"/>
        <source>绿</source>
        <translation>G</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="57"/>
        <source>黄</source>
        <translation>Y</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="58"/>
        <source>红</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="71"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="72"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="73"/>
        <source>灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="74"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="75"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="77"/>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="82"/>
        <source>上报时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="87"/>
        <source>处置时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="91"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_table_model.py" line="92"/>
        <source>问题描述</source>
        <translation>Description</translation>
    </message>
</context>
<context>
    <name>CaseQueueView</name>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="37"/>
        <source>红灯</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="38"/>
        <source>黄灯</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="39"/>
        <source>绿灯</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="40"/>
        <source>无时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="60"/>
        <source>网格：全部</source>
        <translation>Grid: all</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="62"/>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="64"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="65"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="68"/>
        <source>全部优先级</source>
        <translation>All priorities</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="71"/>
        <source>全部灯色</source>
        <translation>All lights</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="74"/>
        <source>上报日期</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="89"/>
        <source>搜索编号、描述、地址</source>
        <translation>Search number, description, address</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="198"/>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="244"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="199"/>
        <location filename="../../src/commandcenter/ui/queues/case_queue_view.py" line="244"/>
        <source>网格：%s</source>
        <translation>Grid: %s</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="125"/>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="136"/>
        <source>以下操作未被区级平台接受（另一工作站先提交了冲突的操作，或不符合平台规则），只保存在本机。重新提交：按案件当前状态再次记录并上传；放弃：保留在案件记录中，不再列出。</source>
        <translation>The district platform did not take these actions (another workstation committed a conflicting one first, or the platform&apos;s rules refuse them); they are kept on this workstation only. Re-apply: record it again on the case as it is now and upload it; Dismiss: keep it in the case&apos;s history and stop listing it.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="157"/>
        <source>重新提交</source>
        <translation>Re-apply</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="159"/>
        <source>放弃</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="161"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="201"/>
        <source>没有未处理的冲突</source>
        <translation>No conflicts left</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="211"/>
        <source>已重新提交 %1 的“%2”，等待上传</source>
        <translation>Re-applied “%2” on %1; waiting to be uploaded</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="222"/>
        <source>已放弃 %1 的“%2”</source>
        <translation>Dismissed “%2” on %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="239"/>
        <source>未能完成：%s</source>
        <translation>Not done: %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="245"/>
        <source>读取失败：%s</source>
        <translation>Reading failed: %s</translation>
    </message>
</context>
<context>
    <name>DashboardDock</name>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="87"/>
        <source>仪表板</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="99"/>
        <source>今日新增</source>
        <translation>New today</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="100"/>
        <source>在办</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="101"/>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="158"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="102"/>
        <source>本周处置率</source>
        <translation>Handling rate this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="103"/>
        <source>本周结案率</source>
        <translation>Closing rate this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="104"/>
        <source>本周按期结案率</source>
        <translation>On-time rate this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="105"/>
        <source>本周返工率</source>
        <translation>Rework rate this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="153"/>
        <source>每日新增与办结</source>
        <translation>New and closed per day</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="153"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="153"/>
        <source>办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="158"/>
        <source>超期趋势（按处置期限）</source>
        <translation>Overdue trend (by handling deadline)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="162"/>
        <source>在办案件类别（前10）</source>
        <translation>Open cases by category (top 10)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="166"/>
        <source>结案率</source>
        <translation>Closing rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="166"/>
        <source>本周结案率最低的社区</source>
        <translation>Lowest closing rates this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="204"/>
        <source>读取失败</source>
        <translation>Could not read</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/dashboard/dashboard_dock.py" line="222"/>
        <source>%1 · 更新于 %2</source>
        <translation>%1 · updated %2</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="10"/>
        <source>待受理</source>
        <translation>To accept</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="11"/>
        <source>待派遣</source>
        <translation>To dispatch</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="12"/>
        <source>处置中</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="13"/>
        <source>待核查</source>
        <translation>To verify</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="14"/>
        <source>已上报</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="15"/>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="16"/>
        <source>不予受理</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="17"/>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="18"/>
        <source>挂账</source>
        <translation>Shelving</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="19"/>
        <source>值班员</source>
        <translation>Duty officer</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="20"/>
        <source>值班长</source>
        <translation>Shift leader</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="21"/>
        <source>督查员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="22"/>
        <source>网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="23"/>
        <source>网格员</source>
        <translation>Grid member</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="24"/>
        <source>部门联络员</source>
        <translation>Department liaison</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="25"/>
        <source>查看</source>
        <translation>Viewer</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="26"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="27"/>
        <source>区级平台</source>
        <translation>District platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="28"/>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="29"/>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="30"/>
        <source>重要</source>
        <translation>High</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="31"/>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="32"/>
        <source>较低</source>
        <translation>Low</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="33"/>
        <source>网格巡查</source>
        <translation>Grid patrol</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="34"/>
        <source>市民热线</source>
        <translation>Hotline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="35"/>
        <source>代表接待点</source>
        <translation>Deputies&apos; reception</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="36"/>
        <source>上级交办</source>
        <translation>Assigned from above</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="37"/>
        <source>督查发现</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="38"/>
        <source>卫星图斑</source>
        <translation>Satellite</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="39"/>
        <source>台账信息</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="40"/>
        <source>城市提升</source>
        <translation>City improvement</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="41"/>
        <source>社情信息</source>
        <translation>Community info</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="42"/>
        <source>卫星图斑核查</source>
        <translation>Satellite check</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="43"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="44"/>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="45"/>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="46"/>
        <source>区级</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="47"/>
        <source>上报</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="48"/>
        <source>受理立案</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="49"/>
        <source>重复不予受理</source>
        <translation>Reject as duplicate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="50"/>
        <source>无效不予受理</source>
        <translation>Reject as invalid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="51"/>
        <source>派遣</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="52"/>
        <source>上报区级</source>
        <translation>Escalate to district</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="53"/>
        <source>提级</source>
        <translation>Raise level</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="54"/>
        <source>处置反馈</source>
        <translation>Report handling</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="55"/>
        <source>核查通过</source>
        <translation>Verify: pass</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="56"/>
        <source>返工</source>
        <translation>Rework</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="57"/>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="58"/>
        <source>申请延期</source>
        <translation>Request extension</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="59"/>
        <source>批准延期</source>
        <translation>Approve extension</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="60"/>
        <source>申请挂账</source>
        <translation>Request shelving</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="61"/>
        <source>批准挂账</source>
        <translation>Approve shelving</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="62"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="63"/>
        <source>重新启动</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="64"/>
        <source>区级派遣</source>
        <translation>District dispatch</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="65"/>
        <source>区级结案</source>
        <translation>District close</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="66"/>
        <source>超时督办</source>
        <translation>Supervise (overdue)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="67"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="68"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="69"/>
        <source>一级网格</source>
        <translation>Level-1 grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="70"/>
        <source>二级网格</source>
        <translation>Level-2 grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="71"/>
        <source>三级网格</source>
        <translation>Level-3 grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/common/domain_texts.py" line="72"/>
        <source>四级网格</source>
        <translation>Level-4 grid</translation>
    </message>
</context>
<context>
    <name>EscalationWall</name>
    <message>
        <location filename="../../src/commandcenter/ui/wall/escalation_wall.py" line="239"/>
        <location filename="../../src/commandcenter/ui/wall/escalation_wall.py" line="242"/>
        <source>升级督办墙</source>
        <translation>Escalation wall</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/escalation_wall.py" line="255"/>
        <source>全屏（F11）</source>
        <translation>Full screen (F11)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/escalation_wall.py" line="304"/>
        <source>共 %1 件 · 超期 %2 件 · 区级 %3 件</source>
        <translation>%1 cases · %2 overdue · %3 at district</translation>
    </message>
</context>
<context>
    <name>GridTreeDock</name>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_dock.py" line="24"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
</context>
<context>
    <name>GridTreeModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="32"/>
        <source>受理</source>
        <translation>Acc.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="33"/>
        <source>派遣</source>
        <translation>Disp.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="34"/>
        <source>处置</source>
        <translation>Hdl.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="35"/>
        <source>核查</source>
        <translation>Ver.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="36"/>
        <source>超期</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="77"/>
        <location filename="../../src/commandcenter/ui/queues/grid_tree_model.py" line="78"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
</context>
<context>
    <name>HandlerPicker</name>
    <message>
        <location filename="../../src/commandcenter/ui/case/handler_picker.py" line="47"/>
        <source>网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/handler_picker.py" line="47"/>
        <source>职能部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/handler_picker.py" line="47"/>
        <source>联合执法</source>
        <translation>Joint enforcement</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/handler_picker.py" line="119"/>
        <source>请选择网格长</source>
        <translation>Choose a grid leader</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/handler_picker.py" line="121"/>
        <source>请选择职能部门</source>
        <translation>Choose a department</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/handler_picker.py" line="123"/>
        <source>联合执法至少选择两个部门</source>
        <translation>Joint enforcement needs at least two departments</translation>
    </message>
</context>
<context>
    <name>LedgerFilterBar</name>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="52"/>
        <source>已受理问题</source>
        <translation>Accepted problems</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="53"/>
        <source>未办结</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="54"/>
        <source>全部（含待受理、不予受理、已作废）</source>
        <translation>All (incl. to accept, rejected, voided)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="71"/>
        <source>不限日期</source>
        <translation>Any date</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="76"/>
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="78"/>
        <source>按当前条件重新查询（F5）</source>
        <translation>Query again with these filters (F5)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="85"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="86"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="87"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="88"/>
        <source>发现日期</source>
        <translation>Found from</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="93"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="113"/>
        <source>%1（全街道）</source>
        <translation>%1 (whole street)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="115"/>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_filter_bar.py" line="119"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
</context>
<context>
    <name>LedgerImportDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="58"/>
        <source>从 Excel 导入整改台账</source>
        <translation>Import a rectification ledger from Excel</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="67"/>
        <source>尚未选择文件</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="68"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="76"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="91"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="94"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="77"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="91"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="78"/>
        <source>问题描述</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="79"/>
        <source>所属网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="80"/>
        <source>问题类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="81"/>
        <source>发现时间</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="82"/>
        <source>整改状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="87"/>
        <source>行（勾选跳过）</source>
        <translation>Row (tick to skip)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="87"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="94"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="87"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="91"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="94"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="105"/>
        <source>跳过勾选的行并重新检查</source>
        <translation>Skip the ticked rows and check again</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="107"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="110"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="142"/>
        <source>选择整改台账</source>
        <translation>Choose a rectification ledger</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="142"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="170"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="180"/>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="199"/>
        <source>未能完成：%1</source>
        <translation>Could not finish: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="225"/>
        <source>（新编号）</source>
        <translation>(new number)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="240"/>
        <source>将导入 (%1)</source>
        <translation>To import (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="241"/>
        <source>问题 (%1)</source>
        <translation>Problems (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="242"/>
        <source>已跳过 (%1)</source>
        <translation>Skipped (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="245"/>
        <source>全表</source>
        <translation>Whole sheet</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="249"/>
        <source>提示 (%1)</source>
        <translation>Notes (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="258"/>
        <source>选择一个 Excel 台账：导入前会逐行检查并列出问题。</source>
        <translation>Choose an Excel ledger: every row is checked and its problems listed before anything is imported.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="261"/>
        <source>已导入 %1 条案件，跳过 %2 行。</source>
        <translation>Imported %1 cases, skipped %2 rows.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="268"/>
        <source>%1 行有 %2 个问题：改正文件或勾选跳过这些行后重新检查。未导入任何内容。</source>
        <translation>%1 rows have %2 problems: correct the file, or tick those rows to skip them and check again. Nothing was imported.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="273"/>
        <source>工作表 %1 共 %2 行：将导入 %3 条，跳过 %4 行（已有记录）。</source>
        <translation>Sheet %1, %2 rows: %3 cases to import, %4 rows skipped (already recorded).</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_import_dialog.py" line="282"/>
        <source>另有 %1 条提示，见“提示”页。</source>
        <translation> %1 notes: see the Notes tab.</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="20"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="21"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="22"/>
        <source>问题描述</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="23"/>
        <source>所属网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="24"/>
        <source>问题类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="25"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="26"/>
        <source>发现时间</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="27"/>
        <source>责任网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="28"/>
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="29"/>
        <source>整改措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="30"/>
        <source>整改时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="31"/>
        <source>整改状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="32"/>
        <source>办结时间</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_table_model.py" line="33"/>
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="83"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="393"/>
        <source>整改台账</source>
        <translation>Rectification ledger</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="140"/>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="142"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="144"/>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="146"/>
        <source>另存为 Excel…</source>
        <translation>Save as Excel…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="155"/>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="222"/>
        <source>正在查询…</source>
        <translation>Querying…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="133"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="234"/>
        <source>共 %1 条</source>
        <translation>%1 cases</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="251"/>
        <source>查询失败：%1</source>
        <translation>Query failed: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="294"/>
        <source>打印预览 — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="312"/>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="332"/>
        <source>打印失败：%1</source>
        <translation>Printing failed: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="329"/>
        <source>已送打印：%1 页</source>
        <translation>Sent to the printer: %1 pages</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="336"/>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="336"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="339"/>
        <source>另存为 Excel</source>
        <translation>Save as Excel</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="339"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="361"/>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="372"/>
        <source>保存失败：%1</source>
        <translation>Saving failed: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="384"/>
        <source>正在输出…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="411"/>
        <source>所选网格或类别已不存在，请重新选择（%1）</source>
        <translation>The chosen grid or category no longer exists; choose again (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="415"/>
        <source>文件夹不存在（%1）</source>
        <translation>The folder does not exist (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="417"/>
        <source>没有写入权限（%1）</source>
        <translation>No permission to write (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_view.py" line="419"/>
        <source>文件无法写入（%1）</source>
        <translation>The file could not be written (%1)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="180"/>
        <source>登录 / 切换用户…</source>
        <translation>Sign in / switch user…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="185"/>
        <source>用户(&amp;U)</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="187"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/wall_room.py" line="23"/>
        <source>升级督办墙</source>
        <translation>Escalation wall</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/ledger/ledger_room.py" line="28"/>
        <source>整改台账…</source>
        <translation>Rectification ledger…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="193"/>
        <source>报表(&amp;R)</source>
        <translation>&amp;Reports</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_room.py" line="31"/>
        <source>周例会…</source>
        <translation>Weekly review…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="198"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="217"/>
        <source>正在读取数据库…</source>
        <translation>Reading the database…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="313"/>
        <source>当前用户：%s（%s）</source>
        <translation>Signed in: %s (%s)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="337"/>
        <source>已切换为 %s</source>
        <translation>Now signed in as %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_controller.py" line="78"/>
        <source>本机没有加密的系统钥匙串：登录凭据只保存在本次会话中，关闭程序后需重新登录。</source>
        <translation>There is no encrypted system keyring on this computer: the sign-in is kept for this session only; you will sign in again after closing the program.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_controller.py" line="99"/>
        <source>平台要求重新登录</source>
        <translation>The platform asks you to sign in again</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_controller.py" line="101"/>
        <source>登录已失效，请重新登录（%s）</source>
        <translation>Your sign-in has expired; please sign in again (%s)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="345"/>
        <source>当前用户：%s（正在同步人员信息…）</source>
        <translation>Signed in: %s (syncing the people…)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_controller.py" line="113"/>
        <source>已登录区级平台：%s</source>
        <translation>Signed in to the district platform: %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_controller.py" line="115"/>
        <source>平台无法连接，已离线登录：%s（操作将在联网登录后上传）</source>
        <translation>The platform cannot be reached; signed in offline: %s (your actions are uploaded after the next online sign-in)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="407"/>
        <source>在办 %1 件 · 超期 %2 件</source>
        <translation>%1 open · %2 overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="411"/>
        <source>刷新于 %s</source>
        <translation>Refreshed %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="204"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="213"/>
        <source>案件%1已不在当前列表中，未执行%2</source>
        <translation>Case %1 is no longer in the list shown; %2 was not done</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="223"/>
        <source>已记录：%s</source>
        <translation>Recorded: %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="244"/>
        <source>案件已被他人处理，状态已变化，请查看后再操作</source>
        <translation>Someone else has acted on the case and its state changed; look at it again first</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="248"/>
        <source>您的角色不能执行此操作</source>
        <translation>Your role cannot do this</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="250"/>
        <source>案件不存在</source>
        <translation>No such case</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="252"/>
        <source>缺少必填内容</source>
        <translation>Something required is missing</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="254"/>
        <source>内容不符合要求（%1）</source>
        <translation>Not accepted (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="258"/>
        <source>文件无法读取或写入（%1）</source>
        <translation>A file could not be read or written (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="261"/>
        <source>保存失败（%1）</source>
        <translation>Not saved (%1)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/case_controller.py" line="231"/>
        <source>%1未能保存：%2</source>
        <translation>%1 was not saved: %2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/main_window.py" line="468"/>
        <source>读取失败：%s</source>
        <translation>Read failed: %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_room.py" line="20"/>
        <source>督查通报…</source>
        <translation>Supervision notice…</translation>
    </message>
</context>
<context>
    <name>MapDock</name>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="140"/>
        <source>网格地图</source>
        <translation>Grid map</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="171"/>
        <source>网格层级</source>
        <translation>Grid levels</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="173"/>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="174"/>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="175"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="176"/>
        <source>四级</source>
        <translation>Level 4</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_dock.py" line="185"/>
        <source>着色</source>
        <translation>Colour by</translation>
    </message>
</context>
<context>
    <name>MapFigures</name>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_figures.py" line="13"/>
        <source>在办案件</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_figures.py" line="14"/>
        <source>超期案件</source>
        <translation>Overdue cases</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_figures.py" line="15"/>
        <source>本周结案率</source>
        <translation>Closing rate this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_figures.py" line="16"/>
        <source>本周等级</source>
        <translation>Grade this week</translation>
    </message>
</context>
<context>
    <name>MapLink</name>
    <message>
        <location filename="../../src/commandcenter/ui/map/map_link.py" line="186"/>
        <source>此层级无指标</source>
        <translation>No indicators at this level</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="45"/>
        <source>督查通报</source>
        <translation>Supervision notice</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="58"/>
        <source>按所选周次生成督查通报（PDF）：总体情况、超期案件、返工案件、各二级网格排名和工作要求。</source>
        <translation>Writes the supervision notice of the chosen week as a PDF: the overview, the overdue cases, the cases sent back for rework, the ranking of the level-2 grids and the requirements.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="68"/>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="76"/>
        <source>周次</source>
        <translation>Week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="92"/>
        <source>导出督查通报</source>
        <translation>Export the supervision notice</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="92"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="100"/>
        <source>正在生成…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="108"/>
        <source>已导出：%1（%2 页）</source>
        <translation>Exported: %1 (%2 pages)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/notice/notice_dialog.py" line="116"/>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
</context>
<context>
    <name>PeopleTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="63"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="63"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="63"/>
        <source>角色</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="63"/>
        <source>网格 / 部门</source>
        <translation>Grid / department</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="96"/>
        <source>（无角色）</source>
        <translation>(no role)</translation>
    </message>
</context>
<context>
    <name>PhotoPicker</name>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="43"/>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="45"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="101"/>
        <source>%1 不是有效的图片文件</source>
        <translation>%1 is not a valid image</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="107"/>
        <source>%1 不是图片文件</source>
        <translation>%1 is not an image file</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="110"/>
        <source>%1 超过 %2 MB</source>
        <translation>%1 is larger than %2 MB</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="111"/>
        <source>无法读取 %1</source>
        <translation>Cannot read %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="115"/>
        <source>添加照片</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/case/photo_picker.py" line="117"/>
        <source>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
</context>
<context>
    <name>PlatformSignInDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="36"/>
        <source>登录区级平台</source>
        <translation>Sign in to the district platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="48"/>
        <source>例如 shangdu-duty</source>
        <translation>e.g. shangdu-duty</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="53"/>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="54"/>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="55"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="68"/>
        <source>平台无法连接时，曾在本工作站联网登录过的账号可离线登录；离线期间的操作在下次联网登录后上传。</source>
        <translation>When the platform cannot be reached, an account that signed in online on this workstation before may sign in offline; what is done offline is uploaded after the next online sign-in.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="81"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="86"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="106"/>
        <source>请输入账号和密码</source>
        <translation>Enter the account and the password</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/platform_sign_in_dialog.py" line="110"/>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
</context>
<context>
    <name>PresenterWindow</name>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="73"/>
        <source>周例会 · 演示模式</source>
        <translation>Weekly review · presenter</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="91"/>
        <source>→ 下一页   ← 上一页   Esc 退出</source>
        <translation>→ next   ← previous   Esc leave</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="129"/>
        <source>本周没有需要通报的网格</source>
        <translation>No grid to report on this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="167"/>
        <source>网格长：%1</source>
        <translation>Grid leader: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="169"/>
        <source>本周新增 %1 件&#x3000;结案 %2 件&#x3000;超期 %3 件</source>
        <translation>This week: %1 new, %2 closed, %3 overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="176"/>
        <source>结案率 %1&#x3000;按期结案率 %2&#x3000;返工率 %3</source>
        <translation>Closing rate %1, on time %2, rework %3</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="183"/>
        <source>得分 %1&#x3000;等级 %2&#x3000;排名 %3（%4）</source>
        <translation>Score %1, grade %2, rank %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="198"/>
        <source>本周无超期或重要的在办案件</source>
        <translation>No open overdue or important cases this week</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="199"/>
        <source>超期或重要的在办案件 %1 件，逐件通报</source>
        <translation>%1 open overdue or important cases, one by one</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="207"/>
        <source>责任网格长：%1</source>
        <translation>Responsible grid leader: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="209"/>
        <source>处置时限：%1&#x3000;%2</source>
        <translation>Deadline: %1   %2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="238"/>
        <source>照片载入中…</source>
        <translation>Loading photo…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/presenter_window.py" line="238"/>
        <source>照片缺失</source>
        <translation>Photo missing</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="23"/>
        <source>数据库已损坏</source>
        <translation>The database is damaged</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="25"/>
        <source>本机数据库已损坏，无法打开：
%1</source>
        <translation>This workstation&apos;s database is damaged and cannot be opened:
%1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="26"/>
        <source>原因：%1</source>
        <translation>Why: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="30"/>
        <source>可以用最新的备份恢复：%1（%2 MB）。损坏的文件会改名保留在原处。</source>
        <translation>It can be restored from the newest backup: %1 (%2 MB). The damaged file is kept beside it under another name.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="35"/>
        <source>没有可用的备份。请联系技术支持，或移走该文件后重新同步。</source>
        <translation>There is no backup. Call support, or move the file away and sync again.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="40"/>
        <source>用最新备份恢复</source>
        <translation>Restore the newest backup</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/recovery/recovery_dialog.py" line="44"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>RefusalTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="41"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="42"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="43"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="44"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="45"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="46"/>
        <source>平台上的状态</source>
        <translation>State on the platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="47"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="63"/>
        <source>平台说明：%s</source>
        <translation>The platform says: %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="68"/>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="68"/>
        <source>驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="80"/>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="89"/>
        <source>平台上的案件已被他人处理，状态已变化，此操作不再适用</source>
        <translation>Someone else acted on the case on the platform first; its state changed and this action no longer applies</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="90"/>
        <source>与平台上案件的当前状态冲突</source>
        <translation>Conflicts with the case&apos;s current state on the platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="91"/>
        <source>案件编号在平台上已被占用</source>
        <translation>The case number is already taken on the platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="92"/>
        <source>案件编号不属于本街道的编号段</source>
        <translation>The case number is not in this street office&apos;s numbers</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="93"/>
        <source>该角色不能执行此操作</source>
        <translation>This role may not take this action</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="94"/>
        <source>此账号无权提交此操作</source>
        <translation>This account may not submit this action</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="95"/>
        <source>此账号只能提交本人的操作</source>
        <translation>This account may submit only its own actions</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="96"/>
        <source>案件不属于本街道</source>
        <translation>The case is not of this street office</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="97"/>
        <source>平台上没有这个案件</source>
        <translation>The platform does not know this case</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="98"/>
        <source>平台上没有这个网格</source>
        <translation>The platform does not know this grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="99"/>
        <source>平台上没有这个案件类别</source>
        <translation>The platform does not know this category</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="100"/>
        <source>平台上没有这个人员</source>
        <translation>The platform does not know this person</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="101"/>
        <source>平台上没有这个部门</source>
        <translation>The platform does not know this department</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="102"/>
        <source>内容不符合平台要求</source>
        <translation>The content does not meet the platform&apos;s requirements</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/conflicts_dialog.py" line="103"/>
        <source>缺少平台要求的内容</source>
        <translation>Something the platform requires is missing</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="19"/>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="20"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="21"/>
        <source>网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="22"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="23"/>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="24"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="25"/>
        <source>处置率</source>
        <translation>Handling rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="26"/>
        <source>结案率</source>
        <translation>Closing rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="27"/>
        <source>按期结案率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="28"/>
        <source>返工率</source>
        <translation>Rework rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="29"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="30"/>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_table_model.py" line="31"/>
        <source>变化</source>
        <translation>Change</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="63"/>
        <source>周例会</source>
        <translation>Weekly review</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="79"/>
        <source>演示模式 (F5)</source>
        <translation>Present (F5)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="81"/>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="83"/>
        <source>导出 PPT…</source>
        <translation>Export PPT…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="111"/>
        <source>近12周新增与结案</source>
        <translation>New and closed, last 12 weeks</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="114"/>
        <source>结案率</source>
        <translation>Closing rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="114"/>
        <source>按期结案率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="114"/>
        <source>各网格结案率</source>
        <translation>Closing rates by grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="127"/>
        <source>周次：</source>
        <translation>Week:</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="134"/>
        <source>光荣榜</source>
        <translation>Honour roll</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="135"/>
        <source>曝光台</source>
        <translation>Most overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="174"/>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="194"/>
        <source>统计至 %1 · 通报案件 %2 件</source>
        <translation>As of %1 · %2 cases to review</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="202"/>
        <source>统计失败：%1</source>
        <translation>Could not count: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="231"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="231"/>
        <source>PPT 文件 (*.pptx)</source>
        <translation>PowerPoint files (*.pptx)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="233"/>
        <source>导出会议材料</source>
        <translation>Export the meeting pack</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="241"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="253"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/review/review_view.py" line="257"/>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="142"/>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="182"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="153"/>
        <source>当前无人登录</source>
        <translation>Nobody signed in</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="156"/>
        <source>当前用户：%1（%2）</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="163"/>
        <source>按姓名、编号或角色筛选</source>
        <translation>Filter by name, code or role</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="168"/>
        <source>全部角色</source>
        <translation>All roles</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="187"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="326"/>
        <source>没有匹配的人员</source>
        <translation>Nobody matches</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="328"/>
        <source>共 %1 人</source>
        <translation>%1 people</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sign_in_dialog.py" line="331"/>
        <source>筛出 %1 人，共 %2 人</source>
        <translation>%1 of %2 people</translation>
    </message>
</context>
<context>
    <name>SyncService</name>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="224"/>
        <source>平台无法连接，已离线登录</source>
        <translation>The platform cannot be reached; signed in offline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="242"/>
        <location filename="../../src/commandcenter/services/sync_service.py" line="279"/>
        <source>登录失败：%s</source>
        <translation>Sign-in failed: %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="249"/>
        <source>请输入账号和密码</source>
        <translation>Enter the account and the password</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="254"/>
        <source>账号或密码不正确</source>
        <translation>Wrong account or password</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="258"/>
        <source>%1 秒</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="260"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="262"/>
        <source>登录失败次数过多，请在 %s 后再试</source>
        <translation>Too many failed sign-ins: try again in %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="272"/>
        <source>无法连接区级平台（%s）。离线登录只对曾在本工作站联网登录过的账号有效，且密码须与上次联网登录时一致。</source>
        <translation>The district platform cannot be reached (%s). Offline sign-in works only for an account that signed in online on this workstation before, with the same password as then.</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="285"/>
        <source>系统钥匙串拒绝保存登录凭据（%s）：凭据只保存在本次会话中</source>
        <translation>The system keyring refused to keep the sign-in (%s): it is kept for this session only</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/services/sync_service.py" line="287"/>
        <source>没有加密的系统钥匙串：登录凭据只保存在本次会话中，重启后需重新登录</source>
        <translation>No encrypted system keyring: the sign-in is kept for this session only; sign in again after a restart</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="49"/>
        <source>重新登录…</source>
        <translation>Sign in again…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="72"/>
        <source>未登录平台</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="73"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="74"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="75"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="76"/>
        <source>平台繁忙</source>
        <translation>Platform busy</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="77"/>
        <source>需要重新登录</source>
        <translation>Sign-in required</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="78"/>
        <source>离线登录</source>
        <translation>Signed in offline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="79"/>
        <source>同步出错</source>
        <translation>Sync error</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="90"/>
        <source>上次同步 %s</source>
        <translation>Last sync %s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="91"/>
        <source>待上传 %d</source>
        <translation>%d to upload</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="93"/>
        <source>%d 秒后重试</source>
        <translation>retry in %d s</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="96"/>
        <source>冲突 %d</source>
        <translation>Conflicts %d</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="97"/>
        <source>平台未接受的操作：逐条重新提交或放弃</source>
        <translation>Actions the platform did not take: re-apply or dismiss each</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="101"/>
        <source>⚠ 凭据仅保存在本次会话</source>
        <translation>⚠ Sign-in kept for this session only</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/signin/sync_status.py" line="102"/>
        <source>区级平台账号：%s</source>
        <translation>Platform account: %s</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="34"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="35"/>
        <source>派遣</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="36"/>
        <source>处置</source>
        <translation>Handle</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="37"/>
        <source>核查</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="38"/>
        <source>区级办理</source>
        <translation>With district</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="41"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="42"/>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="43"/>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="44"/>
        <source>区级</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="47"/>
        <source>绿</source>
        <translation>G</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="48"/>
        <source>黄</source>
        <translation>Y</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="49"/>
        <source>红</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="76"/>
        <source>天</source>
        <translation>d</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="77"/>
        <source>小时</source>
        <translation>h</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="78"/>
        <source>分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="81"/>
        <source>不到1分钟</source>
        <translation>under 1 min</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="86"/>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="87"/>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="88"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="89"/>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="90"/>
        <source>历时</source>
        <translation>Took</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="91"/>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="92"/>
        <source>灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="93"/>
        <source>经办</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="149"/>
        <source>进行中</source>
        <translation>Running</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_model.py" line="160"/>
        <source>（超期%1）</source>
        <translation> (%1 overdue)</translation>
    </message>
</context>
<context>
    <name>TimelineDock</name>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="118"/>
        <source>升级时间线</source>
        <translation>Escalation timeline</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="39"/>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="93"/>
        <source>未选择案件</source>
        <translation>No case selected</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="97"/>
        <source> · 已结束，历时 %1</source>
        <translation> · finished, took %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="101"/>
        <source> · 现在：%1 · %2</source>
        <translation> · now: %1 · %2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="109"/>
        <source>，超期 %1</source>
        <translation>, %1 overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="111"/>
        <source>，剩余 %1</source>
        <translation>, %1 left</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_dock.py" line="112"/>
        <source>（时限 %1%2）</source>
        <translation> (deadline %1%2)</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="58"/>
        <source>督</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="59"/>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="60"/>
        <source>延</source>
        <translation>E</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="61"/>
        <source>返</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="64"/>
        <source>挂</source>
        <translation>H</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="65"/>
        <source>启</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="183"/>
        <source>未选择案件</source>
        <translation>No case selected</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="188"/>
        <source>区级平台</source>
        <translation>District platform</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="188"/>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="195"/>
        <source>开始 %1</source>
        <translation>Start %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="197"/>
        <source>结束 进行中</source>
        <translation>End: running</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="199"/>
        <source>结束 %1</source>
        <translation>End %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="200"/>
        <source>历时 %1</source>
        <translation>Took %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="202"/>
        <source>时限 无</source>
        <translation>Deadline: none</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="204"/>
        <source>时限 %1</source>
        <translation>Deadline %1</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="207"/>
        <source>，超期 %1</source>
        <translation>, %1 overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/timeline/timeline_view.py" line="409"/>
        <source>现在</source>
        <translation>Now</translation>
    </message>
</context>
<context>
    <name>Wall</name>
    <message>
        <location filename="../../src/commandcenter/ui/wall/wall_model.py" line="37"/>
        <source>区级办理</source>
        <translation>With district</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/escalation_wall.py" line="142"/>
        <location filename="../../src/commandcenter/ui/wall/wall_model.py" line="40"/>
        <source>超期 %1</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/wall_model.py" line="41"/>
        <source>剩余 %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/wall_model.py" line="48"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../src/commandcenter/ui/wall/escalation_wall.py" line="95"/>
        <source>责任人：%1</source>
        <translation>Responsible: %1</translation>
    </message>
</context>
</TS>
