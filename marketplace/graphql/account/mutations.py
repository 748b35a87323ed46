"""Sign-in with JSON Web Tokens and registration, as Saleor's storefront API."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar

from marketplace.account import jwt
from marketplace.account.services import AccountError as DomainAccountError
from marketplace.account.services import authenticate_account, register_account, revoke_jwt_tokens
from marketplace.core.errors import DomainError, ValidationFailed
from marketplace.graphql.account.errors import AccountError
from marketplace.graphql.account.types import User
from marketplace.graphql.core.context import get_client_ip
from marketplace.graphql.core.enums import LanguageCodeEnum, enum_value
from marketplace.graphql.core.errors import PERMISSION_DENIED, ApiError, domain_errors
from marketplace.graphql.core.mutations import BaseMutation


class CreateToken(BaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(description="JWT refresh token, required to re-generate access token.")
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")

    class Meta:
        description = "Create JWT token. Failed attempts are limited per client address and email."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, email: str, password: str) -> CreateToken:
        user = authenticate_account(email=email, password=password, client_ip=get_client_ip(info.context))
        tokens = jwt.issue_tokens(user)
        return cls(
            token=tokens.access, refresh_token=tokens.refresh, csrf_token=tokens.csrf_token, user=user, errors=[]
        )


class RefreshToken(BaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        refresh_token = graphene.String(description="Refresh token.")
        csrf_token = graphene.String(description="CSRF token issued with the refresh token; checked when given.")

    class Meta:
        description = "Refresh JWT token. Mutation tries to take refreshToken from the input."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(
        cls, root: Any, info: graphene.ResolveInfo, refresh_token: str | None = None, csrf_token: str | None = None
    ) -> RefreshToken:
        if not refresh_token:
            raise DomainAccountError("JWT_MISSING_TOKEN", _("Thiếu mã làm mới phiên."), field="refresh_token")
        token, user = jwt.refresh_access_token(refresh_token, csrf_token=csrf_token)
        return cls(token=token, user=user, errors=[])


class VerifyToken(BaseMutation):
    user = graphene.Field(User, description="User assigned to token.")
    is_valid = graphene.Boolean(required=True, description="Determine if token is valid or not.")
    payload = GenericScalar(description="JWT payload.")

    class Arguments:
        token = graphene.String(required=True, description="JWT token to validate.")

    class Meta:
        description = "Verify JWT token."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, token: str) -> VerifyToken:
        try:
            payload = jwt.decode_token(token)
            user = jwt.get_user_from_payload(payload)
        except DomainError as exc:
            return cls(is_valid=False, errors=domain_errors(exc, AccountError))
        return cls(user=user, is_valid=True, payload=payload, errors=[])


class DeactivateAllUserTokens(BaseMutation):
    class Meta:
        description = "Deactivate all JWT tokens of the currently authenticated user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo) -> DeactivateAllUserTokens:
        user = info.context.user
        if not user.is_authenticated:
            raise ApiError(_("Bạn cần đăng nhập để làm việc này."), code=PERMISSION_DENIED)
        revoke_jwt_tokens(user=user)
        return cls(errors=[])


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True, description="The email address of the user.")
    password = graphene.String(required=True, description="Password.")
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Argument(LanguageCodeEnum, description="User language code.")
    redirect_url = graphene.String(description="Base of frontend URL that will be needed to create confirmation URL.")
    channel = graphene.String(description="Slug of a channel which will be used to notify users.")

    class Meta:
        description = "Fields required to create a user."


def _language_for_account(value: Any) -> str:
    """The site language closest to the requested one (EN_US -> en); refuses
    languages the shop does not speak."""
    code = str(enum_value(value) or "vi")
    try:
        return get_supported_language_variant(code)
    except LookupError as exc:
        raise ValidationFailed(
            [DomainAccountError("INVALID", _("Ngôn ngữ này chưa được hỗ trợ."), field="language_code")]
        ) from exc


class AccountRegister(BaseMutation):
    requires_confirmation = graphene.Boolean(description="Informs whether users need to confirm their email address.")
    user = graphene.Field(User)

    class Arguments:
        input = AccountRegisterInput(required=True, description="Fields required to create a user.")

    class Meta:
        description = "Register a new user."
        error_type_class = AccountError

    @classmethod
    def perform_mutation(cls, root: Any, info: graphene.ResolveInfo, *, input: Any) -> AccountRegister:
        if input.get("redirect_url"):
            try:
                URLValidator()(input["redirect_url"])
            except ValidationError as exc:
                raise DomainAccountError(
                    "INVALID", _("Địa chỉ chuyển hướng không hợp lệ."), field="redirect_url"
                ) from exc
        user = register_account(
            email=input["email"],
            password=input["password"],
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
            language_code=_language_for_account(input.get("language_code")),
        )
        return cls(user=user, requires_confirmation=False, errors=[])


class AccountMutations(graphene.ObjectType):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    tokens_deactivate_all = DeactivateAllUserTokens.Field()
    account_register = AccountRegister.Field()
