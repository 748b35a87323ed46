"""A web process freezes its heap (``gc.freeze``) when the application is
loaded and again after its first requests, so that full collections stop
walking the long-lived objects (``config.gc_tuning``)."""

from __future__ import annotations

import gc

import pytest

from config.gc_tuning import freeze_after_warm_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def thawed():
    yield
    gc.unfreeze()  # the rest of the test run collects as usual


def frozen(obj: object) -> bool:
    """In the permanent generation: tracked, yet in none the collector walks."""
    return gc.is_tracked(obj) and id(obj) not in {id(o) for o in gc.get_objects()}


def test_the_heap_is_frozen_at_load_and_again_after_the_warm_up(client, thawed):
    loaded = ["module-level state"]  # lists are always tracked by the collector
    freeze_after_warm_up(requests=3)
    built_later = ["a cache entry the first requests build"]
    assert frozen(loaded) and not frozen(built_later)

    client.get("/khong-co/")
    client.get("/khong-co/")
    assert not frozen(built_later)  # still warming up

    client.get("/khong-co/")
    assert frozen(built_later)

    after_warm_up = ["built later still"]
    client.get("/khong-co/")
    assert not frozen(after_warm_up)  # once: the counter is gone
