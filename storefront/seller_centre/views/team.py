"""Who works for the seller: members, invitations (by email or phone) and
their acceptance, and a cooperative's member producers. The services decide
who may do what (only an owner invites or removes); pages show their answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from marketplace.geography.models import Commune
from marketplace.seller import services
from marketplace.seller.emails import invitation_url
from marketplace.seller.errors import SellerError
from marketplace.seller.models import Seller, SellerKind, SellerRole
from marketplace.seller.permissions import membership
from storefront.seller_centre.access import centre_context, current_seller, private, remember_seller, seller_page
from storefront.seller_centre.forms import InviteForm, ProducerForm, add_service_errors, commune_choices
from storefront.seller_centre.queries import (
    invitation_by_token,
    invitation_of,
    member_of,
    open_invitations,
    producer_of,
    producers_of,
    team_members,
)


@seller_page
def team(request: HttpRequest, seller: Seller) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(
                seller=seller, actor=request.user, role=form.cleaned_data["role"], **form.contact_kwargs()
            )
        except SellerError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            if invitation.email:
                messages.success(request, _("Đã gửi lời mời tới %(contact)s.") % {"contact": invitation.contact})
            else:
                messages.success(
                    request,
                    _("Đã tạo lời mời cho %(contact)s. Hãy gửi đường dẫn bên dưới qua tin nhắn SMS hoặc Zalo.")
                    % {"contact": invitation.contact},
                )
            return redirect("seller_centre:team")
    me = membership(user=request.user, seller=seller)
    invitations = [(invitation, invitation_url(invitation)) for invitation in open_invitations(seller)]
    return render(
        request,
        "seller_centre/team.html",
        {
            "form": form,
            "members": list(team_members(seller)),
            "invitations": invitations,
            "is_owner": me is not None and me.role == SellerRole.OWNER,
        },
    )


@require_POST
@seller_page
def revoke_invitation(request: HttpRequest, seller: Seller, invitation_id: int) -> HttpResponse:
    invitation = invitation_of(seller, invitation_id)
    if invitation is None:
        raise Http404("no such invitation of this seller")
    try:
        services.revoke_invitation(invitation=invitation, actor=request.user)
    except SellerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi lời mời."))
    return redirect("seller_centre:team")


@require_POST
@seller_page
def remove_member(request: HttpRequest, seller: Seller, user_id: int) -> HttpResponse:
    member = member_of(seller, user_id)
    if member is None:
        raise Http404("no such member of this seller")
    try:
        services.remove_member(seller=seller, actor=request.user, user=member.user)
    except SellerError as error:
        messages.error(request, error.message)
        return redirect("seller_centre:team")
    if member.user_id == request.user.pk:
        messages.success(request, _("Bạn đã rời khỏi %(seller)s.") % {"seller": seller.name})
        return redirect("seller_centre:dashboard")
    messages.success(request, _("Đã xóa thành viên khỏi cơ sở."))
    return redirect("seller_centre:team")


@csrf_protect
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation. Anyone with the link sees whom it is from;
    accepting needs a signed-in account, and the sign-in comes back here."""
    found = invitation_by_token(token)
    centre_context(request, current_seller(request) if request.user.is_authenticated else None)
    context = {"invitation": found, "is_open": found is not None and found.is_open(), "error": ""}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return private(redirect_to_login(request.path, settings.LOGIN_URL))
        try:
            member = services.accept_invitation(token=token, user=request.user)
        except SellerError as error:
            context["error"] = error.message
        else:
            remember_seller(request, member.seller)
            messages.success(request, _("Bạn đã tham gia %(seller)s.") % {"seller": member.seller.name})
            return private(redirect("seller_centre:dashboard"))
    status = 200 if context["is_open"] else 404
    return private(render(request, "seller_centre/invitation.html", context, status=status))


@seller_page
def producers(request: HttpRequest, seller: Seller) -> HttpResponse:
    """A cooperative's member producers: a simple list to add to."""
    is_cooperative = seller.kind == SellerKind.COOPERATIVE
    communes = commune_choices(seller.province_id)
    form = ProducerForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commune = Commune.objects.filter(code=data["commune"]).first() if data["commune"] else None
        try:
            services.add_producer_member(
                seller=seller,
                actor=request.user,
                name=data["name"],
                phone=data["phone"],
                commune=commune,
                notes=data["notes"],
            )
        except SellerError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            messages.success(request, _("Đã thêm thành viên %(name)s.") % {"name": data["name"]})
            return redirect("seller_centre:producers")
    return render(
        request,
        "seller_centre/producers.html",
        {
            "form": form,
            "is_cooperative": is_cooperative,
            "producers": list(producers_of(seller)) if is_cooperative else [],
        },
    )


@require_POST
@seller_page
def remove_producer(request: HttpRequest, seller: Seller, producer_id: int) -> HttpResponse:
    producer = producer_of(seller, producer_id)
    if producer is None:
        raise Http404("no such producer of this seller")
    try:
        services.remove_producer_member(producer=producer, actor=request.user)
    except SellerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa thành viên %(name)s.") % {"name": producer.name})
    return redirect("seller_centre:producers")
