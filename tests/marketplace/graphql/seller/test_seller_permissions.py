"""The seller API from the outside, for everyone in the matrix: anonymous, a
shopper, seller A's owner and staff, seller B's owner, an operator. Nobody
reads or changes another seller's application, documents or team; refusals
are ``NOT_FOUND`` (existence not revealed) and change nothing."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from marketplace.seller.models import (
    Seller,
    SellerDocument,
    SellerInvitation,
    SellerMember,
    SellerStatus,
    SellerTransition,
)
from tests.marketplace.graphql.seller.conftest import approve, global_id
from tests.marketplace.seller.files import png_bytes, upload

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", "shopper", "owner_a", "staff_a", "owner_b", "operator"]
INSIDERS = {"owner_a", "staff_a", "operator"}

SELLER = """
query($id: ID!) {
  seller(id: $id) {
    name status phone taxCode submittedAt
    onboardingChecklist { key done }
    notice { status message }
    documents { id kind url }
    transitions { action }
    members { role user { email } }
    invitations { email }
  }
}
"""
PRIVATE_FIELDS = [
    "status",
    "phone",
    "taxCode",
    "onboardingChecklist",
    "notice",
    "documents",
    "transitions",
    "members",
    "invitations",
]


def snapshot(seller: Seller) -> tuple:
    """Everything a refused mutation must leave as it was."""
    fresh = Seller.objects.get(pk=seller.pk)
    return (
        fresh.status,
        fresh.name,
        fresh.phone,
        fresh.street_address,
        sorted(SellerDocument.objects.filter(seller=seller).values_list("pk", "status", "is_current")),
        SellerTransition.objects.filter(seller=seller).count(),
        sorted(SellerMember.objects.filter(seller=seller).values_list("user_id", "role")),
        SellerInvitation.objects.filter(seller=seller).count(),
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_an_unapproved_sellers_application_is_seen_by_its_members_and_operators_only(cast, who):
    data = getattr(cast, who).execute(SELLER, {"id": global_id("Seller", cast.seller_a.pk)})

    if who in INSIDERS:
        seller = data["seller"]
        assert seller["status"] == "DRAFT"
        assert seller["phone"] == "+84912345678"
        assert {doc["kind"] for doc in seller["documents"]} == {"CITIZEN_ID", "BUSINESS_REGISTRATION"}
        assert {member["role"] for member in seller["members"]} == {"OWNER", "STAFF"}
    else:
        assert data["seller"] is None


@pytest.mark.parametrize("who", EVERYONE)
def test_an_approved_seller_shows_its_public_profile_to_all_and_its_private_side_to_insiders(cast, who):
    approve(cast.seller_a, cast.users["owner_a"], cast.users["operator"])

    seller = getattr(cast, who).execute(SELLER, {"id": global_id("Seller", cast.seller_a.pk)})["seller"]

    assert seller["name"] == "HTX Chè Tân Cương"
    if who in INSIDERS:
        assert seller["status"] == "APPROVED"
        assert [t["action"] for t in seller["transitions"]] == ["SUBMIT", "START_REVIEW", "APPROVE"]
        assert seller["submittedAt"] is not None
    else:
        assert {field: seller[field] for field in PRIVATE_FIELDS} == dict.fromkeys(PRIVATE_FIELDS)


@pytest.mark.parametrize("who", EVERYONE)
def test_documents_are_reachable_by_node_only_for_members_and_operators(cast, who):
    document = SellerDocument.objects.filter(seller=cast.seller_a).first()

    data = getattr(cast, who).execute(
        "query($id: ID!) { node(id: $id) { ... on SellerDocument { kind url } } }",
        {"id": global_id("SellerDocument", document.pk)},
    )

    if who in INSIDERS:
        url = data["node"]["url"]
        assert f"/kenh-nguoi-ban/tai-lieu/{document.pk}/" in url
        assert django_settings.MEDIA_URL not in url
        response = cast.anonymous.client.get(url)  # the page behind the URL checks who asks
        assert response.status_code in (302, 404)
        with document.file.open("rb") as stored:
            content = stored.read()
        assert content not in b"".join(getattr(response, "streaming_content", [response.content]))
    else:
        assert data["node"] is None


def test_a_document_file_is_never_under_the_public_media_folder(cast, settings):
    document = SellerDocument.objects.filter(seller=cast.seller_a).first()

    path = document.file.path

    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert cast.anonymous.client.get(settings.MEDIA_URL + document.file.name).status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_my_sellers_lists_only_the_requesters_own(cast, who):
    data = getattr(cast, who).execute("{ mySellers { name status } }")

    expected = {
        "owner_a": [{"name": "HTX Chè Tân Cương", "status": "DRAFT"}],
        "staff_a": [{"name": "HTX Chè Tân Cương", "status": "DRAFT"}],
        "owner_b": [{"name": "Hộ bà Lan mật ong", "status": "DRAFT"}],
    }
    assert data["mySellers"] == expected.get(who, [])


MEMBER_MUTATIONS = {
    "sellerUpdate": (
        'mutation($id: ID!) { sellerUpdate(id: $id, input: {name: "Tên mới", phone: "0987 654 321"}) '
        "{ seller { name } errors { code } } }"
    ),
    "sellerApplicationSubmit": (
        "mutation($id: ID!) { sellerApplicationSubmit(id: $id) { seller { status } errors { code } } }"
    ),
    "sellerMemberInvite": (
        'mutation($id: ID!) { sellerMemberInvite(sellerId: $id, email: "ban@example.vn") '
        "{ invitation { email } errors { code } } }"
    ),
}


@pytest.mark.parametrize("who", ["anonymous", "shopper", "owner_b", "operator"])
@pytest.mark.parametrize("mutation", MEMBER_MUTATIONS)
def test_outsiders_cannot_change_a_sellers_application(cast, who, mutation):
    before = snapshot(cast.seller_a)

    data = getattr(cast, who).execute(MEMBER_MUTATIONS[mutation], {"id": global_id("Seller", cast.seller_a.pk)})

    assert [e["code"] for e in data[mutation]["errors"]] == ["NOT_FOUND"]
    assert snapshot(cast.seller_a) == before


UPLOAD = """
mutation($id: ID!, $file: Upload!) {
  sellerDocumentUpload(sellerId: $id, kind: CITIZEN_ID, file: $file) { document { id } errors { code } }
}
"""


@pytest.mark.parametrize("who", ["anonymous", "shopper", "owner_b", "operator"])
def test_outsiders_cannot_upload_a_document_to_another_seller(cast, who):
    before = snapshot(cast.seller_a)

    data = getattr(cast, who).upload_data(
        UPLOAD,
        {"id": global_id("Seller", cast.seller_a.pk), "file": None},
        {"variables.file": upload(png_bytes(), "cccd.png", "image/png")},
    )

    assert [e["code"] for e in data["sellerDocumentUpload"]["errors"]] == ["NOT_FOUND"]
    assert snapshot(cast.seller_a) == before


DECISIONS = {
    "sellerReviewStart": "mutation($id: ID!) { sellerReviewStart(id: $id) { seller { status } errors { code } } }",
    "sellerApprove": "mutation($id: ID!) { sellerApprove(id: $id) { seller { status } errors { code } } }",
    "sellerReject": ('mutation($id: ID!) { sellerReject(id: $id, reason: "x") { seller { status } errors { code } } }'),
    "sellerChangesRequest": (
        'mutation($id: ID!) { sellerChangesRequest(id: $id, reasons: [{field: "phone", message: "Sai số"}]) '
        "{ seller { status } errors { code } } }"
    ),
}


@pytest.mark.parametrize("who", ["anonymous", "shopper", "owner_a", "staff_a", "owner_b"])
@pytest.mark.parametrize("mutation", DECISIONS)
def test_only_operators_take_decisions(cast, who, mutation):
    owner_a, operator = cast.users["owner_a"], cast.users["operator"]
    from marketplace.seller import services

    services.submit_application(seller=cast.seller_a, actor=owner_a)
    if mutation != "sellerReviewStart":
        services.start_review(seller=cast.seller_a, actor=operator)
    before = snapshot(cast.seller_a)

    data = getattr(cast, who).execute(DECISIONS[mutation], {"id": global_id("Seller", cast.seller_a.pk)})

    assert [e["code"] for e in data[mutation]["errors"]] == ["NOT_FOUND"]
    assert data[mutation]["seller"] is None
    assert snapshot(cast.seller_a) == before


@pytest.mark.parametrize("who", ["anonymous", "shopper", "owner_a", "staff_a", "owner_b"])
def test_the_review_queue_is_for_operators_only(cast, who):
    status, codes = getattr(cast, who).error_codes("{ sellerApplications(first: 5) { edges { node { name } } } }")

    assert (status, codes) == (200, ["PERMISSION_DENIED"])


def test_staff_cannot_invite_and_owners_can(cast):
    query = MEMBER_MUTATIONS["sellerMemberInvite"]
    variables = {"id": global_id("Seller", cast.seller_a.pk)}

    refused = cast.staff_a.execute(query, variables)["sellerMemberInvite"]
    accepted = cast.owner_a.execute(query, variables)["sellerMemberInvite"]

    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    assert accepted == {"invitation": {"email": "ban@example.vn"}, "errors": []}
    assert SellerInvitation.objects.filter(seller=cast.seller_a).count() == 1


def test_only_owners_see_an_invitations_link(cast):
    from marketplace.seller import services

    invitation = services.invite_member(seller=cast.seller_a, actor=cast.users["owner_a"], phone="0911 222 333")
    query = "query($id: ID!) { seller(id: $id) { invitations { phone url } } }"
    variables = {"id": global_id("Seller", cast.seller_a.pk)}

    owner_view = cast.owner_a.execute(query, variables)["seller"]["invitations"]
    staff_view = cast.staff_a.execute(query, variables)["seller"]["invitations"]

    assert owner_view[0]["phone"] == "+84911222333"
    assert invitation.token in owner_view[0]["url"]
    assert staff_view == [{"phone": "+84911222333", "url": None}]


def test_an_operator_reviewing_their_own_seller_is_refused(cast):
    operator = cast.users["operator"]
    cast.seller_b.members.create(user=operator, role="staff")
    from marketplace.seller import services

    services.submit_application(seller=cast.seller_b, actor=cast.users["owner_b"])
    before = snapshot(cast.seller_b)

    data = cast.operator.execute(DECISIONS["sellerReviewStart"], {"id": global_id("Seller", cast.seller_b.pk)})

    assert [e["code"] for e in data["sellerReviewStart"]["errors"]] == ["PERMISSION_DENIED"]
    assert snapshot(cast.seller_b) == before
    assert Seller.objects.get(pk=cast.seller_b.pk).status == SellerStatus.SUBMITTED


REVIEW_DOCUMENT = """
mutation($id: ID!) {
  sellerDocumentReview(id: $id, accepted: false, note: "Ảnh bị lóa") { document { status reviewNote } errors { code } }
}
"""


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", "NOT_FOUND"),
        ("shopper", "NOT_FOUND"),
        ("owner_b", "NOT_FOUND"),
        ("owner_a", "PERMISSION_DENIED"),  # members see their documents but do not judge them
        ("staff_a", "PERMISSION_DENIED"),
        ("operator", None),
    ],
)
def test_only_operators_judge_a_document(cast, who, code):
    document = SellerDocument.objects.filter(seller=cast.seller_a, kind="citizen_id").get()
    before = snapshot(cast.seller_a)

    data = getattr(cast, who).execute(REVIEW_DOCUMENT, {"id": global_id("SellerDocument", document.pk)})

    payload = data["sellerDocumentReview"]
    if code is None:
        assert payload == {"document": {"status": "NEEDS_REPLACEMENT", "reviewNote": "Ảnh bị lóa"}, "errors": []}
    else:
        assert [e["code"] for e in payload["errors"]] == [code]
        assert snapshot(cast.seller_a) == before
