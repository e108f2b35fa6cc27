"""The one place a share is computed: every page, JSON document, .xlsx and .docx that shows
"% hoàn thành" calls `percent`, so no two formats can round the same figures apart."""


def percent(part: int, whole: int) -> float:
    """`part` of `whole` in percent, one decimal, halves rounded up (2 of 3 is 66.7, 1 of
    16 is 6.3), computed on integers so that no float error moves a half; 0.0 of nothing."""
    if not whole:
        return 0.0
    tenths = (2000 * part + whole) // (2 * whole)
    return tenths / 10
