"""What can go wrong when laying out or printing labels."""

from __future__ import annotations

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
            f"The label font {path} is missing: install Debian's fonts-dejavu-core "
            "(apt-get install fonts-dejavu-core); the PDF base fonts have no Vietnamese glyphs.",
        )


class UnknownLabelFormat(LabelError):
    def __init__(self, message: str) -> None:
        super().__init__("UNKNOWN_LABEL_FORMAT", message, field="format")


class NoLabels(LabelError):
    def __init__(self) -> None:
        super().__init__("NO_LABELS", "There are no labels to print.", field="count")
