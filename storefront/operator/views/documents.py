"""Seller documents, served to operators only, from private storage."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from marketplace.seller.documents import EXTENSIONS
from marketplace.seller.errors import SellerError
from marketplace.seller.permissions import get_document_for_user
from storefront.operator.access import operator_required

# An image opened on its own runs nothing; this keeps it that way should a
# browser ever treat it as a document.
IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@xframe_options_sameorigin  # the application page shows it in a frame beside the data
@operator_required
@require_safe
def document_file(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document's file with its stored (content-checked) type, inline for
    the viewer or as a download with ``?tai-ve=1``. Anyone but an operator: 404."""
    try:
        document = get_document_for_user(user=request.user, document_id=document_id)
        handle = document.file.open("rb")
    except (SellerError, FileNotFoundError) as exc:
        raise Http404("no such document for this user") from exc
    extension = EXTENSIONS.get(document.content_type, "bin")
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=bool(request.GET.get("tai-ve")),
        filename=f"{document.seller.slug}-{document.kind}-{document.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if document.content_type.startswith("image/"):
        response["Content-Security-Policy"] = IMAGE_POLICY
    return response
