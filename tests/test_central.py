"""Regional and national officers land on a list of the offices they oversee."""

from __future__ import annotations


def test_regional_officer_sees_only_offices_of_the_region(client, auth, make_user):
    make_user("regional", region="banten", username="kanwil.banten")
    make_user("pk", office="tangerang")
    make_user("pk", office="tangerang")
    auth.login("kanwil.banten")
    page = client.get("/pusat/").get_data(as_text=True)
    assert "Bapas Kelas I Tangerang" in page
    assert "Purwokerto" not in page and "Mataram" not in page
    # Real figures: the two PKs just created are counted.
    row = page.split("Bapas Kelas I Tangerang")[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in row


def test_national_officer_sees_all_offices_grouped_by_region(client, auth, make_user):
    make_user("national", username="ditjen")
    auth.login("ditjen")
    page = client.get("/pusat/").get_data(as_text=True)
    for name in (
        "Kanwil Ditjenpas Jawa Tengah",
        "Kanwil Ditjenpas Nusa Tenggara Barat",
        "Kanwil Ditjenpas Banten",
        "Kanwil Ditjenpas DKI Jakarta",
        "Bapas Kelas II Purwokerto",
        "Bapas Kelas I Jakarta Timur-Utara",
    ):
        assert name in page


def test_office_roles_and_sysadmin_have_no_oversight_page(client, auth, make_user):
    make_user("sysadmin", username="root1")
    auth.login("root1")
    assert client.get("/pusat/").status_code == 404
    assert client.get("/admin/").status_code == 200
