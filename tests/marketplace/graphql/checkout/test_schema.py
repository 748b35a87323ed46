"""The checkout, order, payment and address API keeps Saleor's names and
shapes, and every code the domain documents has its place in the area's
error enum."""

from __future__ import annotations

import re

import pytest

import marketplace.account.addresses
import marketplace.checkout.errors
import marketplace.order.errors
import payments.errors
from marketplace.graphql.account.errors import ACCOUNT_ERROR_CODES
from marketplace.graphql.checkout.errors import CHECKOUT_ERROR_CODES
from marketplace.graphql.order.errors import ORDER_ERROR_CODES
from marketplace.graphql.payment.errors import PAYMENT_ERROR_CODES
from marketplace.graphql.schema import schema

DOCUMENTED_CODE = re.compile(r"``([A-Z][A-Z_]+)``")
NOT_CODES = {"MAX_ADDRESSES_PER_USER", "CHECKOUT_MAX_LINE_QUANTITY"}


def _documented(module) -> set[str]:
    return set(DOCUMENTED_CODE.findall(module.__doc__)) - NOT_CODES


@pytest.mark.parametrize(
    ("module", "codes"),
    [
        (marketplace.checkout.errors, CHECKOUT_ERROR_CODES),
        (marketplace.order.errors, ORDER_ERROR_CODES),
        (payments.errors, PAYMENT_ERROR_CODES),
        (marketplace.account.addresses, ACCOUNT_ERROR_CODES),
    ],
)
def test_every_documented_domain_code_is_in_the_error_enum(module, codes):
    documented = _documented(module)

    assert documented
    assert documented <= codes


def test_address_codes_reach_checkout_errors_too():
    assert {"REQUIRED", "INVALID", "INVALID_PHONE"} <= CHECKOUT_ERROR_CODES


def test_the_enums_hold_exactly_the_codes():
    for name, codes in [
        ("CheckoutErrorCode", CHECKOUT_ERROR_CODES),
        ("OrderErrorCode", ORDER_ERROR_CODES),
        ("PaymentErrorCode", PAYMENT_ERROR_CODES),
        ("AccountErrorCode", ACCOUNT_ERROR_CODES),
    ]:
        assert set(schema.graphql_schema.get_type(name).values) == codes, name


def test_saleors_type_names_are_there():
    for name in [
        "CheckoutCreateInput",
        "CheckoutLineInput",
        "CheckoutLineUpdateInput",
        "AddressInput",
        "CountryCode",
        "AddressTypeEnum",
        "Checkout",
        "CheckoutLine",
        "CheckoutError",
        "Address",
        "Order",
        "OrderLine",
        "OrderCountableConnection",
        "PaymentGateway",
        "PaymentGatewayToInitialize",
        "TransactionItem",
        "TransactionEvent",
        "TaxedMoney",
    ]:
        assert schema.graphql_schema.get_type(name) is not None, name


def _arguments(type_name: str, field: str) -> dict[str, str]:
    graphql_type = schema.graphql_schema.get_type(type_name)
    return {name: str(argument.type) for name, argument in graphql_type.fields[field].args.items()}


@pytest.mark.parametrize(
    ("mutation", "arguments"),
    [
        ("checkoutCreate", {"input": "CheckoutCreateInput!"}),
        ("checkoutLinesAdd", {"id": "ID!", "lines": "[CheckoutLineInput!]!"}),
        ("checkoutLinesUpdate", {"id": "ID!", "lines": "[CheckoutLineUpdateInput!]!"}),
        ("checkoutLinesDelete", {"id": "ID!", "linesIds": "[ID!]!"}),
        ("checkoutEmailUpdate", {"id": "ID!", "email": "String!"}),
        ("checkoutShippingAddressUpdate", {"id": "ID!", "shippingAddress": "AddressInput!"}),
        ("checkoutBillingAddressUpdate", {"id": "ID!", "billingAddress": "AddressInput!"}),
        ("checkoutDeliveryMethodUpdate", {"id": "ID!", "deliveryMethodId": "ID!"}),
        ("checkoutCustomerAttach", {"id": "ID!"}),
        ("checkoutCustomerDetach", {"id": "ID!"}),
        (
            "checkoutComplete",
            {"id": "ID!", "paymentGateway": "String", "paymentData": "JSONString", "idempotencyKey": "String"},
        ),
        ("accountAddressCreate", {"input": "AddressInput!", "type": "AddressTypeEnum"}),
        ("accountAddressUpdate", {"id": "ID!", "input": "AddressInput!"}),
        ("accountAddressDelete", {"id": "ID!"}),
        ("accountSetDefaultAddress", {"id": "ID!", "type": "AddressTypeEnum!"}),
        ("paymentGatewayInitialize", {"id": "ID!", "paymentGateways": "[PaymentGatewayToInitialize!]"}),
        ("transactionInitialize", {"id": "ID!", "paymentGateway": "PaymentGatewayToInitialize!"}),
        ("transactionProcess", {"id": "ID!", "data": "GenericScalar"}),
    ],
)
def test_mutations_take_saleors_arguments(mutation, arguments):
    assert _arguments("Mutation", mutation) == arguments


def test_address_and_line_inputs_have_saleors_fields():
    address = schema.graphql_schema.get_type("AddressInput").fields
    line = schema.graphql_schema.get_type("CheckoutLineInput").fields
    update = schema.graphql_schema.get_type("CheckoutLineUpdateInput").fields
    create = schema.graphql_schema.get_type("CheckoutCreateInput").fields

    assert {"firstName", "lastName", "streetAddress1", "city", "cityArea", "countryArea", "phone"} <= set(address)
    assert str(address["country"].type) == "CountryCode"
    assert {name: str(field.type) for name, field in line.items()} == {"quantity": "Int!", "variantId": "ID!"}
    assert {"lineId", "quantity"} <= set(update)
    assert {"channel", "lines", "email", "shippingAddress", "billingAddress"} <= set(create)


def test_every_area_mutation_returns_its_coded_errors():
    mutations = schema.graphql_schema.get_type("Mutation").fields
    expected = {
        "checkout": "[CheckoutError!]!",
        "accountAddress": "[AccountError!]!",
        "accountSetDefault": "[AccountError!]!",
        "paymentGateway": "[PaymentError!]!",
        "transaction": "[PaymentError!]!",
    }
    checked = 0
    for name, field in mutations.items():
        prefix = next((p for p in expected if name.startswith(p)), None)
        if prefix is None:
            continue
        payload = schema.graphql_schema.get_type(str(field.type))
        assert str(payload.fields["errors"].type) == expected[prefix], name
        checked += 1
    assert checked == 19
