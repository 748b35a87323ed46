"""How the operator pages put facts into words: waiting times, expiry warnings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A document expiring within this many days is flagged on the application page.
EXPIRY_WARNING_DAYS = 30


def waiting_words(since: datetime.datetime | None, now: datetime.datetime) -> str:
    """ "chờ 3 ngày", "chờ 5 giờ", "chờ dưới 1 giờ"."""
    if since is None:
        return ""
    waited = max(now - since, datetime.timedelta(0))
    if waited.days >= 1:
        return ngettext("chờ %(count)d ngày", "chờ %(count)d ngày", waited.days) % {"count": waited.days}
    hours = waited.seconds // 3600
    if hours >= 1:
        return ngettext("chờ %(count)d giờ", "chờ %(count)d giờ", hours) % {"count": hours}
    return _("chờ dưới 1 giờ")


@dataclass(frozen=True)
class ExpiryNote:
    level: str  # "expired", "soon" or "" (valid or no expiry)
    text: str


def expiry_note(expires_on: datetime.date | None, today: datetime.date) -> ExpiryNote:
    """Warn about a document that has expired or expires within 30 days."""
    if expires_on is None:
        return ExpiryNote("", _("Không ghi thời hạn"))
    left = (expires_on - today).days
    if left < 0:
        return ExpiryNote("expired", _("Đã hết hạn"))
    if left == 0:
        return ExpiryNote("soon", _("Hết hạn hôm nay"))
    if left <= EXPIRY_WARNING_DAYS:
        return ExpiryNote(
            "soon",
            ngettext("Sắp hết hạn: còn %(count)d ngày", "Sắp hết hạn: còn %(count)d ngày", left) % {"count": left},
        )
    return ExpiryNote("", _("Còn hiệu lực"))


def error_status(code: str) -> int:
    """The HTTP status of a page that shows a refused decision."""
    if code == "PERMISSION_DENIED":
        return 403
    if code == "INVALID_TRANSITION":
        return 409
    return 400
