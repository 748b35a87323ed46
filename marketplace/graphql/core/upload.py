"""File uploads by the GraphQL multipart request spec (what Saleor's and
Apollo's clients send): a ``multipart/form-data`` POST with the field
``operations`` (the usual JSON body, its file variables set to null), the
field ``map`` (JSON: form field name -> list of paths such as
``variables.file`` or ``variables.images.0``), then one form field per file.

``read_multipart_operations`` turns such a request into the JSON body the
view executes, with each mapped path holding the uploaded file; the
``Upload`` scalar passes that file to the resolver. Every problem with the
request is an ``UploadRequestError`` carrying a code and an HTTP status, so a
malformed upload is a clean 400/413, never a server error. Files are checked
by content only later, by the service that stores them.
"""

from __future__ import annotations

import json
from typing import Any

import graphene
from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from graphql import GraphQLError, ValueNode

from marketplace.graphql.core.errors import INVALID, REQUIRED

MULTIPART = "multipart/form-data"
FILE_TOO_LARGE = "FILE_TOO_LARGE"


class UploadRequestError(Exception):
    """The multipart request cannot be executed; nothing ran."""

    def __init__(self, message: str, *, code: str = INVALID, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def response(self) -> JsonResponse:
        error = {"message": self.message, "extensions": {"exception": {"code": self.code}}}
        return JsonResponse({"errors": [error], "data": None}, status=self.status)


class Upload(graphene.Scalar):
    """A file sent with the request by the GraphQL multipart request spec
    (https://github.com/jaydenseric/graphql-multipart-request-spec). Variables
    only: the value is the form field the request's ``map`` points here."""

    @staticmethod
    def serialize(value: Any) -> None:
        raise GraphQLError(_("Kiểu Upload chỉ dùng cho dữ liệu gửi lên."))

    @staticmethod
    def parse_literal(node: ValueNode, _variables: Any = None) -> None:
        raise GraphQLError(_("Tệp phải được gửi bằng biến kèm yêu cầu multipart, không viết trong câu truy vấn."))

    @staticmethod
    def parse_value(value: Any) -> UploadedFile:
        if not isinstance(value, UploadedFile):
            raise GraphQLError(_("Cần một tệp gửi kèm yêu cầu multipart."))
        return value


def is_multipart(request: HttpRequest) -> bool:
    return request.method == "POST" and request.content_type == MULTIPART


def _max_request_bytes() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _too_large() -> UploadRequestError:
    limit_mb = _max_request_bytes() // (1024 * 1024)
    return UploadRequestError(
        _("Dữ liệu gửi lên quá lớn (tối đa %(mb)s MB).") % {"mb": limit_mb}, code=FILE_TOO_LARGE, status=413
    )


def parse_multipart(request: HttpRequest) -> None:
    """Read the form fields and files of a multipart request, refusing a body
    over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` before reading it. Django reads no
    more than the declared length, so checking that length bounds the whole
    body. Raises ``UploadRequestError``."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise UploadRequestError(_("Độ dài dữ liệu gửi lên không hợp lệ.")) from exc
    if length > _max_request_bytes():
        raise _too_large()
    try:
        request.POST  # noqa: B018 - parses the body, files included
        request.FILES  # noqa: B018
    except SuspiciousOperation as exc:  # too many fields or files, a field over the limit
        raise UploadRequestError(_("Yêu cầu multipart vượt giới hạn số trường hoặc số tệp."), code=INVALID) from exc
    except (MultiPartParserError, BadRequest, UnicodeDecodeError) as exc:
        raise UploadRequestError(_("Không đọc được yêu cầu multipart.")) from exc


def _load_json(request: HttpRequest, field: str) -> Any:
    raw = request.POST.get(field)
    if raw is None:
        raise UploadRequestError(_("Yêu cầu multipart thiếu trường '%(field)s'.") % {"field": field}, code=REQUIRED)
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise UploadRequestError(_("Trường '%(field)s' không phải JSON hợp lệ.") % {"field": field}) from exc


def _place(operations: dict[str, Any], path: str, upload: UploadedFile) -> None:
    """Put ``upload`` at ``path`` (dot-separated keys and list indexes) inside
    ``operations``; the path must lead to an existing entry (its placeholder)."""
    parts = path.split(".") if isinstance(path, str) and path else []
    if len(parts) < 2 or parts[0] != "variables":
        raise UploadRequestError(_("Đường dẫn '%(path)s' trong 'map' không hợp lệ.") % {"path": path})
    container: Any = operations
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(container, dict) and part in container:
            if last:
                container[part] = upload
            else:
                container = container[part]
        elif isinstance(container, list) and part.isdigit() and int(part) < len(container):
            if last:
                container[int(part)] = upload
            else:
                container = container[int(part)]
        else:
            raise UploadRequestError(
                _("Đường dẫn '%(path)s' trong 'map' không có trong 'operations'.") % {"path": path}
            )


def read_multipart_operations(request: HttpRequest) -> dict[str, Any]:
    """The JSON body of a multipart GraphQL request with its files in place.
    ``parse_multipart`` must have run. Raises ``UploadRequestError``."""
    operations = _load_json(request, "operations")
    if isinstance(operations, list):
        raise UploadRequestError(_("Không hỗ trợ gửi nhiều thao tác trong một yêu cầu."))
    if not isinstance(operations, dict):
        raise UploadRequestError(_("Trường 'operations' phải là một đối tượng JSON."))
    if (
        "variables" in operations
        and operations["variables"] is not None
        and not isinstance(operations["variables"], dict)
    ):
        raise UploadRequestError(_("Trường 'variables' phải là một đối tượng JSON."))
    files_map = _load_json(request, "map") if "map" in request.POST or request.FILES else {}
    if not isinstance(files_map, dict) or not all(
        isinstance(paths, list) and all(isinstance(path, str) for path in paths) for paths in files_map.values()
    ):
        raise UploadRequestError(_("Trường 'map' phải ánh xạ tên tệp tới danh sách đường dẫn."))
    for field_name, paths in files_map.items():
        upload = request.FILES.get(field_name)
        if upload is None:
            raise UploadRequestError(
                _("Thiếu tệp '%(name)s' được nêu trong 'map'.") % {"name": field_name}, code=REQUIRED
            )
        for path in paths:
            _place(operations, path, upload)
    return operations


def multipart_body(request: HttpRequest) -> dict[str, Any] | JsonResponse:
    """The executable body of a multipart request, or the error response."""
    try:
        parse_multipart(request)
        return read_multipart_operations(request)
    except UploadRequestError as exc:
        return exc.response()
