"""The directive filter of a status table offers the documents issued at the table's level
and above, and keeps the one chosen."""
import re

from sqlalchemy import select

from tests.conftest import login
from tracker.auth.models import User
from tracker.bodies.models import Body
from tracker.directives.models import Directive
from tracker.extensions import db


def offered(html: str) -> dict[str, bool]:
    """{directive number: selected} of the directive filter."""
    select_html = html[html.index('id="f-directive"'):]
    select_html = select_html[:select_html.index("</select>")]
    return {number: bool(selected) for selected, number in
            re.findall(r'<option value="\d+" ?(selected)?>([^ ]+) \(', select_html)}


def test_the_directives_of_the_table_level_and_above(app, client, demo_data):
    leader = db.session.scalar(select(User).where(User.email == "trunguong@demo.vn"))
    lang_son = db.session.scalar(select(Body).where(Body.name == "Tỉnh Lạng Sơn"))
    provincial = db.session.scalar(select(Directive).where(Directive.number == "1536-QĐ/TU"))
    login(client, leader, "demo123456")

    national = offered(client.get("/status/").get_data(as_text=True))
    assert "33/CT-TTg" in national and "1536-QĐ/TU" not in national

    chosen = offered(client.get(f"/status/?directive_id={provincial.id}").get_data(as_text=True))
    assert chosen["1536-QĐ/TU"] is True

    province = offered(client.get(f"/status/bodies/{lang_son.id}").get_data(as_text=True))
    assert {"33/CT-TTg", "1536-QĐ/TU"} <= set(province)
    assert not any(province.values())
