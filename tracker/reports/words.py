"""The report's figures in words, the way a report writes them: "4.198 mô hình, trong đó
1.781 tập thể, 2.417 cá nhân"; "12/15 đơn vị"; numbers in the Vietnamese format. Totals of a
set of rows for the annexes. Pure functions of a roll-up; nothing is read here."""
from flask_babel import gettext

from tracker.chain.queries import completion_sentence
from tracker.core.shares import percent
from tracker.core.text import format_number as format_count
from tracker.figures.indicators import SCALE, format_number

DASH = "–"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _with_unit(value: int, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def total_text(indicator, total: int | None, count: int) -> str:
    """A sum of `count` bodies' values (thousandths) as the annex writes it: a number,
    "yes/of" for a yes/no question, the mean for a percent."""
    if total is None:
        return DASH
    if indicator.type == "boolean":
        return f"{format_count(total // SCALE)}/{format_count(count)}"
    if indicator.type == "percent":
        return format_number(total // max(count, 1))
    return format_number(total)


def indicator_words(roll, indicator) -> str:
    """One indicator of the accepted sums in words, with its breakdown; '' without data."""
    total = roll.aggregate(indicator)
    if total is None:
        return ""
    if indicator.type == "boolean":
        return gettext("%(yes)s/%(of)s cơ quan, đơn vị",
                       yes=format_count(total // SCALE),
                       of=format_count(roll.accepted_counts.get((indicator.code, ""), 0)))
    if indicator.type == "percent":
        return gettext("bình quân %(value)s%%", value=format_number(total))
    text = _with_unit(total, indicator.unit)
    dims = indicator.breakdowns
    if not dims:
        return text
    parts = []
    for dim, breakdown in enumerate(dims):
        values = []
        for option in breakdown["options"]:
            value = roll.margin(indicator, dim, option["code"]) if len(dims) > 1 \
                else roll.accepted_sums.get((indicator.code, option["code"]))
            if value is not None:
                values.append(f"{format_number(value)} {_lower_first(option['name'])}")
        parts.append(", ".join(values))
    if not any(parts):
        return text
    if len(dims) == 1:
        return gettext("%(total)s, trong đó %(cells)s", total=text, cells=parts[0])
    # Two dimensions: the last (tập thể/cá nhân) in the sentence, the first in brackets.
    return gettext("%(total)s, trong đó %(cells)s (theo %(dim)s: %(other)s)", total=text,
                   cells=parts[-1], dim=_lower_first(dims[0]["name"]), other=parts[0])


def completion(groups, kind: str) -> str:
    """'8/8 xã, 16/18 sở, ngành đã tổ chức sơ kết', as the task page says it."""
    return completion_sentence(groups, "done", kind)


def percent_text(done: int, total: int) -> str:
    """'87,5': the one percentage function (core.shares), written the Vietnamese way."""
    return format_count(percent(done, total))


def share(done: int, total: int) -> str:
    """'35/40, đạt 87,5%'."""
    return gettext("%(done)s/%(total)s, đạt %(percent)s%%", done=format_count(done),
                   total=format_count(total), percent=percent_text(done, total))
