"""Embedded PostgreSQL for local runs and tests when DATABASE_URL is unset.

The server comes from the ``pgserver`` wheel (PostgreSQL binaries shipped on the
package index), keeps its data in ``./var/pgdata`` and listens on a unix socket
only. Several processes (runserver's reloader, a test run, a management command)
share one server: pgserver counts its users and stops it when the last leaves.
"""

from __future__ import annotations

import os
from pathlib import Path

_uri: str | None = None


def embedded_database_url(base_dir: Path) -> str:
    """Start (or join) the embedded server and return a ``postgres://`` URL."""
    global _uri
    if _uri is None:
        import logging
        import warnings

        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import pgserver

        logging.getLogger("pgserver").setLevel(logging.WARNING)

        data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", base_dir / "var" / "pgdata"))
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        socket_dir = server.get_postmaster_info().socket_dir
        _uri = f"postgres://postgres@/postgres?host={socket_dir}"
    return _uri
