"""Vietnamese text: NFC storage and accent-insensitive search keys."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters (but tab and line break, which whitespace handling deals with) and the
# bidirectional embeddings, overrides and isolates: U+202E shows "exe.fdp" as "pdf.exe", and
# neither belongs in a title, a name or a calendar feed.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_invisible(text: str) -> str:
    """Without control characters and bidirectional overrides."""
    return _INVISIBLE.sub("", text)


def clean(text: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed: the form every stored string takes."""
    if text is None:
        return ""
    return _SPACES.sub(" ", strip_invisible(unicodedata.normalize("NFC", str(text)))).strip()


def clean_multiline(text: str | None) -> str:
    """NFC and trimmed, keeping line breaks (summaries, notes)."""
    if text is None:
        return ""
    text = strip_invisible(unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def fold(text: str | None) -> str:
    """Search key: lower case, no diacritics, đ→d, so 'dan van' finds 'Dân vận'.

    'Hoà' and 'Hòa' (old and new tone placement) fold to the same key.
    """
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


_WORD = re.compile(r"[^\W_]+")
# The kinds of documents as numbers and people abbreviate them: "Chỉ thị 18" is "CT 18",
# "18-CT/TU". A key holds both the words and the abbreviation; a query uses the latter.
KIND_ABBREVIATIONS = {
    "chi thi": "ct", "nghi quyet": "nq", "quyet dinh": "qd", "quy dinh": "qd",
    "ket luan": "kl", "ke hoach": "kh", "huong dan": "hd", "quy che": "qc",
    "chuong trinh": "ctr", "thong bao": "tb", "cong van": "cv", "de an": "da",
}
_KIND_PHRASE = re.compile(r"\b(" + "|".join(KIND_ABBREVIATIONS) + r")\b")


def _words(text: str | None) -> list[str]:
    return _WORD.findall(fold(text))


def search_key(*texts: str | None) -> str:
    """What the search box looks in: the folded words of `texts` (punctuation dropped, so
    "18-CT/TU" is "18 ct tu"), then the abbreviation of each kind of document named, with a
    space on each side so that a query word matches whole words only."""
    words = [w for text in texts for w in _words(text)]
    joined = " ".join(words)
    extra = sorted({KIND_ABBREVIATIONS[m] for m in _KIND_PHRASE.findall(joined)})
    return f" {' '.join(words + extra)} "


def query_words(query: str) -> list[str]:
    """The words a query asks for: a kind of document as its abbreviation ("chỉ thị" ->
    "ct") and no "số" before a number ("Chỉ thị số 18-CT/TU" -> ct 18 ct tu)."""
    words = _KIND_PHRASE.sub(lambda m: KIND_ABBREVIATIONS[m.group(1)], " ".join(_words(query)))
    words = words.split()
    return [w for i, w in enumerate(words)
            if not (w == "so" and i + 1 < len(words) and words[i + 1][0].isdigit())]


def word_patterns(query: str) -> list[str]:
    """One LIKE pattern per word of the query, matching a whole word of a `search_key`:
    "bao cao 2028" finds "Báo cáo tổng kết năm 2028" as people expect of a search box, and
    "chi thi" does not find "chính quyền ... thiểu số"."""
    return [f"% {word} %" for word in dict.fromkeys(query_words(query))]


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
