"""The annex tables, as rows of ready strings (shared by the .docx and the .xlsx): one row
per body naming it, a subtotal under each body that forwarded, a total per level. The
totals add the accepted figures only, exactly as the roll-up does."""
from dataclasses import dataclass

from flask_babel import gettext

from tracker.assignments.models import STATUSES
from tracker.bodies.models import BODY_LEVELS
from tracker.figures.indicators import SCALE
from tracker.reports.words import DASH, total_text


@dataclass
class AnnexRow:
    number: str            # STT, '' on a total row
    name: str
    status: str
    values: list[int | None]   # thousandths per indicator (None: not given)
    texts: list[str]           # the same, written for the .docx
    kind: str = "body"         # body, group (a heading), subtotal, total


def shown_indicators(form) -> list:
    return [i for i in (form.indicators if form else []) if i.type != "text"]


def _sum_row(label: str, rows, indicators, kind: str) -> AnnexRow:
    """The accepted rows of `rows` added up per indicator (a percent: their mean)."""
    values, texts = [], []
    for i in indicators:
        given = [r.totals[i.code] for r in rows
                 if r.bucket == "accepted" and r.totals.get(i.code) is not None]
        total = sum(given) if given else None
        values.append(total // max(len(given), 1) if i.type == "percent" and given else total)
        texts.append(total_text(i, total, len(given)))
    return AnnexRow("", label, "", values, texts, kind)


def _body_row(number: int, row, indicators, words: dict) -> AnnexRow:
    """`words`: the status labels and yes/no, translated once for thousands of rows."""
    values = [row.totals.get(i.code) for i in indicators]
    texts = [DASH if v is None else total_text(i, v, 1) if i.type != "boolean"
             else words[bool(v)] for i, v in zip(indicators, values, strict=True)]
    return AnnexRow(str(number), row.body.name, words[row.status], values, texts)


def _words() -> dict:
    return {**{status: str(label) for status, label in STATUSES.items()},
            True: gettext("Có"), False: gettext("Không")}


def level_title(level, report) -> str:
    """'Phụ lục 1: các cơ quan, đơn vị được giao' / 'Phụ lục 2: cấp xã (giao tiếp)'."""
    if level.depth == 0:
        return gettext("Số liệu của các cơ quan, đơn vị được giao nhiệm vụ")
    names = sorted(str(BODY_LEVELS.get(code, code)) for code in {r.body.level for r in level.rows})
    return gettext("Số liệu của các cơ quan, đơn vị được giao tiếp ở cấp dưới (%(levels)s)",
                   levels=", ".join(names).lower())


def level_rows(level, indicators) -> list[AnnexRow]:
    """A level's table: at the report's own level one row per body then the total; below
    it, under each forwarding body its bodies and their subtotal, then the level's total."""
    out, words = [], _words()
    if level.depth == 0:
        out += [_body_row(n, r, indicators, words) for n, r in enumerate(level.rows, 1)]
    else:
        number = 0
        for parent, rows in level.by_parent():
            out.append(AnnexRow("", parent.name if parent else "", "", [None] * len(indicators),
                                [""] * len(indicators), "group"))
            for row in rows:
                number += 1
                out.append(_body_row(number, row, indicators, words))
            out.append(_sum_row(gettext("Cộng %(body)s", body=parent.name if parent else ""),
                                rows, indicators, "subtotal"))
    out.append(_sum_row(gettext("Tổng cộng (báo cáo đã tiếp nhận)"), level.rows, indicators,
                        "total"))
    return out


def as_number(indicator, value: int | None):
    """A stored value for a spreadsheet cell: a whole number, a decimal, a yes/no count."""
    if value is None:
        return None
    if indicator.type == "decimal" or value % SCALE:
        return value / SCALE
    return value // SCALE
