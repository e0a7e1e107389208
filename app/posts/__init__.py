"""共产党员先锋岗 and 双报到 (the speech's section 四): posts, holders, evaluations; community
reporting and service activities; their coverage."""
