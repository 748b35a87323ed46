"""A stand-in for Stripe's API on 127.0.0.1, for the real ``stripe`` library
(pointed here through ``STRIPE_API_BASE``). It speaks the subset we call, in
Stripe's documented shapes: form-encoded requests with bracketed keys, JSON
objects with ``id``/``object``, errors as ``{"error": {type, code, message}}``,
``Idempotency-Key`` honoured (same key and parameters → the same object;
same key, other parameters → 400 ``idempotency_error``), a bearer secret key.

- ``POST /v1/checkout/sessions``, ``GET /v1/checkout/sessions/{id}``,
  ``POST /v1/checkout/sessions/{id}/expire``
- ``GET /v1/payment_intents/{id}`` (``expand`` of ``latest_charge.balance_transaction``)
- ``POST /v1/refunds``, ``POST /v1/transfers``, ``POST /v1/transfers/{id}/reversals``
- the hosted page ``GET /pay/{session}`` with a "Thanh toán" button; its
  ``POST`` charges the card, sends a signed ``checkout.session.completed``
  to ``webhook_url`` (Stripe's scheme: ``Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")``)
  and redirects to the session's ``success_url``.

Every request is kept in ``requests`` (method, path, headers, params) so
tests can assert what the library sent."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FEE_RATE = 0.034  # what the stand-in "charges" as Stripe's fee (any figure will do)


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header for ``payload``, Stripe's real scheme."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(event_type: str, obj: dict[str, Any], *, event_id: str | None = None) -> bytes:
    """An event as Stripe sends it to a webhook endpoint."""
    event = {
        "id": event_id or _new_id("evt"),
        "object": "event",
        "api_version": "2025-01-01",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }
    return json.dumps(event).encode()


def _new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(8)}"


def parse_form(body: str) -> dict[str, Any]:
    """Stripe's form encoding (``a[b][0][c]=v``) back into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


@dataclass
class Delivery:
    """A webhook the stand-in sent (or would send): body, signature, answer."""

    payload: bytes
    signature: str
    status: int = 0


@dataclass
class StripeStandIn:
    api_key: str
    webhook_secret: str
    webhook_url: str = ""
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    idempotent: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)
    fail_next: int = 0  # answer the next N API calls with a 500
    lock: threading.RLock = field(default_factory=threading.RLock)

    # --- the API ----------------------------------------------------------------

    def api(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        route = path.rstrip("/").split("/")[2:]  # after /v1
        if method == "POST" and route == ["checkout", "sessions"]:
            return 200, self.create_session(params)
        if route[:2] == ["checkout", "sessions"] and len(route) >= 3:
            session = self.objects.get(route[2])
            if session is None:
                return _missing(route[2])
            if method == "POST" and route[3:] == ["expire"]:
                if session["status"] == "open":
                    session["status"] = "expired"
                return 200, session
            return 200, session
        if method == "GET" and route[:1] == ["payment_intents"] and len(route) == 2:
            intent = self.objects.get(route[1])
            if intent is None:
                return _missing(route[1])
            return 200, self.expanded(intent, params.get("expand") or [])
        if method == "POST" and route == ["refunds"]:
            return self.create_refund(params)
        if method == "POST" and route == ["transfers"]:
            return self.create_transfer(params)
        if method == "POST" and route[:1] == ["transfers"] and route[2:] == ["reversals"]:
            return self.create_reversal(route[1], params)
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})."}}

    def create_session(self, params: dict[str, Any]) -> dict[str, Any]:
        items = params.get("line_items") or []
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
        currency = items[0]["price_data"]["currency"] if items else "vnd"
        session_id = _new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": currency,
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata") or {},
            "payment_intent": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/pay/{session_id}",
            "line_items_sent": items,
            "payment_intent_data": params.get("payment_intent_data") or {},
        }
        self.objects[session_id] = session
        return session

    def expanded(self, intent: dict[str, Any], expand: list[str]) -> dict[str, Any]:
        intent = dict(intent)
        if any(e.startswith("latest_charge") for e in expand) and intent.get("latest_charge"):
            charge = dict(self.objects[intent["latest_charge"]])
            if "latest_charge.balance_transaction" in expand:
                charge["balance_transaction"] = self.objects[charge["balance_transaction"]]
            intent["latest_charge"] = charge
        return intent

    def create_refund(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        intent = self.objects.get(params.get("payment_intent", ""))
        if intent is None or not intent.get("latest_charge"):
            return _missing(params.get("payment_intent", ""))
        charge = self.objects[intent["latest_charge"]]
        left = charge["amount_captured"] - charge["amount_refunded"]
        amount = int(params.get("amount") or left)
        if amount <= 0 or amount > left:
            message = f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
            return 400, {"error": {"type": "invalid_request_error", "code": "amount_too_large", "message": message}}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
        refund = {
            "id": _new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "charge": charge["id"],
            "payment_intent": intent["id"],
            "status": "succeeded",
            "reason": params.get("reason"),
            "metadata": params.get("metadata") or {},
        }
        self.objects[refund["id"]] = refund
        return 200, refund

    def create_transfer(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        destination = str(params.get("destination") or "")
        if not destination.startswith("acct_"):
            message = "No such destination: " + destination
            return 400, {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": message}}
        transfer = {
            "id": _new_id("tr"),
            "object": "transfer",
            "amount": int(params["amount"]),
            "amount_reversed": 0,
            "currency": params.get("currency"),
            "destination": destination,
            "transfer_group": params.get("transfer_group"),
            "source_transaction": params.get("source_transaction"),
            "metadata": params.get("metadata") or {},
            "reversed": False,
            "reversals": {"object": "list", "data": [], "has_more": False, "url": ""},
        }
        self.objects[transfer["id"]] = transfer
        return 200, transfer

    def create_reversal(self, transfer_id: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        transfer = self.objects.get(transfer_id)
        if transfer is None:
            return _missing(transfer_id)
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = int(params.get("amount") or left)
        if amount <= 0 or amount > left:
            message = "Reversal amount exceeds the amount left on the transfer"
            return 400, {"error": {"type": "invalid_request_error", "code": "amount_too_large", "message": message}}
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        reversal = {
            "id": _new_id("trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "currency": transfer["currency"],
            "transfer": transfer_id,
            "metadata": params.get("metadata") or {},
        }
        self.objects[reversal["id"]] = reversal
        return 200, reversal

    # --- the hosted page: paying a session ---------------------------------------------

    def complete_session(self, session_id: str, *, amount: int | None = None) -> Delivery:
        """The shopper pays: a payment intent, its charge and balance
        transaction; the session completes; a signed
        ``checkout.session.completed`` goes to ``webhook_url`` (when set).
        ``amount`` lets a test make Stripe report another amount."""
        with self.lock:
            session = self.objects[session_id]
            paid = session["amount_total"] if amount is None else amount
            metadata = session["payment_intent_data"].get("metadata") or {}
            intent_id, charge_id, balance_id = _new_id("pi"), _new_id("ch"), _new_id("txn")
            self.objects[balance_id] = {
                "id": balance_id,
                "object": "balance_transaction",
                "amount": paid,
                "fee": round(paid * FEE_RATE),
                "currency": session["currency"],
            }
            self.objects[charge_id] = {
                "id": charge_id,
                "object": "charge",
                "amount": paid,
                "amount_captured": paid,
                "amount_refunded": 0,
                "refunded": False,
                "currency": session["currency"],
                "payment_intent": intent_id,
                "balance_transaction": balance_id,
                "transfer_group": session["payment_intent_data"].get("transfer_group"),
                "metadata": metadata,
            }
            self.objects[intent_id] = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": paid,
                "amount_received": paid,
                "currency": session["currency"],
                "status": "succeeded",
                "latest_charge": charge_id,
                "metadata": metadata,
                "transfer_group": session["payment_intent_data"].get("transfer_group"),
            }
            session.update(status="complete", payment_status="paid", payment_intent=intent_id, amount_total=paid)
            event = {k: v for k, v in session.items() if k not in ("line_items_sent", "payment_intent_data")}
        return self.send("checkout.session.completed", event)

    def send(self, event_type: str, obj: dict[str, Any], *, event_id: str | None = None) -> Delivery:
        payload = event_payload(event_type, obj, event_id=event_id)
        delivery = Delivery(payload=payload, signature=sign(payload, self.webhook_secret))
        if self.webhook_url:
            request = urllib.request.Request(
                self.webhook_url,
                data=payload,
                method="POST",
                headers={"Content-Type": "application/json", "Stripe-Signature": delivery.signature},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    delivery.status = response.status
            except urllib.error.HTTPError as exc:
                delivery.status = exc.code
        self.deliveries.append(delivery)
        return delivery

    def calls(self, method: str, path_prefix: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == method and r["path"].startswith(path_prefix)]


def _missing(object_id: str) -> tuple[int, dict[str, Any]]:
    message = f"No such object: '{object_id}'"
    return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": message}}


def _handler(standin: StripeStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            return

        def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Request-Id", _new_id("req"))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _handle(self, method: str) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            if split.path.startswith("/pay/"):
                return self._page(method, split.path.split("/")[2])
            params = parse_form(body if method == "POST" else split.query)
            with standin.lock:
                standin.requests.append(
                    {"method": method, "path": split.path, "headers": dict(self.headers.items()), "params": params}
                )
                if self.headers.get("Authorization") != f"Bearer {standin.api_key}":
                    error = {"type": "invalid_request_error", "message": "Invalid API Key provided"}
                    return self._json(401, {"error": error})
                if standin.fail_next > 0:
                    standin.fail_next -= 1
                    return self._json(500, {"error": {"type": "api_error", "message": "Stand-in outage"}})
                key = self.headers.get("Idempotency-Key")
                if method == "POST" and key and key in standin.idempotent:
                    fingerprint, status, data = standin.idempotent[key]
                    if fingerprint != body:
                        message = "Keys for idempotent requests can only be used with the same parameters"
                        return self._json(400, {"error": {"type": "idempotency_error", "message": message}})
                    return self._json(status, data)
                status, data = standin.api(method, split.path, params)
                if method == "POST" and key:
                    standin.idempotent[key] = (body, status, data)
                return self._json(status, data)

        def _page(self, method: str, session_id: str) -> None:
            session = standin.objects.get(session_id)
            if session is None:
                return self._send(404, b"no such session", "text/plain")
            if method == "POST":
                if session["status"] == "open":
                    standin.complete_session(session_id)
                return self._send(303, b"", "text/plain", {"Location": session["success_url"]})
            amount = f"{session['amount_total']:,}".replace(",", ".")
            page = (
                "<!doctype html><html lang='vi'><meta charset='utf-8'><title>Stripe Checkout (stand-in)</title>"
                f"<h1>Thanh toán {amount} ₫</h1><p>Trạng thái: {html.escape(session['status'])}</p>"
                "<form method='post'><button type='submit'>Thanh toán</button></form>"
                f"<a href='{html.escape(session['cancel_url'] or '')}'>Quay lại</a></html>"
            )
            return self._send(200, page.encode(), "text/html; charset=utf-8")

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            self._handle("GET")

        def do_POST(self) -> None:  # noqa: N802 - the base class's name
            self._handle("POST")

    return Handler


class running:  # noqa: N801 - used as a context manager, like open()
    """``with running(api_key=…, webhook_secret=…) as stripe_standin:`` a
    stand-in serving on a random port until the block ends."""

    def __init__(self, *, api_key: str, webhook_secret: str, webhook_url: str = "") -> None:
        self.standin = StripeStandIn(api_key=api_key, webhook_secret=webhook_secret, webhook_url=webhook_url)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.standin))
        self.server.daemon_threads = True
        self.standin.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StripeStandIn:
        self.thread.start()
        return self.standin

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
