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
    """(bucket, [(assignment id, body name, status label, cells)]): `cells` is the row's
    value cells as ready HTML, each value linking to the form it came from (a province's
    table is 130 bodies x 9 indicators: one string per row, not a template loop)."""
    from flask import url_for
    from markupsafe import Markup, escape

    shown = [i for i in roll.indicators if i.type != "text"]
    marker = 918273645
    head, tail = url_for("figures.form", assignment_id=marker).split(str(marker), 1)
    empty = '<td class="text-end"><span class="text-body-secondary">–</span></td>'
    labels: dict[str, str] = {}  # each status translated once, not once a row
    groups = []
    for bucket in ("accepted", "submitted", "missing"):
        rows = []
        for r in roll.bucket(bucket):
            status = r.assignment.status
            if status not in labels:
                labels[status] = str(r.assignment.status_label)
            open_link = f'<td class="text-end"><a href="{head}{r.assignment.id}{tail}">'
            totals = r.totals
            cells = "".join(
                f"{open_link}{escape(format_value(i, totals[i.code]))}</a></td>"
                if totals.get(i.code) is not None else empty for i in shown)
            rows.append((r.assignment.id, r.body.name, labels[status], Markup(cells)))
        if rows:
            groups.append((bucket, rows))
    return groups
