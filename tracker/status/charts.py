"""The bar of the five states in each row of a status table, drawn as SVG in Python: a
national table has a bar per province, and a Jinja macro per bar cost more than the rest of
the row. SVG attributes, not inline styles (the Content-Security-Policy forbids those)."""
from markupsafe import Markup, escape

COLOURS = (("done_on_time", "#198754"), ("done_late", "#ffc107"), ("in_progress", "#0d6efd"),
           ("not_started", "#adb5bd"), ("overdue", "#dc3545"))


def status_bar(counts, assigned: int, labels: dict, title: str) -> Markup:
    """One bar; `labels` (state -> name) and `title` come translated, once per page."""
    if not assigned:
        rects = '<rect x="0" y="0" width="100" height="10" fill="#f1f3f5"></rect>'
    else:
        parts, x = [], 0.0
        for state, colour in COLOURS:
            n = counts[state]
            if n > 0:
                width = 100 * n / assigned
                parts.append(f'<rect x="{x:.3f}" y="0" width="{width:.3f}" height="10" '
                             f'fill="{colour}"><title>{escape(labels[state])}: {n}</title>'
                             f'</rect>')
                x += width
        rects = "".join(parts)
    return Markup(f'<svg class="status-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
                  f'role="img" aria-label="{escape(title)}">{rects}</svg>')
