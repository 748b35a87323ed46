"""The database backend checks a kept connection (``CONN_HEALTH_CHECKS``) only
when it sat idle: a connection dropped by the server while idle is replaced
without failing the request, and steady traffic pays no ``SELECT 1`` per
request (``marketplace.core.postgresql``). Against the real PostgreSQL."""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.test import override_settings

from marketplace.account.models import User
from marketplace.core.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)

IDLE = 0.05


@pytest.fixture
def health_checks(monkeypatch):
    """The health checks run (each one still Django's ``SELECT 1``)."""
    runs = []
    original = DatabaseWrapper.is_usable

    def counted(self):
        runs.append(self.alias)
        return original(self)

    monkeypatch.setattr(DatabaseWrapper, "is_usable", counted)
    return runs


def next_request() -> None:
    """What Django does between two requests (``request_finished`` / ``request_started``)."""
    close_old_connections()


def kill_from_elsewhere(pid: int) -> None:
    """Terminate a server process from another connection, as a restart or failover would."""
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@override_settings(DB_HEALTH_CHECK_IDLE_SECONDS=IDLE)
def test_a_connection_used_a_moment_ago_is_not_checked_one_idle_longer_is(health_checks):
    assert connection.health_check_enabled
    User.objects.count()
    next_request()
    User.objects.count()
    assert health_checks == []

    time.sleep(IDLE * 2)
    next_request()
    User.objects.count()
    User.objects.count()
    assert health_checks == ["default"]  # once per request


@override_settings(DB_HEALTH_CHECK_IDLE_SECONDS=IDLE)
def test_a_connection_dropped_while_idle_is_replaced_without_failing_the_request():
    User.objects.count()
    dropped = connection.connection.info.backend_pid
    kill_from_elsewhere(dropped)
    time.sleep(IDLE * 2)

    next_request()
    assert User.objects.count() == 0
    assert connection.connection.info.backend_pid != dropped


@override_settings(DB_HEALTH_CHECK_IDLE_SECONDS=60)
def test_a_connection_dropped_just_after_use_fails_one_request_then_is_replaced():
    # The trade-off the idle threshold makes: no check, so this request fails…
    User.objects.count()
    dropped = connection.connection.info.backend_pid
    kill_from_elsewhere(dropped)
    next_request()
    with pytest.raises(OperationalError):
        User.objects.count()
    # …and the broken connection is closed at the end of it: the next request works.
    next_request()
    assert User.objects.count() == 0
    assert connection.connection.info.backend_pid != dropped
