"""Django's PostgreSQL backend, with the connection health check
(``CONN_HEALTH_CHECKS``) run only on a connection that sat idle.

Django checks a kept connection with a ``SELECT 1`` round trip at the start
of every request that uses it, so that one dropped while idle (a database
restart, a failover, an idle timeout) is replaced instead of failing the
request. Under steady traffic a connection is reused within milliseconds and
that round trip is pure cost: on the stamp verification page it doubled the
database round trips of a view (its one statement). Here a connection used
less than ``settings.DB_HEALTH_CHECK_IDLE_SECONDS`` ago is taken as healthy;
one idle longer is checked as Django does (0 checks every request again).
A restart takes longer than that, so the connections it drops are idle long
enough to be checked; what is left is a connection killed within that second
after its last use, which fails one request before it is replaced.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.used_at = -math.inf  # monotonic time of the last cursor taken

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and time.monotonic() - self.used_at < settings.DB_HEALTH_CHECK_IDLE_SECONDS
        ):
            self.health_check_done = True  # used a moment ago: nothing to check
        super().close_if_health_check_failed()

    def _cursor(self, name=None):
        cursor = super()._cursor(name)
        self.used_at = time.monotonic()
        return cursor
