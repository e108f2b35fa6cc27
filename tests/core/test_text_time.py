"""Vietnamese text (NFC, accent folding) and dates (dd/mm/yyyy, Vietnam's calendar)."""
import unicodedata
from datetime import date, datetime, timezone

import pytest

from tracker.core.text import clean, clean_multiline, fold
from tracker.core.time import format_date, format_datetime, parse_date

# ---- text ------------------------------------------------------------------------------


def test_clean_stores_nfc_from_nfd_input():
    decomposed = unicodedata.normalize("NFD", "Ban Dân vận Tỉnh ủy")
    assert decomposed != "Ban Dân vận Tỉnh ủy"
    cleaned = clean(decomposed)
    assert cleaned == "Ban Dân vận Tỉnh ủy"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_clean_trims_and_collapses_whitespace():
    assert clean("  Sở   Nội\tvụ \n") == "Sở Nội vụ"
    assert clean(None) == ""
    assert clean_multiline("  Dòng một  \r\nDòng hai\n\n") == "Dòng một\nDòng hai"


@pytest.mark.parametrize("query, text", [
    ("dan van", "Dân vận"),
    ("DÂN VẬN", "dân vận"),
    ("tao hon", "Phòng, chống tảo hôn"),
    ("dong dang", "Đồng Đăng"),
    ("Dong Dang", "ĐỒNG ĐĂNG"),
])
def test_fold_matches_with_or_without_diacritics(query, text):
    assert fold(query) in fold(text)


def test_fold_turns_d_bar_into_d():
    """đ/Đ have no decomposition: NFD alone would leave them."""
    assert fold("Đảng ủy") == "dang uy"
    assert fold("đ") == "d"


def test_old_and_new_tone_placement_fold_alike():
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("Thuỷ") == fold("Thủy")
    assert fold(unicodedata.normalize("NFD", "Hòa")) == "hoa"


# ---- dates -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("30/10/2017", date(2017, 10, 30)),
    ("3/12/2009", date(2009, 12, 3)),
    ("03.12.2009", date(2009, 12, 3)),
    ("  29/02/2024 ", date(2024, 2, 29)),
    ("2017-10-30", date(2017, 10, 30)),
    (" 2017-10-30\t", date(2017, 10, 30)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_month_15_does_not_exist():
    """Seed 004 cites "Đề án số 15-ĐA/TU, ngày 15/15/2022"."""
    with pytest.raises(ValueError, match="tháng 15 không tồn tại"):
        parse_date("15/15/2022")


@pytest.mark.parametrize("text, message", [
    ("31/02/2022", "ngày 31 không có trong tháng 2/2022"),
    ("29/02/2023", "ngày 29 không có trong tháng 2/2023"),
    ("2022-13-01", "tháng 13 không tồn tại"),
    ("00/01/2022", "ngày 0 không có"),
    ("01/01/1800", "năm 1800"),
    ("30-10", "dd/mm/yyyy"),
    ("", "dd/mm/yyyy"),
    ("hôm qua", "dd/mm/yyyy"),
])
def test_parse_date_refuses_impossible_dates(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_format_date():
    assert format_date(date(2017, 10, 30)) == "30/10/2017"
    assert format_date(date(2009, 12, 3)) == "03/12/2009"
    assert format_date(None) == ""


def test_format_date_of_an_instant_is_the_date_in_vietnam():
    late_utc = datetime(2026, 11, 21, 23, 30, tzinfo=timezone.utc)
    assert format_date(late_utc) == "22/11/2026"
    assert format_datetime(late_utc) == "22/11/2026 06:30"
    assert format_datetime(None) == ""
