"""The roll-up page's tables as rows of ready strings: formatting hundreds of cells in
Python is several times cheaper than through template macros."""
from dataclasses import dataclass

from tracker.figures.indicators import format_value

DASH = "–"


@dataclass
class Line:
    label: str
    unit: str
    cells: list[str]  # accepted total, one per level, submitted
    kind: str  # "indicator", "margin", "cell"


def _fmt(indicator, total, count=None) -> str:
    if total is None:
        return DASH
    if indicator.type == "boolean":
        return f"{total // 1000:,}/{count or 0:,}".replace(",", ".")
    return format_value(indicator, total)


def sums_table(roll, levels: list[str]) -> list[Line]:
    lines = []
    for i in roll.indicators:
        if i.type == "text":
            continue
        sources = [None] + [roll.by_level[level] for level in levels] + [roll.submitted_sums]

        def row(key, label, kind, i=i, sources=sources):
            cells = []
            for n, sums in enumerate(sources):
                if n == 0 and i.type == "percent":
                    cells.append(_fmt(i, roll.aggregate(i, key)))
                else:
                    total = (sums or roll.accepted_sums).get((i.code, key))
                    cells.append(_fmt(i, total, roll.accepted_counts.get((i.code, key))))
            return Line(label, i.unit if kind == "indicator" else "", cells, kind)
        lines.append(row("", i.name, "indicator"))
        if len(i.breakdowns) == 2:
            for dim, d in enumerate(i.breakdowns):
                for o in d["options"]:
                    lines.append(Line(f"{d['name']}: {o['name']}", "", [
                        _fmt(i, roll.margin(i, dim, o["code"], sums)) for sums in
                        [roll.accepted_sums] + [roll.by_level[level] for level in levels]
                        + [roll.submitted_sums]], "margin"))
        for key, label in i.cells():
            lines.append(row(key, label, "cell"))
    return lines


def kinds_table(roll) -> list[tuple[str, list[str]]]:
    return [(i.name, [_fmt(i, sums.get((i.code, "")), roll.accepted_counts.get((i.code, "")))
                      for sums in roll.by_kind.values()])
            for i in roll.indicators if i.type in ("integer", "decimal", "boolean")]


def bodies_table(roll) -> list[tuple[str, list[tuple]]]:
    """(bucket, [(assignment id, body name, status label, [value or None])])."""
    shown = [i for i in roll.indicators if i.type != "text"]
    groups = []
    for bucket in ("accepted", "submitted", "missing"):
        rows = [(r.assignment.id, r.body.name, r.assignment.status_label,
                 [format_value(i, r.totals[i.code]) if r.totals.get(i.code) is not None
                  else None for i in shown]) for r in roll.bucket(bucket)]
        if rows:
            groups.append((bucket, rows))
    return groups
