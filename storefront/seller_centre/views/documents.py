"""The seller's documents: upload from the phone's camera, status and the
operator's notes, and the private download (members and operators only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from marketplace.seller import services
from marketplace.seller.documents import EXPIRY_REQUIRED_KINDS
from marketplace.seller.errors import SellerError
from marketplace.seller.models import Seller, SellerDocument, SellerDocumentKind
from marketplace.seller.onboarding import EDITABLE_STATUSES
from marketplace.seller.permissions import get_document_for_user
from marketplace.seller.selectors import (
    OPTIONAL_DOCUMENT_KINDS,
    current_documents,
    requested_changes,
    required_document_kinds,
)
from storefront.seller_centre.access import fetch, seller_page, signed_in
from storefront.seller_centre.forms import DocumentForm, add_service_errors


@dataclass
class DocumentSlot:
    """One kind of document on the page: what is stored and the upload form."""

    kind: str
    label: str
    required: bool
    current: SellerDocument | None
    form: DocumentForm
    reason: str


@seller_page
def documents(request: HttpRequest, seller: Seller) -> HttpResponse:
    required = required_document_kinds(seller.kind)
    kinds = [*required, *OPTIONAL_DOCUMENT_KINDS]
    current = {document.kind: document for document in current_documents(seller)}
    reasons = requested_changes(seller)
    forms = {kind: DocumentForm(prefix=kind, expiry_required=kind in EXPIRY_REQUIRED_KINDS) for kind in kinds}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in forms:
            raise Http404("unknown document kind")
        form = forms[kind] = DocumentForm(
            request.POST, request.FILES, prefix=kind, expiry_required=kind in EXPIRY_REQUIRED_KINDS
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.upload_seller_document(
                    seller=seller,
                    actor=request.user,
                    kind=kind,
                    upload=upload,
                    expires_on=form.cleaned_data["expires_on"],
                    filename=upload.name,
                )
            except SellerError as error:
                add_service_errors(form, error)
                if seller.status not in EDITABLE_STATUSES:  # the form is not shown then
                    messages.error(request, error.message)
            else:
                label = SellerDocumentKind(kind).label
                messages.success(request, _("Đã tải lên: %(kind)s. Giấy tờ đang chờ kiểm tra.") % {"kind": label})
                return redirect(f"{reverse('seller_centre:documents')}#{kind}")
    slots = [
        DocumentSlot(
            kind=kind,
            label=str(SellerDocumentKind(kind).label),
            required=kind in required,
            current=current.get(kind),
            form=forms[kind],
            reason=reasons.get(kind, ""),
        )
        for kind in kinds
    ]
    return render(
        request, "seller_centre/documents.html", {"slots": slots, "editable": seller.status in EDITABLE_STATUSES}
    )


@xframe_options_sameorigin  # the operators' application page shows documents in a frame
@signed_in
def document_file(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document's file, for its seller's members and operators only (anyone
    else: 404). Shown inline with its checked content type, never sniffed."""
    document = fetch(get_document_for_user, user=request.user, document_id=document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("document file missing") from exc
    name = document.original_filename or document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type=document.content_type, as_attachment=False, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
