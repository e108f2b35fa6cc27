"""The template editor's rows: one row per indicator, breakdowns written one dimension a
line as "Lĩnh vực: Kinh tế; Văn hóa – xã hội". Codes of options that keep their name are
kept, so values already entered still match their cells."""
from tracker.core.text import clean
from tracker.figures.indicators import slug

MAX_ROWS = 60


def blank_row() -> dict:
    return {"code": "", "name": "", "unit": "", "type": "integer", "required": False,
            "source": "", "breakdowns": ""}


def rows_of(definition: list[dict]) -> list[dict]:
    return [{"code": i["code"], "name": i["name"], "unit": i.get("unit", ""),
             "type": i.get("type", "integer"), "required": bool(i.get("required")),
             "source": i.get("source", ""),
             "breakdowns": "\n".join(f"{d['name']}: " + "; ".join(o["name"] for o in
                                                                d["options"])
                                     for d in i.get("breakdowns") or [])}
            for i in definition]


def rows_from_form(form) -> list[dict]:
    rows = []
    for n in range(MAX_ROWS + 3):
        name = clean(form.get(f"i-{n}-name"))
        if f"i-{n}-name" not in form:
            break
        if not name and not clean(form.get(f"i-{n}-code")):
            continue  # an empty row (or a row emptied to remove the indicator)
        rows.append({"code": clean(form.get(f"i-{n}-code")), "name": name,
                     "unit": clean(form.get(f"i-{n}-unit")),
                     "type": form.get(f"i-{n}-type", "integer"),
                     "required": form.get(f"i-{n}-required") == "1",
                     "source": form.get(f"i-{n}-source", ""),
                     "breakdowns": form.get(f"i-{n}-breakdowns", "")})
    return rows


def definition(rows: list[dict], previous: list[dict]) -> list[dict]:
    """The rows as a definition for `check_definition`, reusing the previous codes."""
    old_dims = {(i["code"], d["name"]): d for i in previous for d in i.get("breakdowns") or []}
    result = []
    for row in rows:
        code = row["code"] or slug(row["name"])
        dims = []
        for line in row["breakdowns"].splitlines():
            if not line.strip():
                continue
            name, _, options = line.partition(":")
            name = clean(name)
            old = old_dims.get((code, name), {})
            old_codes = {o["name"]: o["code"] for o in old.get("options", [])}
            dims.append({"code": old.get("code") or slug(name), "name": name, "options": [
                {"code": old_codes.get(clean(o)) or slug(clean(o)), "name": clean(o)}
                for o in options.split(";") if clean(o)]})
        result.append({"code": code, "name": row["name"], "unit": row["unit"],
                       "type": row["type"], "required": row["required"],
                       "source": row["source"], "breakdowns": dims})
    return result


def form_values(form, task_form) -> dict:
    """The page's inputs as the operation reads them: {code: {"value", "cells"}}."""
    values = {}
    for indicator in task_form.indicators:
        values[indicator.code] = {
            "value": form.get(f"v-{indicator.code}", ""),
            "cells": {key: form.get(f"v-{indicator.code}-{key}", "")
                      for key, _ in indicator.cells()}}
    return values
