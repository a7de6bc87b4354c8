"""留言 (咨询/建议/投诉): citizens write to a unit, the unit replies through review, answered public messages are shown masked."""
