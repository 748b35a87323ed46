"""A stand-in for VNPay's payment page (API 2.1.0) on 127.0.0.1: it checks
the merchant's signed URL with its own implementation of VNPay's checksum,
shows "Thanh toán" and "Hủy", then — as VNPay does — calls the merchant's IPN
URL (a signed GET) and sends the browser to ``vnp_ReturnUrl`` with the same
signed result.

Written from VNPay's published integration guide, independently of
``payments.gateways.vnpay``: the tests compare the two."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import html
import itertools
import json
import secrets
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAY_PATH = "/paymentv2/vpcpay.html"
GMT7 = datetime.timezone(datetime.timedelta(hours=7))


def vnpay_hash(params: dict[str, str], secret: str) -> str:
    """VNPay's checksum as its guide describes it: every vnp_ field but the
    hash, sorted by name, ``name=value`` with the value form-encoded, joined
    by ``&``; HMAC-SHA512 of that in lower-case hex."""
    fields = sorted(
        (k, v) for k, v in params.items() if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")
    )
    data = "&".join(k + "=" + urllib.parse.quote_plus(v) for k, v in fields)
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def sign(params: dict[str, str], secret: str) -> dict[str, str]:
    return {**params, "vnp_SecureHash": vnpay_hash(params, secret)}


def vietnam_now() -> str:
    return datetime.datetime.now(GMT7).strftime("%Y%m%d%H%M%S")


_numbers = itertools.count(14_000_000)


def result_params(
    request: dict[str, str], *, tmn_code: str, secret: str, paid: bool, pay_date: str | None = None
) -> dict[str, str]:
    """The signed result VNPay sends for the payment ``request`` asked for
    (to the IPN and to the return URL alike): paid, or cancelled by the shopper (24)."""
    params = {
        "vnp_Amount": request["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": request.get("vnp_OrderInfo", ""),
        "vnp_PayDate": pay_date or vietnam_now(),
        "vnp_ResponseCode": "00" if paid else "24",
        "vnp_TmnCode": tmn_code,
        "vnp_TransactionNo": str(next(_numbers)) if paid else "0",
        "vnp_TransactionStatus": "00" if paid else "02",
        "vnp_TxnRef": request["vnp_TxnRef"],
    }
    if paid:
        params["vnp_BankTranNo"] = f"VNP{secrets.randbelow(10**8):08d}"
    return sign(params, secret)


class VNPayStandIn:
    """``with VNPayStandIn(tmn_code=..., secret=..., ipn_url=...) as vnpay:``
    — ``vnpay.payment_url`` is what VNPAY_PAYMENT_URL points to;
    ``vnpay.requests`` the verified payment requests, ``vnpay.ipn_answers``
    what the merchant's IPN answered, ``vnpay.rejected`` requests refused."""

    def __init__(self, *, tmn_code: str, secret: str, ipn_url: str = "") -> None:
        self.tmn_code = tmn_code
        self.secret = secret
        self.ipn_url = ipn_url
        self.requests: list[dict[str, str]] = []
        self.ipn_answers: list[dict[str, str]] = []
        self.rejected: list[str] = []
        self._sessions: dict[str, dict[str, str]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def payment_url(self) -> str:
        return self.base_url + PAY_PATH

    def __enter__(self) -> VNPayStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def call_ipn(self, params: dict[str, str]) -> dict[str, str]:
        url = self.ipn_url + "?" + urllib.parse.urlencode(params)
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
            answer = json.loads(response.read())
        self.ipn_answers.append(answer)
        return answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
                pass

            def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                if url.path != PAY_PATH:
                    return self._send(404, "Not found")
                params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
                problem = standin._check(params)
                if problem:
                    standin.rejected.append(problem)
                    return self._send(400, f"<h1>Lỗi</h1><p id='error'>{html.escape(problem)}</p>")
                standin.requests.append(params)
                session = secrets.token_urlsafe(12)
                standin._sessions[session] = params
                amount = int(params["vnp_Amount"]) // 100
                page = f"""<!doctype html><html lang="vi"><meta charset="utf-8">
<title>VNPAY (thử nghiệm)</title><h1>Cổng thanh toán VNPAY (thử nghiệm)</h1>
<p>Đơn hàng: <span id="info">{html.escape(params["vnp_OrderInfo"])}</span></p>
<p>Số tiền: <strong id="amount">{amount:,}</strong> VND</p>
<form method="post" action="/paymentv2/pay"><input type="hidden" name="session" value="{session}">
<button name="action" value="pay">Thanh toán</button> <button name="action" value="cancel">Hủy</button></form>"""
                return self._send(200, page)

            def do_POST(self) -> None:
                if self.path != "/paymentv2/pay":
                    return self._send(404, "Not found")
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                request = standin._sessions.pop(form.get("session", ""), None)
                if request is None:
                    return self._send(400, "<p id='error'>Phiên thanh toán không tồn tại</p>")
                result = result_params(
                    request, tmn_code=standin.tmn_code, secret=standin.secret, paid=form.get("action") == "pay"
                )
                if standin.ipn_url:
                    standin.call_ipn(result)
                location = request["vnp_ReturnUrl"] + "?" + urllib.parse.urlencode(result)
                return self._send(302, "", {"Location": location})

        return Handler

    def _check(self, params: dict[str, str]) -> str:
        """Why VNPay would refuse this payment URL ("" when it is fine)."""
        given = params.get("vnp_SecureHash", "")
        if not hmac.compare_digest(vnpay_hash(params, self.secret), given.lower()):
            return "Sai chữ ký"
        required = (
            "vnp_Version vnp_Command vnp_TmnCode vnp_Amount vnp_CurrCode vnp_TxnRef vnp_OrderInfo vnp_OrderType "
            "vnp_Locale vnp_ReturnUrl vnp_IpAddr vnp_CreateDate vnp_ExpireDate"
        ).split()
        missing = [name for name in required if not params.get(name)]
        if missing:
            return "Thiếu tham số " + ", ".join(missing)
        if params["vnp_Version"] != "2.1.0" or params["vnp_Command"] != "pay" or params["vnp_CurrCode"] != "VND":
            return "Sai phiên bản hoặc lệnh"
        if params["vnp_TmnCode"] != self.tmn_code:
            return "Sai mã website"
        if not params["vnp_Amount"].isdigit() or int(params["vnp_Amount"]) % 100:
            return "Sai số tiền"
        if not params["vnp_OrderInfo"].isascii():
            return "vnp_OrderInfo phải là chữ không dấu"
        if not params["vnp_ExpireDate"] > params["vnp_CreateDate"] or params["vnp_ExpireDate"] < vietnam_now():
            return "Giao dịch đã hết hạn"
        return ""
