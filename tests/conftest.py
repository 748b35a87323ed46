import pytest

from tests.factories import ChannelFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    """Every test: fast password hashing, and uploaded files in a throw-away folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media / "public"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    # Paid orders issue e-invoices after their commit (transactional and browser tests).
    settings.EINVOICE_EXPORT_DIR = media / "einvoices"


@pytest.fixture(autouse=True)
def _default_language():
    """A page request in English leaves English active in this thread; start
    and end every test in the site's default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _divisions_after_flush(request):
    """Transactional tests (threads, the live server) start from a flushed
    database; put back the provinces and communes that a migration loads."""
    if {"transactional_db", "live_server"} & set(request.fixturenames) or _is_transactional(request):
        db = request.getfixturevalue("transactional_db")  # noqa: F841 - ensures DB access
        from marketplace.geography.models import Province
        from marketplace.geography.services import load_divisions

        if not Province.objects.exists():
            load_divisions()
    yield


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture
def channel(db):
    return ChannelFactory()
