"""The search box: every word of the query, folded, somewhere in the record's search keys."""
from sqlalchemy import and_, false, or_, true

from tracker.core.text import word_patterns


def matches_words(query: str, *columns):
    """A condition true when each word of `query` is in one of `columns` (folded keys)."""
    patterns = word_patterns(query)
    if not patterns:  # a blank box finds everything; punctuation alone ("%") nothing
        return false() if query and query.strip() else true()
    return and_(*(or_(*(column.like(pattern, escape="\\") for column in columns))
                  for pattern in patterns))
