"""GraphQL documents the checkout and order API tests send, as a storefront would."""

from __future__ import annotations

from graphene.relay import Node

ERRORS = "errors { field code message variants addressType }"

CHECKOUT_FIELDS = """
  id token email quantity
  lines { id quantity problem variant { id name sku product { name } } unitPrice { gross { amount } }
          totalPrice { gross { amount currency } } }
  deliveryGroups {
    seller { name }
    lines { id }
    subtotalPrice { gross { amount } }
    shippingPrice { gross { amount } }
    availableShippingMethods { id name price { amount currency } minimumDeliveryDays maximumDeliveryDays }
    shippingMethod { id name }
    isShippingMethodValid
  }
  subtotalPrice { gross { amount } }
  shippingPrice { gross { amount } }
  totalPrice { gross { amount currency } net { amount } tax { amount } }
  shippingAddress { firstName lastName fullName streetAddress1 city cityArea phone province { code } commune { code } }
  billingAddress { fullName city cityArea }
  availablePaymentGateways { id name currencies }
"""

CHECKOUT_CREATE = f"""
mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

CHECKOUT = f"""
query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}
"""

LINES_ADD = f"""
mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

LINES_UPDATE = f"""
mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

LINES_DELETE = f"""
mutation($id: ID!, $linesIds: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $linesIds) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

EMAIL_UPDATE = f"""
mutation($id: ID!, $email: String!) {{
  checkoutEmailUpdate(id: $id, email: $email) {{ checkout {{ email }} {ERRORS} }}
}}
"""

SHIPPING_ADDRESS_UPDATE = f"""
mutation($id: ID!, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

BILLING_ADDRESS_UPDATE = f"""
mutation($id: ID!, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

DELIVERY_METHOD_UPDATE = f"""
mutation($id: ID!, $method: ID!) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }}
}}
"""

CUSTOMER_ATTACH = f"""
mutation($id: ID!) {{ checkoutCustomerAttach(id: $id) {{ checkout {{ id email }} {ERRORS} }} }}
"""

CUSTOMER_DETACH = f"""
mutation($id: ID!) {{ checkoutCustomerDetach(id: $id) {{ checkout {{ id }} {ERRORS} }} }}
"""

ORDER_FIELDS = """
  id number status chargeStatus isPaid userEmail paymentGateway
  total { gross { amount currency } } subtotal { gross { amount } } shippingPrice { gross { amount } }
  lines { id productName variantName productSku quantity
          unitPrice { gross { amount } } totalPrice { gross { amount } } }
  sellerOrders { id number status carrier trackingNumber shippingMethodName seller { name }
                 total { gross { amount } } lines { productName quantity } }
  shippingAddress { fullName city cityArea phone }
"""

COMPLETE = f"""
mutation($id: ID!, $gateway: String, $key: String) {{
  checkoutComplete(id: $id, paymentGateway: $gateway, idempotencyKey: $key) {{
    order {{ {ORDER_FIELDS} }} confirmationNeeded {ERRORS}
  }}
}}
"""

ORDER = f"query($id: ID!) {{ order(id: $id) {{ {ORDER_FIELDS} }} }}"

MY_ORDERS = f"""
query($first: Int!, $after: String) {{
  me {{ orders(first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {ORDER_FIELDS} }} }}
  }} }}
}}
"""


def gid(type_name: str, pk: object) -> str:
    return Node.to_global_id(type_name, pk)


def address_input(**overrides: object) -> dict[str, object]:
    """A valid ``AddressInput`` in Quảng Ninh: the province as ``city``, the
    commune as ``cityArea`` (the shape ``Address`` returns)."""
    from tests.factories import commune_of

    data: dict[str, object] = {
        "firstName": "Văn An",
        "lastName": "Nguyễn",
        "streetAddress1": "12 Lê Thánh Tông",
        "city": "22",
        "cityArea": commune_of("22").code,
        "phone": "0912 345 678",
        "country": "VN",
    }
    data.update(overrides)
    return data
