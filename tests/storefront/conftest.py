from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from PIL import Image


@pytest.fixture(autouse=True)
def empty_cache():
    """Pages and the catalogue generation live in the (local-memory) cache,
    which outlives each test's database rollback: start every test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Sign-in tests hash many passwords; the slow default hasher adds nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(width: int = 900, height: int = 700, colour: str = "olive") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer
