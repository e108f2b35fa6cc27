"""One way to read an uploaded sheet for every importer (bodies, tasks): the same limits,
guards, row type and rejection, and the previews waiting to be confirmed."""
from tracker.imports.reading import (
    HEADER_SEARCH,
    MAX_COLUMNS,
    MAX_EMPTY_RUN,
    MAX_FILE_BYTES,
    MAX_UNPACKED_BYTES,
    ImportRejected,
    RowError,
    SheetKind,
    SourceRow,
    Table,
    file_error,
    heading_key,
    read_table,
    read_upload,
    read_xlsx,
    too_many_rows,
)

__all__ = [
    "HEADER_SEARCH", "MAX_COLUMNS", "MAX_EMPTY_RUN", "MAX_FILE_BYTES", "MAX_UNPACKED_BYTES",
    "ImportRejected", "RowError", "SheetKind", "SourceRow", "Table", "file_error",
    "heading_key", "read_table", "read_upload", "read_xlsx", "too_many_rows",
]
