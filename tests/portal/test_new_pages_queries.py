"""Pages added by the hardening cost a fixed number of queries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_connection_help_page_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get(reverse("portal:connection_help")).status_code == 200


def test_the_french_404_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/nexistepas/").status_code == 404


def test_an_unknown_cancel_link_costs_three_queries(client, django_assert_num_queries):
    url = reverse("selfservice:account_email_change_cancel", args=["inconnu"])
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code in {200, 410}
