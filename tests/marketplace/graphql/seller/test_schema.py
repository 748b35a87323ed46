"""The seller and catalogue API keeps Saleor's names and shapes, and every
code a service may raise has its place in the area's error enum."""

from __future__ import annotations

import re

import pytest

import marketplace.product.errors
import marketplace.seller.errors
from marketplace.graphql.product.errors import PRODUCT_ERROR_CODES
from marketplace.graphql.schema import schema
from marketplace.graphql.seller.errors import SELLER_ERROR_CODES

DOCUMENTED_CODE = re.compile(r"``([A-Z][A-Z_]+)``")


@pytest.mark.parametrize(
    ("module", "codes"),
    [(marketplace.seller.errors, SELLER_ERROR_CODES), (marketplace.product.errors, PRODUCT_ERROR_CODES)],
)
def test_every_documented_domain_code_is_in_the_error_enum(module, codes):
    documented = set(DOCUMENTED_CODE.findall(module.__doc__))

    assert documented
    assert documented <= codes


def _arguments(type_name: str, field: str) -> dict[str, str]:
    graphql_type = schema.graphql_schema.get_type(type_name)
    return {name: str(argument.type) for name, argument in graphql_type.fields[field].args.items()}


@pytest.mark.parametrize(
    ("mutation", "arguments"),
    [
        ("productCreate", {"input": "ProductCreateInput!"}),
        ("productUpdate", {"id": "ID!", "input": "ProductInput!"}),
        ("productDelete", {"id": "ID!"}),
        ("productVariantCreate", {"input": "ProductVariantCreateInput!"}),
        ("productVariantUpdate", {"id": "ID!", "input": "ProductVariantInput!"}),
        ("productVariantDelete", {"id": "ID!"}),
        ("productVariantChannelListingUpdate", {"id": "ID!", "input": "[ProductVariantChannelListingAddInput!]!"}),
        ("productChannelListingUpdate", {"id": "ID!", "input": "ProductChannelListingUpdateInput!"}),
        ("productVariantStocksUpdate", {"variantId": "ID!", "stocks": "[StockInput!]!"}),
        ("productVariantStocksCreate", {"variantId": "ID!", "stocks": "[StockInput!]!"}),
        ("productMediaCreate", {"input": "ProductMediaCreateInput!"}),
        ("productMediaReorder", {"productId": "ID!", "mediaIds": "[ID!]!"}),
        ("productMediaDelete", {"id": "ID!"}),
    ],
)
def test_catalogue_mutations_take_saleors_arguments(mutation, arguments):
    assert _arguments("Mutation", mutation) == arguments


def test_saleors_input_fields_are_there():
    product_input = schema.graphql_schema.get_type("ProductCreateInput").fields
    media_input = schema.graphql_schema.get_type("ProductMediaCreateInput").fields
    stock_input = schema.graphql_schema.get_type("StockInput").fields

    assert {"productType", "category", "name", "slug", "description", "weight", "seo"} <= set(product_input)
    assert str(product_input["description"].type) == "JSONString"
    assert str(media_input["image"].type) == "Upload"
    assert {name: str(field.type) for name, field in stock_input.items()} == {"warehouse": "ID!", "quantity": "Int!"}


def test_every_mutation_returns_coded_errors():
    mutations = schema.graphql_schema.get_type("Mutation").fields
    for name in mutations:
        if name.startswith(("seller", "product", "ocop")):
            payload = schema.graphql_schema.get_type(str(mutations[name].type))
            error_type = str(payload.fields["errors"].type)
            expected = "[SellerError!]!" if name.startswith("seller") else "[ProductError!]!"
            assert error_type == expected, name
