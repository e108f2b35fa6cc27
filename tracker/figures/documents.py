"""The figure form, the roll-up and the templates as JSON documents (for the API), from
the same queries the pages use. Numbers are JSON numbers: 1234, 1.5; yes/no is a boolean."""
from tracker.figures.indicators import Indicator
from tracker.figures.library import LIBRARY
from tracker.figures.models import SCALE


def number(indicator: Indicator, value: int | None):
    if value is None:
        return None
    if indicator.type == "boolean":
        return bool(value)
    return value // SCALE if value % SCALE == 0 else value / SCALE


def _definition(indicator: Indicator) -> dict:
    data = indicator.to_dict()
    data["cells"] = [key for key, _ in indicator.cells()]
    return data


def form_document(assignment, state, *, editable: bool) -> dict:
    """GET /assignments/{id}/figures."""
    indicators = []
    for indicator in state.form.indicators:
        total = state.values.get((indicator.code, ""))
        item = _definition(indicator)
        item["value"] = (total.text_value if indicator.type == "text" else
                         number(indicator, total.value)) if total else None
        item["values"] = {key: number(indicator, state.values[(indicator.code, key)].value)
                          for key, _ in indicator.cells()
                          if (indicator.code, key) in state.values}
        item["origin"] = total.source if total else None
        item["from_dialogues"] = bool(indicator.source and state.locked)
        indicators.append(item)
    return {"assignment_id": assignment.id, "version": assignment.version,
            "editable": editable,
            "template": {"id": state.form.template.id, "name": state.form.template.name,
                         "version": state.form.version.number},
            "indicators": indicators}


def rollup_document(roll) -> dict:
    """GET /assignments/{id}/rollup and /tasks/{id}/rollup."""
    if roll.form is None:
        return {"template": None, "counts": _counts(roll), "indicators": [], "bodies": []}
    indicators = []
    for indicator in roll.indicators:
        item = _definition(indicator)
        # Every member present (a missing "values" would read as the dict's method).
        item.update({"total": None, "values": {}, "bodies_reporting": 0,
                     "submitted_total": None, "by_level": {}, "by_kind": {}})
        if indicator.type != "text":
            keys = [k for k, _ in indicator.cells()]
            item.update({
                "total": number(indicator, roll.aggregate(indicator)),
                "values": {k: number(indicator, roll.aggregate(indicator, k)) for k in keys
                           if (indicator.code, k) in roll.accepted_sums},
                "bodies_reporting": roll.accepted_counts.get((indicator.code, ""), 0),
                "submitted_total": number(indicator, roll.submitted_sums.get(
                    (indicator.code, ""))),
                "by_level": {level: number(indicator, sums.get((indicator.code, "")))
                             for level, sums in roll.by_level.items()
                             if (indicator.code, "") in sums},
                "by_kind": {kind: number(indicator, sums.get((indicator.code, "")))
                            for kind, sums in roll.by_kind.items()
                            if (indicator.code, "") in sums}})
        indicators.append(item)
    by_code = {i.code: i for i in roll.indicators}
    bodies = [{"assignment_id": r.assignment.id, "body_id": r.body.id, "body": r.body.name,
               "level": r.body.level, "kind": r.body.kind, "status": r.assignment.status,
               "bucket": r.bucket,
               "values": {**{code: number(by_code[code], v) for code, v in r.totals.items()
                             if code in by_code},
                          **{code: t for code, t in r.texts.items() if code in by_code}}}
              for r in roll.rows]
    return {"template": {"id": roll.form.template.id, "name": roll.form.template.name,
                         "version": roll.form.version.number},
            "counts": _counts(roll), "indicators": indicators, "bodies": bodies}


def _counts(roll) -> dict:
    return {"accepted": len(roll.accepted), "submitted": len(roll.submitted),
            "missing": len(roll.missing)}


def templates_document(templates, versions) -> dict:
    """GET /indicator-templates: the library and the templates the user can read."""
    return {
        "library": [{"key": key, "name": item["name"], "description": item["description"],
                     "indicators": item["indicators"]} for key, item in LIBRARY.items()],
        "items": [{"id": t.id, "name": t.name, "description": t.description,
                   "owner_body_id": t.owner_body_id, "owner_body": t.owner_body.name,
                   "version": t.current_number, "library_key": t.library_key,
                   "indicators": versions[t.id].indicators} for t in templates]}
