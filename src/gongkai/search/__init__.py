"""Full-text search: Chinese word segmentation (segment.py) feeding the SQLite and PostgreSQL backends."""
