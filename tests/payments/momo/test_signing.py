"""MoMo v2's HMAC-SHA256 signatures, against raw strings written out by hand
in the order MoMo's documentation gives, and the stand-in's implementation."""

from __future__ import annotations

import hashlib
import hmac

from payments.gateways.momo import signing
from tests.payments.standins import momo as standin

ACCESS_KEY = "F8BBA842ECF85"
SECRET = "K951B6PE1waDMi640xX08PD3vg6EkVlz"
CREATE = {
    "partnerCode": "MOMO",
    "requestId": "OC2611000001AB12",
    "amount": 380000,
    "orderId": "OC2611000001AB12",
    "orderInfo": "Thanh toán đơn hàng OC-2611-000001 tại Chợ OCOP",
    "redirectUrl": "https://cho-ocop.vn/thanh-toan/momo/ket-qua/",
    "ipnUrl": "https://cho-ocop.vn/thanh-toan/momo/ipn/",
    "requestType": "captureWallet",
    "extraData": "",
}
CREATE_RAW = (
    "accessKey=F8BBA842ECF85&amount=380000&extraData=&ipnUrl=https://cho-ocop.vn/thanh-toan/momo/ipn/"
    "&orderId=OC2611000001AB12&orderInfo=Thanh toán đơn hàng OC-2611-000001 tại Chợ OCOP&partnerCode=MOMO"
    "&redirectUrl=https://cho-ocop.vn/thanh-toan/momo/ket-qua/&requestId=OC2611000001AB12&requestType=captureWallet"
)
# The IPN example of MoMo's documentation (its body, less the signature).
IPN = {
    "orderType": "momo_wallet",
    "amount": 1000,
    "partnerCode": "MOMOT5BZ20231213_TEST",
    "orderId": "Partner_Transaction_ID_1721720620078",
    "extraData": "eyJza3VzIjoiIn0=",
    "transId": 4088878653,
    "responseTime": 1721720663942,
    "resultCode": 0,
    "message": "Successful.",
    "payType": "qr",
    "requestId": "Request_ID_1721720620078",
    "orderInfo": "Thank you for your purchase at MoMo_test",
}
IPN_RAW = (
    "accessKey=F8BBA842ECF85&amount=1000&extraData=eyJza3VzIjoiIn0=&message=Successful."
    "&orderId=Partner_Transaction_ID_1721720620078&orderInfo=Thank you for your purchase at MoMo_test"
    "&orderType=momo_wallet&partnerCode=MOMOT5BZ20231213_TEST&payType=qr&requestId=Request_ID_1721720620078"
    "&responseTime=1721720663942&resultCode=0&transId=4088878653"
)


def _hmac(raw: str) -> str:
    return hmac.new(SECRET.encode(), raw.encode(), hashlib.sha256).hexdigest()


def test_the_create_signature_is_over_momos_alphabetical_raw_string():
    values = {**CREATE, "accessKey": ACCESS_KEY}
    assert signing.raw_signature(signing.CREATE_FIELDS, values) == CREATE_RAW
    assert signing.sign(signing.CREATE_FIELDS, values, SECRET) == _hmac(CREATE_RAW)
    assert standin.create_raw(ACCESS_KEY, CREATE) == CREATE_RAW


def test_the_ipn_signature_is_over_the_documented_result_fields():
    assert signing.raw_signature(signing.RESULT_FIELDS, {**IPN, "accessKey": ACCESS_KEY}) == IPN_RAW
    assert standin.result_raw(ACCESS_KEY, IPN) == IPN_RAW
    signed = {**IPN, "signature": _hmac(IPN_RAW)}
    assert signing.is_authentic(signing.RESULT_FIELDS, signed, access_key=ACCESS_KEY, secret_key=SECRET)


def test_any_change_or_another_key_breaks_the_signature():
    signed = {**IPN, "signature": _hmac(IPN_RAW)}
    check = signing.is_authentic
    assert not check(signing.RESULT_FIELDS, {**signed, "amount": 100000}, access_key=ACCESS_KEY, secret_key=SECRET)
    assert not check(signing.RESULT_FIELDS, {**signed, "resultCode": 1006}, access_key=ACCESS_KEY, secret_key=SECRET)
    assert not check(signing.RESULT_FIELDS, signed, access_key="OTHERACCESS", secret_key=SECRET)
    assert not check(signing.RESULT_FIELDS, signed, access_key=ACCESS_KEY, secret_key="other")
    assert not check(signing.RESULT_FIELDS, signed, access_key=ACCESS_KEY, secret_key="")
    missing = {k: v for k, v in signed.items() if k != "payType"}
    assert not check(signing.RESULT_FIELDS, missing, access_key=ACCESS_KEY, secret_key=SECRET)
    assert not check(signing.RESULT_FIELDS, {**signed, "signature": None}, access_key=ACCESS_KEY, secret_key=SECRET)
