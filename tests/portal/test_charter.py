from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from portal.models import Charter, CharterAcceptance
from portal.selectors import charter_current_version
from tests.portal.helpers import accept_current_charter, page_text

pytestmark = pytest.mark.django_db

CHARTER = reverse("portal:charter")
DASHBOARD = reverse("portal:dashboard")


def test_version_one_is_seeded_with_a_real_text():
    charter = Charter.objects.get(version=1)
    assert "compte personnel" in charter.body
    assert "RGPD" in charter.body
    assert "Sanctions" in charter.body


def test_user_who_never_accepted_is_sent_to_the_charter_with_next(client, teacher):
    client.force_login(teacher)
    response = client.get(f"{DASHBOARD}?q=cdi")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == CHARTER
    assert parse_qs(url.query)["next"] == ["/mes-applications/?q=cdi"]
    page = page_text(client.get(response["Location"]))
    assert "J'ai lu et j'accepte la charte" in page
    assert ">Accepter</button>" in page


@pytest.mark.parametrize(
    "path", [CHARTER, "/comptes/logout/", "/static/css/portal.css", "/admin/login/"]
)
def test_exempt_pages_are_not_redirected(client, teacher, path):
    client.force_login(teacher)
    response = client.get(path)
    assert not (response.status_code == 302 and response["Location"].startswith(CHARTER))


def test_logout_works_before_accepting(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("portal:services_en_ligne")
    assert "_auth_user_id" not in client.session


def test_accepting_records_version_and_date_then_goes_where_the_user_was_going(client, teacher):
    client.force_login(teacher)
    response = client.post(CHARTER, {"accept": "on", "next": "/mes-applications/?q=cdi"})
    assert response.status_code == 302
    assert response["Location"] == "/mes-applications/?q=cdi"
    acceptance = CharterAcceptance.objects.get(user=teacher)
    assert acceptance.charter.version == 1
    assert acceptance.accepted_at is not None
    teacher.refresh_from_db()
    assert teacher.accepted_charter_version == 1
    assert AuditEvent.objects.filter(action="charter_accepted", actor=teacher).exists()
    assert client.get(DASHBOARD).status_code == 200


def test_accepting_without_the_checkbox_changes_nothing(client, teacher):
    client.force_login(teacher)
    response = client.post(CHARTER, {"next": DASHBOARD})
    assert response.status_code == 200
    assert "Cochez la case" in page_text(response)
    assert not CharterAcceptance.objects.exists()


def test_foreign_next_after_accepting_falls_back_to_the_dashboard(client, teacher):
    client.force_login(teacher)
    response = client.post(CHARTER, {"accept": "on", "next": "https://evil.example/"})
    assert response["Location"] == DASHBOARD


def test_a_new_version_asks_again(client, teacher):
    accept_current_charter(teacher)
    client.force_login(teacher)
    assert client.get(DASHBOARD).status_code == 200
    Charter.objects.create(version=2, body="Nouvelle règle.\n\nDeuxième paragraphe.")
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and urlsplit(response["Location"]).path == CHARTER
    assert "mise à jour" in page_text(client.get(CHARTER))
    client.post(CHARTER, {"accept": "on"})
    teacher.refresh_from_db()
    assert teacher.accepted_charter_version == 2
    assert client.get(DASHBOARD).status_code == 200


def test_refusing_logs_out(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("portal:charter_refuse"))
    assert response["Location"] == reverse("portal:services_en_ligne")
    assert "_auth_user_id" not in client.session
    assert "refusé la charte" in page_text(client.get(response["Location"]))


def test_current_version_is_cached_and_invalidated_on_save(django_assert_num_queries):
    assert charter_current_version() == 1
    with django_assert_num_queries(0):
        assert charter_current_version() == 1
    Charter.objects.create(version=3, body="Texte.")
    assert charter_current_version() == 3
