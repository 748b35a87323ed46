"""What can go wrong when laying out or printing labels: codes for the API,
Vietnamese messages (English through gettext) for people."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError


class LabelError(DomainError):
    pass


class LabelDoesNotFit(LabelError):
    """The QR code would need modules under the printable minimum (the URI is
    too long for this label), so nothing is printed rather than an unscannable code."""

    def __init__(self, message: str) -> None:
        super().__init__("LABEL_DOES_NOT_FIT", message, field="format")


class LabelFontMissing(LabelError):
    def __init__(self, path: str) -> None:
        super().__init__(
            "LABEL_FONT_MISSING",
            _(
                "Thiếu phông chữ in nhãn %(path)s: hãy cài gói fonts-dejavu-core "
                "(apt-get install fonts-dejavu-core); phông chữ chuẩn của PDF không có chữ tiếng Việt."
            )
            % {"path": path},
        )


class UnknownLabelFormat(LabelError):
    def __init__(self, code: str, choices: list[str]) -> None:
        super().__init__(
            "UNKNOWN_LABEL_FORMAT",
            _("Không có khổ nhãn %(code)s; hãy chọn một trong: %(choices)s.")
            % {"code": code, "choices": ", ".join(choices)},
            field="format",
        )


class NoLabels(LabelError):
    def __init__(self) -> None:
        super().__init__("NO_LABELS", _("Không có tem nào để in."), field="count")
