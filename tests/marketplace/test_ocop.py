import datetime

import pytest

from marketplace.product.models import OcopCertificate
from tests.factories import OcopCertificateFactory

pytestmark = pytest.mark.django_db


def test_expiry_is_36_months_after_decision_computed_by_the_database():
    cert = OcopCertificateFactory(decision_date=datetime.date(2024, 2, 29))
    cert.refresh_from_db()
    assert cert.expires_on == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("stars", "revoked", "today", "badge"),
    [
        (3, False, datetime.date(2026, 1, 1), True),
        (5, False, datetime.date(2026, 6, 1), True),  # the last valid day
        (2, False, datetime.date(2026, 1, 1), False),  # below three stars
        (4, True, datetime.date(2026, 1, 1), False),  # revoked
        (4, False, datetime.date(2026, 6, 2), False),  # expired the day after
    ],
)
def test_badge_shows_only_for_three_stars_valid_and_not_revoked(stars, revoked, today, badge):
    cert = OcopCertificateFactory(decision_date=datetime.date(2023, 6, 1), star_rating=stars, revoked=revoked)
    cert = OcopCertificate.objects.get(pk=cert.pk)
    assert cert.shows_badge(today=today) is badge
