"""The one error type of the catalogue area and its stable codes.

Every catalogue service raises ``ProductError`` (images also raise
``marketplace.core.images.InvalidImage`` with its own codes) and changes
nothing when it does. ``message`` is Vietnamese (gettext) for pages; the
GraphQL layer maps ``code`` to its ``ProductErrorCode`` enum.

Codes:

- ``NOT_FOUND``: no such product/variant/media/warehouse/certificate *for this
  user* (also when the user may not see it, so ids cannot be probed);
- ``PERMISSION_DENIED``: an operator-only action by someone else;
- ``REQUIRED``, ``INVALID``: input (``field`` names it);
- ``UNIQUE``: a SKU or certificate number already taken;
- ``DUPLICATED_INPUT_ITEM``: the same SKU twice in one import file;
- ``INVALID_PRICE``, ``INVALID_QUANTITY``: money and stock input;
- ``INSUFFICIENT_STOCK``: a quantity below what orders already hold;
- ``CANNOT_DELETE_LAST_VARIANT``: a product keeps at least one variant;
- ``TOO_MANY_IMAGES``, ``NOT_PRODUCTS_IMAGE``: media;
- ``SELLER_NOT_APPROVED``, ``PRODUCT_UNLISTED_BY_OPERATOR``,
  ``PRODUCT_WITHOUT_PRICE``, ``PRODUCT_WITHOUT_CATEGORY``: publishing;
- ``REASON_REQUIRED``, ``INVALID_TRANSITION``: operator moderation;
- ``FILE_TOO_LARGE``, ``EMPTY_FILE``, ``UNSUPPORTED_FILE_TYPE``,
  ``INVALID_ENCODING`` (a CSV not saved as UTF-8), ``TOO_MANY_ROWS``,
  ``MISSING_COLUMNS``, and ``INVALID``/``UNIQUE``/``INSUFFICIENT_STOCK`` on
  field ``file`` when data changed between preview and write: a CSV/XLSX
  import file as a whole (row errors are listed in the import preview,
  ``ImportRow.errors``, instead of raised).
"""

from __future__ import annotations

from marketplace.core.errors import DomainError


class ProductError(DomainError):
    """A catalogue rule said no; nothing was changed."""
