"""意见征集: drafts published for comment, moderated comments, and the feedback summary (意见采纳情况反馈)."""
