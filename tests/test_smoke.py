def test_office_login_page_names_the_office(client):
    page = client.get("/purwokerto/login")
    assert page.status_code == 200
    assert "Bapas Kelas II Purwokerto" in page.get_data(as_text=True)
