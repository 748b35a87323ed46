"""Signing in with JSON Web Tokens, registering, and who the API thinks you are."""

from __future__ import annotations

import datetime

import jwt as pyjwt
import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.account.jwt import create_access_token, create_refresh_token
from marketplace.account.models import User
from marketplace.account.services import LOGIN_ATTEMPTS_LIMIT, revoke_jwt_tokens
from tests.factories import UserFactory
from tests.marketplace.graphql.conftest import ApiClient

pytestmark = pytest.mark.django_db

TOKEN_CREATE = """
mutation Login($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { email }
    errors { field code message }
  }
}
"""
TOKEN_REFRESH = """
mutation Refresh($refreshToken: String, $csrfToken: String) {
  tokenRefresh(refreshToken: $refreshToken, csrfToken: $csrfToken) { token user { email } errors { field code } }
}
"""
ME = "{ me { email firstName isStaff languageCode } }"
REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { requiresConfirmation user { email languageCode } errors { field code message } }
}
"""
PASSWORD = "Mat-khau-123"


def login(api: ApiClient, email: str, password: str = PASSWORD) -> dict:
    return api.execute(TOKEN_CREATE, {"email": email, "password": password})["tokenCreate"]


def test_token_create_then_me_with_the_bearer_token(api, shopper):
    result = login(api, "KHACH@example.vn")

    assert result["errors"] == [] and result["user"] == {"email": "khach@example.vn"}
    me = ApiClient(token=result["token"]).execute(ME)["me"]
    assert me == {"email": "khach@example.vn", "firstName": "An", "isStaff": False, "languageCode": "VI"}


def test_me_is_null_for_anonymous_visitors(api, db):
    assert api.execute(ME) == {"me": None}


def test_wrong_password_and_unknown_email_give_the_same_error(api, shopper):
    wrong = login(api, "khach@example.vn", "sai-mat-khau")
    unknown = login(api, "ai-do@example.vn")

    assert wrong["token"] is None and unknown["token"] is None
    assert [e["code"] for e in wrong["errors"]] == [e["code"] for e in unknown["errors"]] == ["INVALID_CREDENTIALS"]
    assert wrong["errors"][0]["field"] == "email"


def test_inactive_account_is_told_after_the_right_password(api, db):
    UserFactory(email="bi-khoa@example.vn", is_active=False)

    assert [e["code"] for e in login(api, "bi-khoa@example.vn")["errors"]] == ["INACTIVE"]
    assert [e["code"] for e in login(api, "bi-khoa@example.vn", "sai")["errors"]] == ["INVALID_CREDENTIALS"]


def test_refresh_token_gives_a_new_access_token(api, shopper):
    tokens = login(api, shopper.email)

    refreshed = api.execute(TOKEN_REFRESH, {"refreshToken": tokens["refreshToken"], "csrfToken": tokens["csrfToken"]})[
        "tokenRefresh"
    ]

    assert refreshed["errors"] == [] and refreshed["user"] == {"email": shopper.email}
    assert ApiClient(token=refreshed["token"]).execute(ME)["me"]["email"] == shopper.email


def test_refresh_refuses_access_tokens_wrong_csrf_and_missing_token(api, shopper):
    tokens = login(api, shopper.email)

    def codes(**variables):
        return [e["code"] for e in api.execute(TOKEN_REFRESH, variables)["tokenRefresh"]["errors"]]

    assert codes(refreshToken=tokens["token"]) == ["JWT_INVALID_TOKEN"]
    assert codes(refreshToken=tokens["refreshToken"], csrfToken="khac") == ["JWT_INVALID_CSRF_TOKEN"]
    assert codes() == ["JWT_MISSING_TOKEN"]


def test_expired_access_token_is_refused_with_saleors_code(shopper):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    expired = ApiClient(token=create_access_token(shopper, now=an_hour_ago))

    response = expired.post(ME)

    assert response.status_code == 200
    assert response.json()["data"] is None
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "ExpiredSignatureError"


def test_tampered_and_garbage_tokens_are_refused(shopper):
    token = create_access_token(shopper)
    header, payload, signature = token.split(".")
    claims = {**pyjwt.decode(token, options={"verify_signature": False}), "is_staff": True}
    forged = pyjwt.encode(claims, "a-guessed-key-that-is-long-enough-for-hs256", "HS256")

    assert ApiClient(token=f"{header}.{payload}.{signature[:-3]}abc").error_codes(ME) == (
        200,
        ["InvalidSignatureError"],
    )
    assert ApiClient(token=forged).error_codes(ME) == (200, ["InvalidSignatureError"])
    assert ApiClient(token="not-a-jwt").error_codes(ME) == (200, ["InvalidTokenError"])


def test_token_with_another_issuer_or_no_expiry_is_refused(shopper):
    now = timezone.now()
    base = {
        "sub": str(shopper.pk),
        "type": "access",
        "token": "x",
        "iat": now,
        "exp": now + datetime.timedelta(hours=1),
    }
    other_issuer = pyjwt.encode({**base, "iss": "https://evil.example/"}, settings.SECRET_KEY, "HS256")
    no_expiry = pyjwt.encode(
        {k: v for k, v in base.items() if k != "exp"} | {"iss": "http://127.0.0.1:8000/graphql/"},
        settings.SECRET_KEY,
        "HS256",
    )

    assert ApiClient(token=other_issuer).error_codes(ME) == (200, ["InvalidTokenError"])
    assert ApiClient(token=no_expiry).error_codes(ME) == (200, ["InvalidTokenError"])


def test_changing_the_token_key_revokes_access_and_refresh_tokens(api, shopper):
    tokens = login(api, shopper.email)
    revoke_jwt_tokens(user=User.objects.get(pk=shopper.pk))

    assert ApiClient(token=tokens["token"]).error_codes(ME) == (200, ["InvalidTokenError"])
    refreshed = api.execute(TOKEN_REFRESH, {"refreshToken": tokens["refreshToken"]})["tokenRefresh"]
    assert [e["code"] for e in refreshed["errors"]] == ["JWT_INVALID_TOKEN"]


def test_tokens_deactivate_all_signs_out_everywhere(api, shopper):
    tokens = login(api, shopper.email)
    signed_in = ApiClient(token=tokens["token"])

    result = signed_in.execute("mutation { tokensDeactivateAll { errors { code } } }")

    assert result["tokensDeactivateAll"]["errors"] == []
    assert signed_in.error_codes(ME) == (200, ["InvalidTokenError"])


def test_token_of_a_deactivated_user_is_refused(shopper):
    token = create_access_token(shopper)
    User.objects.filter(pk=shopper.pk).update(is_active=False)

    assert ApiClient(token=token).error_codes(ME) == (200, ["InvalidTokenError"])


def test_token_verify(api, shopper):
    token = create_access_token(shopper)
    query = "mutation($t: String!) { tokenVerify(token: $t) { isValid user { email } payload errors { code } } }"

    valid = api.execute(query, {"t": token})["tokenVerify"]
    expired = api.execute(query, {"t": create_access_token(shopper, now=timezone.now() - datetime.timedelta(days=1))})[
        "tokenVerify"
    ]

    assert valid["isValid"] is True and valid["user"] == {"email": shopper.email}
    assert valid["payload"]["type"] == "access"
    assert expired["isValid"] is False and [e["code"] for e in expired["errors"]] == ["JWT_SIGNATURE_EXPIRED"]


def test_refresh_token_cannot_be_used_as_a_bearer_token(shopper):
    refresh = create_refresh_token(shopper, csrf_token="c")

    assert ApiClient(token=refresh).error_codes(ME) == (200, ["InvalidTokenError"])


def test_login_is_delayed_after_too_many_failures_for_that_address_and_email(api, shopper):
    for _attempt in range(LOGIN_ATTEMPTS_LIMIT):
        assert [e["code"] for e in login(api, shopper.email, "sai")["errors"]] == ["INVALID_CREDENTIALS"]

    delayed = login(api, shopper.email)  # even the right password waits now

    assert delayed["token"] is None
    assert [e["code"] for e in delayed["errors"]] == ["LOGIN_ATTEMPT_DELAYED"]
    other_address = ApiClient(REMOTE_ADDR="203.0.113.9")
    assert login(other_address, shopper.email)["errors"] == []


def test_session_user_counts_only_with_a_valid_csrf_token(shopper):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(shopper)
    browser.get("/graphql/", HTTP_ACCEPT="text/html")  # sets the CSRF cookie, as the storefront's page does
    csrf = browser.cookies["csrftoken"].value
    body = '{"query": "{ me { email } }"}'

    without = browser.post("/graphql/", body, content_type="application/json")
    with_token = browser.post("/graphql/", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)

    assert without.json()["data"] == {"me": None}
    assert with_token.json()["data"] == {"me": {"email": shopper.email}}


def test_api_answers_set_no_csrf_cookie_only_the_graphiql_page_does(db):
    from django.test import Client

    client = Client()
    answer = client.post("/graphql/", '{"query": "{ me { email } }"}', content_type="application/json")
    page = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert answer.status_code == 200 and "csrftoken" not in answer.cookies
    assert page.status_code == 200 and page.cookies["csrftoken"].value


def test_register_creates_an_account_in_the_chosen_language(api, db):
    result = api.execute(
        REGISTER,
        {
            "input": {
                "email": "Moi@Example.vn",
                "password": "Mot-mat-khau-dai",
                "firstName": "Bình",
                "languageCode": "EN_US",
            }
        },
    )["accountRegister"]

    assert result == {
        "requiresConfirmation": False,
        "user": {"email": "moi@example.vn", "languageCode": "EN"},
        "errors": [],
    }
    assert User.objects.get(email="moi@example.vn").check_password("Mot-mat-khau-dai")


def test_register_reports_each_invalid_field(api, shopper):
    def errors(**fields):
        payload = {"email": "moi@example.vn", "password": "Mot-mat-khau-dai", **fields}
        result = api.execute(REGISTER, {"input": payload})["accountRegister"]
        assert result["user"] is None
        return sorted((e["field"], e["code"]) for e in result["errors"])

    assert errors(email="khong-phai-email", password="123") == [
        ("email", "INVALID"),
        ("password", "PASSWORD_ENTIRELY_NUMERIC"),
        ("password", "PASSWORD_TOO_COMMON"),
        ("password", "PASSWORD_TOO_SHORT"),
    ]
    assert errors(email="KHACH@example.vn") == [("email", "UNIQUE")]
    assert errors(languageCode="FR") == [("languageCode", "INVALID")]
    assert errors(redirectUrl="khong phai url") == [("redirectUrl", "INVALID")]
    assert User.objects.count() == 1
