"""A .docx whose large tables' rows are written into the saved file as text, in place of
a marker row: a national annex (tens of thousands of cells) never becomes an XML tree in
memory, which would take several times the memory and time of the text."""
import io
import zipfile

BODY = "word/document.xml"


def marker(n: int) -> str:
    return f"@@annex-rows-{n}@@"


class SplicedDocument:
    """`document` (python-docx) saved with each marker row replaced by `rows[marker]`."""

    def __init__(self, document, rows: dict[str, str]):
        self.document, self.rows = document, rows

    def __getattr__(self, name):  # paragraphs, sections, ...: the document's own
        return getattr(self.document, name)

    def save(self, target) -> None:
        raw = io.BytesIO()
        self.document.save(raw)
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(target, "w") as out:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == BODY and self.rows:
                    data = splice(data.decode("utf-8"), self.rows).encode("utf-8")
                out.writestr(item, data)  # the item keeps its compression


def splice(xml: str, rows: dict[str, str]) -> str:
    """Each table row holding a marker replaced by that marker's rows."""
    parts, start = [], 0
    found = sorted((xml.index(key), key) for key in rows)
    for position, key in found:
        row_start = xml.rindex("<w:tr>", start, position)
        row_end = xml.index("</w:tr>", position) + len("</w:tr>")
        parts += [xml[start:row_start], rows[key]]
        start = row_end
    parts.append(xml[start:])
    return "".join(parts)
