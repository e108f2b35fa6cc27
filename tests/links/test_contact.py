"""A body's contact address: on the body form and in the body import, checked, in the
history."""
import pytest
from sqlalchemy import select

from tests.admin.test_importer import rows_of
from tests.conftest import NOW, login, post
from tracker.bodies.importer import ImportRejected, SourceRow, import_bodies
from tracker.bodies.models import Body
from tracker.extensions import db
from tracker.history.models import HistoryEntry


@pytest.fixture
def province(make_body, make_user):
    lao_cai = make_body("Tỉnh Lào Cai")
    commune = make_body("Xã Bản Vược", parent=lao_cai, level="xa")
    return lao_cai, commune, make_user("admin", body=lao_cai)


def _form(email):
    return {"name": "Xã Bản Vược", "short_name": "", "kind": "dia_phuong", "level": "xa",
            "contact_email": email}


def test_the_body_form_sets_a_contact_address_into_the_history(client, province):
    _lao_cai, commune, admin = province
    login(client, admin)
    response = post(client, f"/admin/bodies/{commune.id}/edit",
                    _form(" VanPhong@BanVuoc.LaoCai.vn "))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Body, commune.id).contact_email == "vanphong@banvuoc.laocai.vn"
    [entry] = db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.entity == "body", HistoryEntry.action == "updated")).all()
    assert entry.changes["contact_email"] == ["", "vanphong@banvuoc.laocai.vn"]
    page = client.get(f"/admin/bodies/{commune.id}").get_data(as_text=True)
    assert "vanphong@banvuoc.laocai.vn" in page


@pytest.mark.parametrize("email", ["vanphong", "van phong@xa.vn", "a@b", "x@" + "a" * 260 + ".vn"])
def test_a_wrong_contact_address_is_refused_naming_the_field(client, province, email):
    _lao_cai, commune, admin = province
    login(client, admin)
    response = post(client, f"/admin/bodies/{commune.id}/edit", _form(email))
    assert response.status_code == 422
    assert "Email liên hệ: cần một địa chỉ email hợp lệ" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Body, commune.id).contact_email == ""


def test_the_import_reads_the_contact_column_and_checks_it(province):
    lao_cai, _commune, admin = province
    good = [SourceRow(2, {**rows_of(["Xã Cốc San", "", "dia_phuong", "xa", ""])[0].values,
                          "contact_email": "ubnd@cocsan.laocai.vn"})]
    [created] = import_bodies(good, root=lao_cai, actor=admin, now=NOW).created
    assert created.contact_email == "ubnd@cocsan.laocai.vn"
    bad = [SourceRow(2, {**rows_of(["Xã Tả Phời", "", "dia_phuong", "xa", ""])[0].values,
                         "contact_email": "ubnd tả phời"})]
    with pytest.raises(ImportRejected) as caught:
        import_bodies(bad, root=lao_cai, actor=admin, now=NOW)
    [problem] = caught.value.rows
    assert problem.column == "Email liên hệ"
    assert problem.message.startswith("Email liên hệ: cần một địa chỉ email hợp lệ")


def test_editing_a_body_elsewhere_keeps_its_contact_address(province):
    from tracker.bodies.operations import update_body
    _lao_cai, commune, admin = province
    commune.contact_email = "vanphong@banvuoc.laocai.vn"
    update_body(commune, {"name": "Xã Bản Vược (mới)", "kind": "dia_phuong", "level": "xa"},
                actor=admin, now=NOW)
    assert commune.contact_email == "vanphong@banvuoc.laocai.vn"
