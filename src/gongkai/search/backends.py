"""The one small interface both search backends implement, and which one a database uses.

A backend is a module with create, drop, clear, get_meta, set_meta, add, remove, keys, count,
search and top_keys over a DB-API connection (see sqlite_fts for the contract). SQLite uses FTS5
in the same database file; PostgreSQL uses tsvector columns with a GIN index.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

MODULES = {"sqlite": "gongkai.search.sqlite_fts", "postgresql": "gongkai.search.postgres_fts"}


class UnsupportedDatabase(Exception):
    pass


def for_vendor(vendor: str) -> ModuleType:
    try:
        return import_module(MODULES[vendor])
    except KeyError:
        raise UnsupportedDatabase(
            f"全文检索不支持该数据库：{vendor} / search does not support the {vendor} database"
        ) from None
