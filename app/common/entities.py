"""What the change log's entities are called where a person reads them (the log, undo's labels)."""

#: change-log entity -> its name in Chinese
ENTITY_NAMES = {"member": "党员", "meeting": "会议记录", "dues_payment": "党费收缴", "dues_assessment": "党费核定",
                "dues_month_close": "月度结算", "dues_arrears_reason": "欠缴理由", "dues_remittance": "党费上缴",
                "settings": "设置", "branch": "支部概况", "party_group": "党小组", "committee_term": "支委会换届",
                "committee_member": "支部委员", "import": "导入", "dev_person": "发展对象",
                "dev_assessment": "考察写实", "dev_milestone": "发展步骤", "branch_key": "报送密钥",
                "committee_key": "党委公钥", "bundle_export": "报送包", "notice": "督办通知", "notice_item": "督办事项",
                "year_text": "年度计划/总结", "dues_reminder": "催缴提醒", "restore": "从备份恢复",
                "handover": "工作移交", "vanguard_post": "先锋岗", "community_report": "社区报到",
                "community_activity": "社区服务"}
