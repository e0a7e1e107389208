"""The year's 年度工作总结 drafted from the records."""
