"""Relay global IDs exactly like Saleor's: ``base64("Product:42")``."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _
from graphene.relay import Node

from marketplace.graphql.core.errors import INVALID, REQUIRED, ApiError

MAX_PK = 2**63 - 1


def to_global_id(type_name: str, pk: object) -> str:
    return Node.to_global_id(type_name, pk)


def decode_global_id(global_id: str) -> tuple[str, str]:
    """``(type name, raw id)``; raises ``ApiError`` (INVALID) when not decodable."""
    try:
        text = str(global_id)
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise ApiError(_("Không giải mã được ID: %(id)s.") % {"id": global_id}, code=INVALID) from exc
    type_name, separator, raw_id = decoded.partition(":")
    if not separator or not type_name or not raw_id:
        raise ApiError(_("Không giải mã được ID: %(id)s.") % {"id": global_id}, code=INVALID)
    return type_name, raw_id


def from_global_id_or_error(global_id: str, expected_type: str) -> int:
    """The integer primary key in ``global_id``, which must name ``expected_type``."""
    type_name, raw_id = decode_global_id(global_id)
    if type_name != expected_type:
        raise ApiError(_("Cần ID của loại %(type)s.") % {"type": expected_type}, code=INVALID)
    if not raw_id.isascii() or not raw_id.isdigit() or not 0 < int(raw_id) <= MAX_PK:
        raise ApiError(_("Không giải mã được ID: %(id)s.") % {"id": global_id}, code=INVALID)
    return int(raw_id)


def pks_from_global_ids(global_ids: list[str], expected_type: str) -> list[int]:
    return [from_global_id_or_error(global_id, expected_type) for global_id in global_ids]


def require_one_of(**arguments: object) -> None:
    """Exactly one of the named arguments must be given (e.g. ``id`` or ``slug``).
    Raises ``ApiError``: ``REQUIRED`` when none is, ``INVALID`` when several are."""
    given = [name for name, value in arguments.items() if value is not None]
    names = ", ".join(f"'{name}'" for name in arguments)
    if not given:
        raise ApiError(_("Cần truyền một trong các tham số: %(names)s.") % {"names": names}, code=REQUIRED)
    if len(given) > 1:
        raise ApiError(_("Chỉ được truyền một trong các tham số: %(names)s.") % {"names": names}, code=INVALID)
