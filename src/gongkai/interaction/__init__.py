"""与民互动: messages (留言), online surveys (网上调查) and consultations on drafts (意见征集).

Three Django apps under one folder, one per domain noun, sharing the abuse guard of
``gongkai.requests.guard`` and the privacy scanner of ``gongkai.publishing.scanner``.
"""
