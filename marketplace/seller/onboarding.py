"""Seller registration, profile and the onboarding workflow.

The workflow is ONE explicit table, ``TRANSITIONS``: each action names the
statuses it may start from, the status it leads to and who may take it (a
member of the seller, or an operator who is not one). ``_transition`` is the
only code that changes ``Seller.status``: it locks the seller row, checks the
table, writes the ``SellerTransition`` audit row and schedules the email on
commit. Anything the table does not allow raises
``SellerError("INVALID_TRANSITION")`` and changes nothing.

    action           from                        to                 by
    submit           draft, changes_requested    submitted          member
    start_review     submitted                   in_review          operator
    request_changes  in_review                   changes_requested  operator
    approve          in_review                   approved           operator
    reject           in_review                   rejected           operator
    suspend          approved                    suspended          operator
    reinstate        suspended                   approved           operator
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.account.models import User
from marketplace.core.errors import DomainError
from marketplace.core.text import vietnamese_slugify
from marketplace.geography.models import Commune, Province
from marketplace.product.cache import catalog_changed
from marketplace.seller.emails import send_decision_email
from marketplace.seller.errors import SellerError, SellerValidationFailed
from marketplace.seller.models import (
    Seller,
    SellerAction,
    SellerDocument,
    SellerDocumentStatus,
    SellerKind,
    SellerMember,
    SellerRole,
    SellerStatus,
    SellerTransition,
)
from marketplace.seller.permissions import require_member, require_operator
from marketplace.seller.selectors import REVIEW_KEY_LABELS, missing_items, onboarding_checklist
from marketplace.seller.validation import normalize_email, normalize_phone, normalize_tax_code


class Actor(enum.Enum):
    MEMBER = "member"  # any member of the seller (owner or staff)
    OPERATOR = "operator"  # an operator who is not a member of the seller


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    actor: Actor
    reason_required: bool = False


S = SellerStatus
TRANSITIONS: dict[str, Transition] = {
    SellerAction.SUBMIT: Transition(frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, Actor.MEMBER),
    SellerAction.START_REVIEW: Transition(frozenset({S.SUBMITTED}), S.IN_REVIEW, Actor.OPERATOR),
    SellerAction.REQUEST_CHANGES: Transition(frozenset({S.IN_REVIEW}), S.CHANGES_REQUESTED, Actor.OPERATOR),
    SellerAction.APPROVE: Transition(frozenset({S.IN_REVIEW}), S.APPROVED, Actor.OPERATOR),
    SellerAction.REJECT: Transition(frozenset({S.IN_REVIEW}), S.REJECTED, Actor.OPERATOR, reason_required=True),
    SellerAction.SUSPEND: Transition(frozenset({S.APPROVED}), S.SUSPENDED, Actor.OPERATOR, reason_required=True),
    SellerAction.REINSTATE: Transition(frozenset({S.SUSPENDED}), S.APPROVED, Actor.OPERATOR),
}
del S

# Statuses in which the seller may change its profile and documents: not while
# an operator is looking at them, not once rejected.
EDITABLE_STATUSES = frozenset(
    {SellerStatus.DRAFT, SellerStatus.CHANGES_REQUESTED, SellerStatus.APPROVED, SellerStatus.SUSPENDED}
)
PROFILE_EDITABLE_STATUSES = frozenset({SellerStatus.DRAFT, SellerStatus.CHANGES_REQUESTED, SellerStatus.APPROVED})


def allowed_actions(status: str) -> list[str]:
    """Actions the table allows from ``status`` (for pages to offer buttons)."""
    return [action for action, rule in TRANSITIONS.items() if status in rule.sources]


def lock_seller(seller: Seller) -> Seller:
    """Re-read ``seller`` with its row locked until the transaction ends."""
    return Seller.objects.select_for_update(of=("self",)).get(pk=seller.pk)


def _transition(
    *,
    seller: Seller,
    actor: User,
    action: str,
    reason: str = "",
    field_reasons: dict[str, str] | None = None,
    check: Callable[[Seller], None] | None = None,
    effect: Callable[[Seller], None] | None = None,
) -> SellerTransition:
    """Move ``seller`` along the workflow by ``action``.

    Holds the seller's row lock from the check to the write, so two operators
    pressing "approve" at once record one transition and the second gets
    ``INVALID_TRANSITION``. ``check`` may refuse (raise) under the lock;
    ``effect`` runs after the status change, in the same transaction. Updates
    ``seller.status`` in place. Raises ``SellerError``: ``NOT_FOUND`` /
    ``PERMISSION_DENIED`` (who), ``INVALID_TRANSITION`` (from where),
    ``REASON_REQUIRED``, or whatever ``check`` raises.
    """
    rule = TRANSITIONS[action]
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_seller(seller)
        if rule.actor is Actor.MEMBER:
            require_member(user=actor, seller=locked)
        else:
            require_operator(user=actor, seller=locked)
        if locked.status not in rule.sources:
            raise SellerError(
                "INVALID_TRANSITION",
                _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
                % {"action": SellerAction(action).label, "status": SellerStatus(locked.status).label},
            )
        if rule.reason_required and not reason:
            raise SellerError("REASON_REQUIRED", _("Vui lòng ghi rõ lý do."), field="reason")
        if check is not None:
            check(locked)
        from_status = locked.status
        locked.status = rule.target
        locked.save(update_fields=["status", "updated_at"])
        record = SellerTransition.objects.create(
            seller=locked,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=rule.target,
            reason=reason,
            field_reasons=field_reasons or {},
        )
        if SellerStatus.APPROVED in (from_status, rule.target):
            # The seller's products appear or disappear in the shop: expire cached pages.
            Seller.objects.filter(pk=locked.pk).update(cache_version=F("cache_version") + 1)
            catalog_changed()
        if effect is not None:
            effect(locked)
        transaction.on_commit(partial(send_decision_email, transition_id=record.pk))
    seller.status = locked.status
    return record


# --- registration and profile -------------------------------------------------


def _unique_slug(name: str) -> str:
    base = vietnamese_slugify(name)[:180].strip("-") or "co-so"
    slug, n = base, 1
    while Seller.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_profile(seller: Seller, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate profile ``fields`` against ``seller`` and return model values.
    Raises ``SellerValidationFailed`` with every field error at once."""
    allowed = {"name", "description", "phone", "email", "province", "commune", "street_address", "tax_code"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown seller profile fields: {sorted(unknown)}")
    errors: list[DomainError] = []
    cleaned: dict[str, Any] = {}

    def attempt(key: str, fn: Callable[[], Any]) -> None:
        try:
            cleaned[key] = fn()
        except SellerError as exc:
            errors.append(exc)

    if "name" in fields:
        name = " ".join(str(fields["name"] or "").split())
        if not name:
            errors.append(SellerError("REQUIRED", _("Vui lòng nhập tên cơ sở."), field="name"))
        elif len(name) > 200:
            errors.append(SellerError("INVALID", _("Tên cơ sở dài tối đa 200 ký tự."), field="name"))
        else:
            cleaned["name"] = name
    for key, limit in (("description", 5000), ("street_address", 255)):
        if key in fields:
            value = str(fields[key] or "").strip()
            if len(value) > limit:
                errors.append(SellerError("INVALID", _("Nội dung quá dài."), field=key))
            else:
                cleaned[key] = value
    if "phone" in fields:
        attempt("phone", lambda: normalize_phone(fields["phone"]) if fields["phone"] else "")
    if "email" in fields:
        attempt("email", lambda: normalize_email(fields["email"]) if fields["email"] else "")
    if "tax_code" in fields:
        attempt("tax_code", lambda: normalize_tax_code(fields["tax_code"]) if fields["tax_code"] else "")
    if "province" in fields:
        attempt("province", lambda: _province(fields["province"]))
    if "commune" in fields:
        attempt("commune", lambda: _commune(fields["commune"]))
    if not errors and ("province" in cleaned or "commune" in cleaned):
        province = cleaned["province"] if "province" in cleaned else seller.province
        commune = cleaned["commune"] if "commune" in cleaned else seller.commune
        if commune is not None and province is None:
            cleaned["province"] = province = commune.province
        if commune is not None and commune.province_id != province.pk:
            errors.append(
                SellerError(
                    "COMMUNE_NOT_IN_PROVINCE",
                    _("Xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn."),
                    field="commune",
                )
            )
    if errors:
        raise SellerValidationFailed(errors)
    return cleaned


def _province(value: Province | str | None) -> Province | None:
    if value in (None, ""):
        return None
    if isinstance(value, Province):
        return value
    found = Province.objects.filter(code=str(value)).first()
    if found is None:
        raise SellerError("INVALID", _("Tỉnh/thành phố không hợp lệ."), field="province")
    return found


def _commune(value: Commune | str | None) -> Commune | None:
    if value in (None, ""):
        return None
    if isinstance(value, Commune):
        return value
    found = Commune.objects.select_related("province").filter(code=str(value)).first()
    if found is None:
        raise SellerError("INVALID", _("Xã/phường không hợp lệ."), field="commune")
    return found


def register_seller(*, user: User, name: str, kind: str, **profile: Any) -> Seller:
    """Create a seller in DRAFT with ``user`` as its owner.

    ``profile`` takes the fields of ``update_seller_profile`` (``phone``,
    ``province`` and ``commune`` as objects or codes, ...). Raises
    ``SellerValidationFailed`` (field errors) or ``SellerError("INVALID")``
    for an unknown ``kind``."""
    if not user.is_authenticated or not user.is_active:
        raise SellerError("PERMISSION_DENIED", _("Vui lòng đăng nhập để đăng ký bán hàng."))
    if kind not in SellerKind.values:
        raise SellerError("INVALID", _("Loại hình cơ sở không hợp lệ."), field="kind")
    seller = Seller(kind=kind)
    cleaned = _clean_profile(seller, {"name": name, **profile})
    for key, value in cleaned.items():
        setattr(seller, key, value)
    for _attempt in range(5):
        seller.slug = _unique_slug(seller.name)
        try:
            with transaction.atomic():
                seller.save()
                SellerMember.objects.create(seller=seller, user=user, role=SellerRole.OWNER)
                return seller
        except IntegrityError:  # another registration took the slug meanwhile
            seller.pk = None
    raise SellerError("INVALID", _("Không tạo được địa chỉ cho cơ sở, vui lòng thử lại."), field="name")


def update_seller_profile(*, seller: Seller, actor: User, **fields: Any) -> Seller:
    """Change the seller's profile (any member). Allowed in draft, changes
    requested and approved; locked while an operator reviews it.

    Raises ``NOT_FOUND`` (not a member), ``NOT_EDITABLE`` or
    ``SellerValidationFailed`` (field errors); nothing changes then."""
    with transaction.atomic():
        locked = lock_seller(seller)
        require_member(user=actor, seller=locked)
        if locked.status not in PROFILE_EDITABLE_STATUSES:
            raise SellerError("NOT_EDITABLE", _("Không thể sửa hồ sơ ở trạng thái hiện tại."))
        cleaned = _clean_profile(locked, fields)
        changed = [key for key, value in cleaned.items() if getattr(locked, key) != value]
        for key in changed:
            setattr(locked, key, cleaned[key])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            if locked.status == SellerStatus.APPROVED:
                Seller.objects.filter(pk=locked.pk).update(cache_version=F("cache_version") + 1)
                catalog_changed()
    for key in changed:
        setattr(seller, key, cleaned[key])
    return seller


# --- the workflow ---------------------------------------------------------------


def _require_complete(seller: Seller) -> None:
    missing = missing_items(onboarding_checklist(seller))
    if missing:
        raise SellerError(
            "INCOMPLETE_APPLICATION",
            _("Hồ sơ còn thiếu: %(items)s.") % {"items": ", ".join(item.label for item in missing)},
            details={"missing": [item.key for item in missing]},
        )


def submit_application(*, seller: Seller, actor: User) -> SellerTransition:
    """Send the application (again) to the operators. Refused with
    ``INCOMPLETE_APPLICATION`` (``details["missing"]``: checklist keys) until
    every required profile field and document is done."""
    return _transition(seller=seller, actor=actor, action=SellerAction.SUBMIT, check=_require_complete)


def start_review(*, seller: Seller, actor: User) -> SellerTransition:
    """An operator takes a submitted application."""
    return _transition(seller=seller, actor=actor, action=SellerAction.START_REVIEW)


def request_changes(
    *, seller: Seller, actor: User, field_reasons: dict[str, str], reason: str = ""
) -> SellerTransition:
    """Send the application back with a reason per field or document key (see
    ``selectors.REVIEW_KEY_LABELS``). Documents named get status
    "needs replacement" with the reason as their review note.

    Raises ``REASON_REQUIRED`` (no reasons) or ``INVALID_REVIEW_KEY``."""
    cleaned = {str(key): " ".join(str(text or "").split()) for key, text in (field_reasons or {}).items()}
    cleaned = {key: text for key, text in cleaned.items() if text}
    if not cleaned:
        raise SellerError(
            "REASON_REQUIRED", _("Vui lòng ghi lý do cho ít nhất một mục cần bổ sung."), field="field_reasons"
        )
    unknown = sorted(set(cleaned) - set(REVIEW_KEY_LABELS))
    if unknown:
        raise SellerError(
            "INVALID_REVIEW_KEY",
            _("Mục không hợp lệ: %(keys)s.") % {"keys": ", ".join(unknown)},
            field="field_reasons",
        )

    def flag_documents(locked: Seller) -> None:
        now = timezone.now()
        for doc in SellerDocument.objects.filter(seller=locked, is_current=True, kind__in=list(cleaned)):
            doc.status = SellerDocumentStatus.NEEDS_REPLACEMENT
            doc.review_note = cleaned[doc.kind]
            doc.reviewed_by, doc.reviewed_at = actor, now
            doc.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])

    return _transition(
        seller=seller,
        actor=actor,
        action=SellerAction.REQUEST_CHANGES,
        reason=reason,
        field_reasons=cleaned,
        effect=flag_documents,
    )


def approve_seller(*, seller: Seller, actor: User, reason: str = "") -> SellerTransition:
    """Approve an application under review; its pending documents become
    accepted. From now on the seller may publish products."""

    def accept_documents(locked: Seller) -> None:
        SellerDocument.objects.filter(seller=locked, is_current=True, status=SellerDocumentStatus.PENDING).update(
            status=SellerDocumentStatus.ACCEPTED, reviewed_by=actor, reviewed_at=timezone.now()
        )

    return _transition(seller=seller, actor=actor, action=SellerAction.APPROVE, reason=reason, effect=accept_documents)


def reject_seller(*, seller: Seller, actor: User, reason: str) -> SellerTransition:
    """Refuse an application under review, for ``reason`` (required, shown to the seller)."""
    return _transition(seller=seller, actor=actor, action=SellerAction.REJECT, reason=reason)


def suspend_seller(*, seller: Seller, actor: User, reason: str) -> SellerTransition:
    """Take an approved seller off the shop at once (its products disappear
    from ``visible_products`` on commit and cached pages expire)."""
    return _transition(seller=seller, actor=actor, action=SellerAction.SUSPEND, reason=reason)


def reinstate_seller(*, seller: Seller, actor: User, reason: str = "") -> SellerTransition:
    """Lift a suspension: the seller's products show again."""
    return _transition(seller=seller, actor=actor, action=SellerAction.REINSTATE, reason=reason)
