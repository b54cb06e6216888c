"""Articles by id."""
from __future__ import annotations


def ids_starting(db, prefix: str, n: int) -> list[str]:
    """Up to ``n`` article ids starting with ``prefix``, in id order (the id index)."""
    return [r[0] for r in db.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                                     (prefix, prefix + "\uffff", n))]
