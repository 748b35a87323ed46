"""Emails telling a seller about each decision on its application, and
invitations. Called only through ``transaction.on_commit`` by the services,
so nothing is sent for a change that was rolled back."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.seller.models import SellerAction, SellerInvitation, SellerMember, SellerRole, SellerTransition
from marketplace.seller.selectors import REVIEW_KEY_LABELS

# action -> (template name, subject). START_REVIEW tells the seller nothing by email.
DECISION_EMAILS: dict[str, tuple[str, Promise]] = {
    SellerAction.SUBMIT: ("submitted", _("Chợ OCOP đã nhận hồ sơ của %(seller)s")),
    SellerAction.REQUEST_CHANGES: ("changes_requested", _("Hồ sơ của %(seller)s cần bổ sung")),
    SellerAction.APPROVE: ("approved", _("%(seller)s đã được duyệt bán hàng trên Chợ OCOP")),
    SellerAction.REJECT: ("rejected", _("Hồ sơ của %(seller)s không được duyệt")),
    SellerAction.SUSPEND: ("suspended", _("%(seller)s bị tạm khóa trên Chợ OCOP")),
    SellerAction.REINSTATE: ("reinstated", _("%(seller)s đã được mở khóa trên Chợ OCOP")),
}


def _absolute(url_name: str, fallback: str = "/", **kwargs: str) -> str:
    """A link into the seller centre; the site's root until that page exists."""
    try:
        path = reverse(url_name, kwargs=kwargs or None)
    except NoReverseMatch:
        path = fallback
    return settings.PUBLIC_URL.rstrip("/") + path


def _send(*, template: str, subject: str, context: dict, recipient: str, language: str) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {**context, "subject": subject}
        text = render_to_string(f"seller/emails/{template}.txt", context)
        html = render_to_string(f"seller/emails/{template}.html", context)
        send_mail(str(subject), text, None, [recipient], html_message=html)


def decision_recipients(seller_id: int) -> list[tuple[str, str]]:
    """(email, language) of the seller's owners, then its contact email."""
    owners = SellerMember.objects.filter(seller_id=seller_id, role=SellerRole.OWNER, user__is_active=True)
    recipients: dict[str, str] = {}
    for email, language in owners.order_by("pk").values_list("user__email", "user__language_code"):
        recipients.setdefault(email.lower(), language)
    return list(recipients.items())


def send_decision_email(*, transition_id: int) -> None:
    transition = SellerTransition.objects.select_related("seller").get(pk=transition_id)
    if transition.action not in DECISION_EMAILS:
        return
    template, subject = DECISION_EMAILS[transition.action]
    seller = transition.seller
    recipients = decision_recipients(seller.pk)
    if seller.email and seller.email.lower() not in dict(recipients):
        recipients.append((seller.email.lower(), settings.LANGUAGE_CODE))
    for email, language in recipients:
        with translation.override(language or settings.LANGUAGE_CODE):
            reasons = transition.field_reasons or {}
            field_reasons = [(str(REVIEW_KEY_LABELS.get(key, key)), text) for key, text in reasons.items()]
            _send(
                template=template,
                subject=subject % {"seller": seller.name},
                context={
                    "seller": seller,
                    "reason": transition.reason,
                    "field_reasons": field_reasons,
                    "dashboard_url": _absolute("seller_centre:dashboard"),
                },
                recipient=email,
                language=language,
            )


def send_invitation_email(*, invitation_id: int) -> None:
    invitation = SellerInvitation.objects.select_related("seller", "invited_by").get(pk=invitation_id)
    if not invitation.email:
        return  # phone invitations: the owner shares the link (SMS, Zalo) from the seller centre
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            template="invitation",
            subject=_("Lời mời tham gia %(seller)s trên Chợ OCOP") % {"seller": invitation.seller.name},
            context={
                "invitation": invitation,
                "seller": invitation.seller,
                "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
                "role": SellerRole(invitation.role).label,
                "accept_url": invitation_url(invitation),
            },
            recipient=invitation.email,
            language=settings.LANGUAGE_CODE,
        )


def invitation_url(invitation: SellerInvitation) -> str:
    """The link that accepts ``invitation`` (to send by email or share by phone)."""
    return _absolute("seller_centre:invitation", fallback=f"/?invitation={invitation.token}", token=invitation.token)
