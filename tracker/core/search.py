"""The search box: every word of the query, folded, somewhere in the record's search keys."""
from sqlalchemy import Index, and_, false, or_, true

from tracker.core.text import word_patterns


def matches_words(query: str, *columns):
    """A condition true when each word of `query` is in one of `columns` (folded keys)."""
    patterns = word_patterns(query)
    if not patterns:  # a blank box finds everything; punctuation alone ("%") nothing
        return false() if query and query.strip() else true()
    return and_(*(or_(*(column.like(pattern, escape="\\") for column in columns))
                  for pattern in patterns))


def words_index(table: str) -> Index:
    """PostgreSQL's trigram index of a table's search key (pg_trgm, migration 0022): a word
    looked for anywhere in the key (`LIKE '% 1 %'`) is found through it rather than by
    reading every key (the 1,479 bodies holding "1": 4.4 -> 1.4 ms, in each statement of a
    search). SQLite has none: its tables of bodies and tasks are read whole, as before."""
    return Index(f"ix_{table}_search_key_words", "search_key", postgresql_using="gin",
                 postgresql_ops={"search_key": "gin_trgm_ops"}).ddl_if(dialect="postgresql")
