"""The schema speaks Saleor's type names and can be exported as SDL."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SALEOR_NAMES = [
    "Node",
    "PageInfo",
    "Product",
    "ProductVariant",
    "ProductType",
    "ProductMedia",
    "Category",
    "Channel",
    "User",
    "Money",
    "TaxedMoney",
    "MoneyRange",
    "TaxedMoneyRange",
    "ProductPricingInfo",
    "VariantPricingInfo",
    "Image",
    "Weight",
    "CountryDisplay",
    "ProductCountableConnection",
    "ProductCountableEdge",
    "ProductFilterInput",
    "PriceRangeInput",
    "ProductOrder",
    "ProductOrderField",
    "OrderDirection",
    "AccountRegisterInput",
    "AccountError",
    "AccountErrorCode",
    "ProductErrorCode",
    "LanguageCodeEnum",
    "CountryCode",
    "ThumbnailFormatEnum",
    "ProductTranslation",
    "JSONString",
]


def type_names(api) -> set[str]:
    data = api.execute("{ __schema { types { name } } }")
    return {t["name"] for t in data["__schema"]["types"]}


def enum_values(api, name: str) -> set[str]:
    data = api.execute("query($name: String!) { __type(name: $name) { enumValues { name } } }", {"name": name})
    return {value["name"] for value in data["__type"]["enumValues"]}


def test_saleor_type_names_are_present(api):
    assert set(SALEOR_NAMES) <= type_names(api)


def test_marketplace_types_are_present(api):
    assert {"Seller", "SellerKindEnum", "OcopCertificate", "OcopProductGroupEnum", "Origin", "Province"} <= type_names(
        api
    )


def test_enums_carry_saleors_values(api):
    assert {"NAME", "PRICE", "MINIMAL_PRICE", "LAST_MODIFIED_AT", "CREATED_AT", "RANK", "RATING", "PUBLISHED_AT"} <= (
        enum_values(api, "ProductOrderField")
    )
    assert enum_values(api, "OrderDirection") == {"ASC", "DESC"}
    assert {"VI", "EN", "EN_US", "FR", "ZH_HANS_CN"} <= enum_values(api, "LanguageCodeEnum")
    countries = enum_values(api, "CountryCode")
    assert {"VN", "US", "JP", "LA", "KH"} <= countries and len(countries) == 250  # ISO 3166-1 plus EU, as Saleor
    assert {"INVALID_CREDENTIALS", "INACTIVE", "LOGIN_ATTEMPT_DELAYED", "JWT_SIGNATURE_EXPIRED"} <= enum_values(
        api, "AccountErrorCode"
    )


def test_graphql_schema_command_writes_the_sdl(tmp_path):
    out = tmp_path / "schema.graphql"

    call_command("graphql_schema", out=str(out), verbosity=0)

    sdl = out.read_text()
    assert "type Product implements Node" in sdl
    assert "input ProductFilterInput" in sdl
    assert "type Mutation" in sdl and "tokenCreate(" in sdl
