"""A stand-in for MoMo's payment API v2 on 127.0.0.1: ``POST
/v2/gateway/api/create`` (``captureWallet``) checks the partner's signature
with its own implementation of MoMo's scheme and answers with a ``payUrl``;
that page shows "Thanh toán" and "Hủy", then — as MoMo does — POSTs the
signed result to the payment's ``ipnUrl`` and sends the browser to its
``redirectUrl`` with the same signed result.

Written from MoMo's published documentation, independently of
``payments.gateways.momo``: the tests compare the two."""

from __future__ import annotations

import hashlib
import hmac
import html
import itertools
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CREATE_PATH = "/v2/gateway/api/create"


def momo_signature(secret_key: str, raw: str) -> str:
    return hmac.new(secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest()


def create_raw(access_key: str, body: dict) -> str:
    """The create request's raw signature, in the documented order."""
    return (
        f"accessKey={access_key}&amount={body['amount']}&extraData={body['extraData']}&ipnUrl={body['ipnUrl']}"
        f"&orderId={body['orderId']}&orderInfo={body['orderInfo']}&partnerCode={body['partnerCode']}"
        f"&redirectUrl={body['redirectUrl']}&requestId={body['requestId']}&requestType={body['requestType']}"
    )


def result_raw(access_key: str, result: dict) -> str:
    """The payment result's raw signature (IPN and redirect), in the documented order."""
    return (
        f"accessKey={access_key}&amount={result['amount']}&extraData={result['extraData']}"
        f"&message={result['message']}&orderId={result['orderId']}&orderInfo={result['orderInfo']}"
        f"&orderType={result['orderType']}&partnerCode={result['partnerCode']}&payType={result['payType']}"
        f"&requestId={result['requestId']}&responseTime={result['responseTime']}&resultCode={result['resultCode']}"
        f"&transId={result['transId']}"
    )


_trans_ids = itertools.count(4_088_878_653)


def payment_result(
    request: dict, *, access_key: str, secret_key: str, paid: bool, response_time: int | None = None, **changes
) -> dict:
    """MoMo's signed result for the created payment ``request``: paid, or
    cancelled by the shopper (1006); ``changes`` applied before signing."""
    result = {
        "partnerCode": request["partnerCode"],
        "orderId": request["orderId"],
        "requestId": request["requestId"],
        "amount": request["amount"],
        "orderInfo": request["orderInfo"],
        "orderType": "momo_wallet",
        "transId": next(_trans_ids),
        "resultCode": 0 if paid else 1006,
        "message": "Thành công." if paid else "Giao dịch bị từ chối bởi người dùng.",
        "payType": "qr",
        "responseTime": response_time if response_time is not None else int(time.time() * 1000),
        "extraData": request.get("extraData", ""),
    }
    result.update(changes)
    result["signature"] = momo_signature(secret_key, result_raw(access_key, result))
    return result


class MoMoStandIn:
    """``with MoMoStandIn(partner_code=..., access_key=..., secret_key=...) as momo:``
    — ``momo.endpoint`` is what MOMO_ENDPOINT points to; ``momo.requests``
    the verified create requests, ``momo.ipn_statuses`` the HTTP statuses our
    IPN answered, ``momo.refuse_with`` a resultCode to refuse creates with."""

    def __init__(self, *, partner_code: str, access_key: str, secret_key: str) -> None:
        self.partner_code = partner_code
        self.access_key = access_key
        self.secret_key = secret_key
        self.requests: list[dict] = []
        self.ipn_statuses: list[int] = []
        self.refuse_with: int | None = None
        self._payments: dict[str, dict] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> MoMoStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def result(self, request: dict, *, paid: bool = True, **changes) -> dict:
        return payment_result(request, access_key=self.access_key, secret_key=self.secret_key, paid=paid, **changes)

    def call_ipn(self, url: str, result: dict) -> int:
        request = urllib.request.Request(
            url, data=json.dumps(result).encode(), headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - local test server
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        self.ipn_statuses.append(status)
        return status

    def _create(self, body: dict) -> dict:
        answer = {
            "partnerCode": body.get("partnerCode"),
            "orderId": body.get("orderId"),
            "requestId": body.get("requestId"),
            "amount": body.get("amount"),
            "responseTime": int(time.time() * 1000),
        }
        try:
            expected = momo_signature(self.secret_key, create_raw(self.access_key, body))
        except KeyError:
            return {**answer, "resultCode": 20, "message": "Bad format request."}
        if not hmac.compare_digest(expected, str(body.get("signature", ""))):
            return {**answer, "resultCode": 11, "message": "Access denied (signature)."}
        if body["partnerCode"] != self.partner_code or body["requestType"] != "captureWallet":
            return {**answer, "resultCode": 11, "message": "Access denied."}
        if not isinstance(body["amount"], int) or not 1_000 <= body["amount"] <= 50_000_000:
            return {**answer, "resultCode": 22, "message": "Amount out of range."}
        if any(p["orderId"] == body["orderId"] for p in self._payments.values()):
            return {**answer, "resultCode": 41, "message": "Duplicate orderId."}
        if self.refuse_with is not None:
            return {**answer, "resultCode": self.refuse_with, "message": "Refused."}
        self.requests.append(body)
        token = secrets.token_urlsafe(12)
        self._payments[token] = body
        return {
            **answer,
            "resultCode": 0,
            "message": "Thành công.",
            "payUrl": f"{self.endpoint}/v2/gateway/pay?t={token}",
            "deeplink": f"momo://app?action=payWithApp&t={token}",
            "qrCodeUrl": f"momo://app?t={token}",
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
                pass

            def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8", **headers) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _read(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                token = dict(urllib.parse.parse_qsl(url.query)).get("t", "")
                payment = standin._payments.get(token)
                if url.path != "/v2/gateway/pay" or payment is None:
                    return self._send(404, "<p id='error'>Không tìm thấy giao dịch</p>")
                page = f"""<!doctype html><html lang="vi"><meta charset="utf-8">
<title>MoMo (thử nghiệm)</title><h1>Cổng thanh toán MoMo (thử nghiệm)</h1>
<p id="info">{html.escape(payment["orderInfo"])}</p><p>Số tiền: <strong id="amount">{payment["amount"]:,}</strong>đ</p>
<form method="post" action="/v2/gateway/pay"><input type="hidden" name="t" value="{token}">
<button name="action" value="pay">Thanh toán</button> <button name="action" value="cancel">Hủy</button></form>"""
                return self._send(200, page)

            def do_POST(self) -> None:
                if self.path == CREATE_PATH:
                    try:
                        body = json.loads(self._read())
                    except ValueError:
                        return self._send(400, "{}", "application/json")
                    return self._send(200, json.dumps(standin._create(body)), "application/json")
                if self.path == "/v2/gateway/pay":
                    form = dict(urllib.parse.parse_qsl(self._read().decode()))
                    payment = standin._payments.pop(form.get("t", ""), None)
                    if payment is None:
                        return self._send(400, "<p id='error'>Giao dịch đã kết thúc</p>")
                    result = standin.result(payment, paid=form.get("action") == "pay")
                    standin.call_ipn(payment["ipnUrl"], result)
                    query = urllib.parse.urlencode({k: str(v) for k, v in result.items()})
                    return self._send(302, "", Location=f"{payment['redirectUrl']}?{query}")
                return self._send(404, "Not found")

        return Handler
