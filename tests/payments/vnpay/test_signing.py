"""VNPay 2.1.0's checksum, against a string built by hand from VNPay's own
example payment URL (its integration guide), and against the stand-in's
independent implementation."""

from __future__ import annotations

import hashlib
import hmac

from payments.gateways.vnpay import signing
from tests.payments.standins import vnpay as standin

# The parameters of the example URL in VNPay's guide.
EXAMPLE = {
    "vnp_Amount": "1806000",
    "vnp_Command": "pay",
    "vnp_CreateDate": "20210801153333",
    "vnp_CurrCode": "VND",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_Locale": "vn",
    "vnp_OrderInfo": "Thanh toan don hang :5",
    "vnp_OrderType": "other",
    "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl",
    "vnp_TmnCode": "DEMOV210",
    "vnp_TxnRef": "5",
    "vnp_Version": "2.1.0",
}
# The example URL's query, as the guide prints it (sorted, form-encoded).
EXAMPLE_QUERY = (
    "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1"
    "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
)
SECRET = "SECRETKEYOFTHEEXAMPLE0123456789A"


def test_the_signed_string_is_vnpays_sorted_form_encoded_query():
    shuffled = dict(reversed(list(EXAMPLE.items())))
    assert signing.canonical_query(shuffled) == EXAMPLE_QUERY


def test_the_hash_is_hmac_sha512_of_that_string():
    expected = hmac.new(SECRET.encode(), EXAMPLE_QUERY.encode(), hashlib.sha512).hexdigest()
    assert signing.secure_hash(EXAMPLE, SECRET) == expected
    assert standin.vnpay_hash(EXAMPLE, SECRET) == expected


def test_the_payment_url_is_the_query_and_its_hash():
    url = signing.signed_url("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", EXAMPLE, SECRET)
    expected = hmac.new(SECRET.encode(), EXAMPLE_QUERY.encode(), hashlib.sha512).hexdigest()
    assert url == f"https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?{EXAMPLE_QUERY}&vnp_SecureHash={expected}"


def test_the_hash_and_its_type_are_not_signed_and_any_change_breaks_it():
    signed = standin.sign(EXAMPLE, SECRET)
    assert signing.is_authentic({**signed, "vnp_SecureHashType": "HmacSHA512"}, SECRET)
    assert signing.is_authentic({**signed, "vnp_SecureHash": signed["vnp_SecureHash"].upper()}, SECRET)
    assert not signing.is_authentic({**signed, "vnp_Amount": "1806100"}, SECRET)
    assert not signing.is_authentic({**signed, "vnp_Extra": "1"}, SECRET)
    assert not signing.is_authentic(signed, "ANOTHERSECRET")
    assert not signing.is_authentic(signed, "")
    assert not signing.is_authentic({**signed, "vnp_SecureHash": ""}, SECRET)


def test_empty_values_may_be_signed_or_left_out():
    with_empty = {**EXAMPLE, "vnp_BankCode": ""}
    signed_with = {**with_empty, "vnp_SecureHash": standin.vnpay_hash(with_empty, SECRET)}
    signed_without = {**with_empty, "vnp_SecureHash": standin.vnpay_hash(EXAMPLE, SECRET)}
    assert signing.is_authentic(signed_with, SECRET)
    assert signing.is_authentic(signed_without, SECRET)
