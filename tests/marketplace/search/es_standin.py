"""A local stand-in for the part of Elasticsearch's HTTP API our backend
uses (no Elasticsearch server can run here): index create/exists/delete,
``_bulk`` and ``_search`` with the query shape ``build_query`` sends (bool:
``prefix`` musts, ``match`` shoulds). It answers with Elasticsearch 8's
response shapes and product header, so the real ``elasticsearch`` client
and ``elasticsearch_dsl`` talk to it unchanged; it keeps every request for
tests to inspect."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+")


def _fold(text: str) -> list[str]:
    """Standard tokenizer + lowercase + asciifolding, for our documents."""
    text = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return _TOKEN.findall("".join(c for c in text if not unicodedata.combining(c)))


class ElasticsearchStandIn:
    def __init__(self) -> None:
        self.indices: dict[str, dict[str, Any]] = {}  # name -> {"body": ..., "docs": {id: source}}
        self.requests: list[tuple[str, str, bytes]] = []
        self._lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _answer(self, status: int, payload: Any = None) -> None:
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _handle(self) -> None:
                body = self._body()
                path = self.path.split("?", 1)[0].strip("/")
                with standin._lock:
                    standin.requests.append((self.command, path, body))
                    status, payload = standin.dispatch(self.command, path, body)
                self._answer(status, payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ElasticsearchStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the API ---------------------------------------------------------
    def dispatch(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        parts = path.split("/") if path else []
        if not parts:
            return 200, {"version": {"number": "8.15.0"}, "tagline": "You Know, for Search"}
        if parts[-1] == "_bulk":
            return 200, self._bulk(body)
        if len(parts) == 2 and parts[1] == "_search":
            return self._search(parts[0], json.loads(body or b"{}"))
        if len(parts) == 1:
            name = parts[0]
            if method == "HEAD":
                return (200 if name in self.indices else 404), None
            if method == "PUT":
                if name in self.indices:
                    return 400, {"error": {"type": "resource_already_exists_exception"}, "status": 400}
                self.indices[name] = {"body": json.loads(body or b"{}"), "docs": {}}
                return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}
            if method == "DELETE":
                self.indices.pop(name, None)
                return 200, {"acknowledged": True}
        return 400, {"error": {"type": "illegal_argument_exception", "reason": path}, "status": 400}

    def _bulk(self, body: bytes) -> dict[str, Any]:
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items, i = [], 0
        while i < len(lines):
            (op, meta), i = next(iter(lines[i].items())), i + 1
            docs = self.indices.setdefault(meta["_index"], {"body": {}, "docs": {}})["docs"]
            if op == "delete":
                existed = docs.pop(meta["_id"], None) is not None
                items.append({op: {"_id": meta["_id"], "status": 200 if existed else 404}})
            else:
                docs[meta["_id"]], i = lines[i], i + 1
                items.append({op: {"_id": meta["_id"], "status": 201, "result": "created"}})
        return {"took": 1, "errors": any(next(iter(x.values()))["status"] >= 300 for x in items), "items": items}

    def _search(self, index: str, body: dict[str, Any]) -> tuple[int, Any]:
        if index not in self.indices:
            return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
        query = body.get("query", {}).get("bool", {})
        prefixes = [clause["prefix"]["text"]["value"] for clause in query.get("must", [])]
        shoulds = query.get("should", [])
        hits = []
        for doc_id, source in self.indices[index]["docs"].items():
            tokens = _fold(source.get("text", ""))
            if not all(any(t.startswith(p) for t in tokens) for p in prefixes):
                continue
            score = 1.0
            for clause in shoulds:
                ((field, spec),) = clause["match"].items()
                field_tokens = set(_fold(source.get(field, "")))
                words = _fold(spec["query"])
                score += spec.get("boost", 1) * sum(w in field_tokens for w in words)
            hits.append({"_index": index, "_id": doc_id, "_score": score})
        hits.sort(key=lambda h: (-h["_score"], int(h["_id"])))
        hits = hits[: body.get("size", 10)]
        return 200, {
            "took": 1,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"max_score": hits[0]["_score"] if hits else None, "hits": hits},
        }
