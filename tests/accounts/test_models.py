import pytest

from accounts.models import User


@pytest.mark.django_db
def test_createsuperuser_account_is_active_and_reaches_the_admin(client):
    User.objects.create_superuser("admin.cartable", "admin@example.org", "Cartable-Admin-2026!")
    admin = User.objects.get(username="admin.cartable")
    assert admin.state == User.State.ACTIVE
    assert admin.profile == User.Profile.PERSONNEL
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Secrétariat" in response.content.decode()


@pytest.mark.django_db
def test_session_stamp_fits_its_column_and_rotates():
    user = User.objects.create_user(
        "x.stamp", password="Cartable-Test-2026!", profile=User.Profile.PARENT
    )
    first = user.session_stamp
    assert len(first) == 32
    user.rotate_session_stamp()
    assert len(user.session_stamp) == 32 and user.session_stamp != first
