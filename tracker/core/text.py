"""Vietnamese text: NFC storage and accent-insensitive search keys."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed: the form every stored string takes."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def clean_multiline(text: str | None) -> str:
    """NFC and trimmed, keeping line breaks (summaries, notes)."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def fold(text: str | None) -> str:
    """Search key: lower case, no diacritics, đ→d, so 'dan van' finds 'Dân vận'.

    'Hoà' and 'Hòa' (old and new tone placement) fold to the same key.
    """
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def like_pattern(query: str) -> str:
    """A LIKE pattern for a folded query, with wildcards in the user's text escaped."""
    folded = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{folded}%"


def word_patterns(query: str) -> list[str]:
    """One LIKE pattern per word of the query: "bao cao 2028" finds "Báo cáo tổng kết năm
    2028" as people expect of a search box, not only that exact phrase."""
    return [like_pattern(word) for word in fold(query).split()]


def format_number(value, decimals: int = 1) -> str:
    """Vietnamese number format: '3.250', '62,3' (dot for thousands, comma for decimals).
    A float is rounded to `decimals` places and loses a trailing ',0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:,.{decimals}f}"
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0")
        whole = whole.replace(",", ".")
        return f"{whole},{fraction}" if fraction else whole
    return f"{value:,}".replace(",", ".")


def format_size(size: int) -> str:
    """A file size as people read it: '820 B', '62,3 KB', '4,5 MB'."""
    if size < 1024:
        return f"{format_number(size)} B"
    if size < 1024 * 1024:
        return f"{format_number(size / 1024)} KB"
    return f"{format_number(size / (1024 * 1024))} MB"
