"""Import tasks and their assignments from an .xlsx sheet: read, preview, write all or none."""
from tracker.imports import MAX_FILE_BYTES
from tracker.tasks.importer.checking import (
    KIND_LABELS,
    ImportPreview,
    ImportRejected,
    ImportResult,
    RowPreview,
    import_tasks,
    preview_import,
)
from tracker.tasks.importer.reading import (
    COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    SourceRow,
    read_sheet,
    read_upload,
    sheet_rows,
)
from tracker.tasks.importer.template import template_workbook

__all__ = [
    "COLUMNS", "KIND_LABELS", "MAX_FILE_BYTES", "MAX_ROWS", "REQUIRED_COLUMNS", "ImportPreview",
    "ImportRejected", "ImportResult", "RowPreview", "SourceRow", "import_tasks",
    "preview_import", "read_sheet", "read_upload", "sheet_rows", "template_workbook",
]
