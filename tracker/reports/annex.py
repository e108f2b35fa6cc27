"""The figures of a draft report as an .xlsx annex: one sheet per level of the chain, one
row per body naming it, subtotals under each forwarding body and a total per level, the
same rows as the .docx annexes (numbers as numbers)."""
from flask_babel import gettext

from tracker.reports.annex_rows import as_number, level_rows, level_title, shown_indicators
from tracker.status.exports import Column, add_sheet, as_of, new_workbook


def annex_workbook(report):
    """The workbook; a task without a template gives one sheet of the bodies' states."""
    workbook = new_workbook()
    indicators = shown_indicators(report.form)
    columns = [Column(gettext("STT"), 6), Column(gettext("Cơ quan, đơn vị"), 40),
               Column(gettext("Tình trạng"), 18)] + [
        Column(f"{i.name} ({i.unit})" if i.unit else i.name, 16,
               "decimal" if i.type in ("decimal", "percent") else "int") for i in indicators]
    lines = [gettext("%(task)s; báo cáo của %(body)s", task=report.task.title,
                     body=report.reporting_body.name), as_of(report.today)]
    for number, level in enumerate(report.levels, 1):
        rows = level_rows(level, indicators)
        values = [[row.number, row.name, row.status,
                   *(as_number(i, v) for i, v in zip(indicators, row.values, strict=True))]
                  for row in rows[:-1]]
        total = rows[-1]
        add_sheet(workbook, gettext("Phụ lục %(n)s", n=number),
                  title=f"{gettext('Phụ lục %(n)s', n=number)}: {level_title(level, report)}",
                  lines=lines, columns=columns, rows=values,
                  total=[total.number, total.name, total.status,
                         *(as_number(i, v) for i, v in zip(indicators, total.values,
                                                           strict=True))])
    return workbook
