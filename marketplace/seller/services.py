"""Every change to sellers, in one import: callers (seller centre pages,
GraphQL mutations, admin actions, commands) use ``from marketplace.seller
import services`` and call these. The code lives by concept in
``onboarding`` (registration, profile, the workflow table), ``documents``
(uploads checked by content) and ``members`` (roles, invitations, producers).

Every function takes keyword arguments only and raises ``SellerError``
(``marketplace.seller.errors``, codes listed there) with nothing changed."""

from marketplace.seller.documents import review_document, upload_seller_document, validate_document_file
from marketplace.seller.errors import SellerError, SellerValidationFailed
from marketplace.seller.members import (
    accept_invitation,
    add_producer_member,
    invite_member,
    remove_member,
    remove_producer_member,
    revoke_invitation,
    set_member_role,
    update_producer_member,
)
from marketplace.seller.onboarding import (
    TRANSITIONS,
    allowed_actions,
    approve_seller,
    register_seller,
    reinstate_seller,
    reject_seller,
    request_changes,
    start_review,
    submit_application,
    suspend_seller,
    update_seller_profile,
)

__all__ = [
    "TRANSITIONS",
    "SellerError",
    "SellerValidationFailed",
    "accept_invitation",
    "add_producer_member",
    "allowed_actions",
    "approve_seller",
    "invite_member",
    "register_seller",
    "reinstate_seller",
    "reject_seller",
    "remove_member",
    "remove_producer_member",
    "request_changes",
    "review_document",
    "revoke_invitation",
    "set_member_role",
    "start_review",
    "submit_application",
    "suspend_seller",
    "update_producer_member",
    "update_seller_profile",
    "upload_seller_document",
    "validate_document_file",
]
