"""A loopback stand-in for Elasticsearch 8 (no Elasticsearch server can run on these machines).

``ElasticsearchStub`` is an ``http.server`` in a thread on ``127.0.0.1:<free port>``. It answers
the requests the portal sends the way Elasticsearch 8 does - JSON bodies and the
``X-Elastic-Product: Elasticsearch`` header the official client insists on - and records every
request (method, path, parsed body) so tests can assert what was sent. Answers for a path can be
set per test with :meth:`ElasticsearchStub.respond`.
"""

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object  # dict for JSON, list of dicts for NDJSON (bulk), None without a body


def empty_search_response():
    return {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 3, "successful": 3, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
    }


def search_response(hits, total=None, aggregations=None):
    """A ``_search`` answer; ``hits`` are ``(index, kind, pk, score)``."""
    body = empty_search_response()
    body["hits"] = {
        "total": {"value": len(hits) if total is None else total, "relation": "eq"},
        "max_score": max((hit[3] for hit in hits), default=None),
        "hits": [
            {
                "_index": index,
                "_id": str(pk),
                "_score": score,
                "_source": {"kind": kind, "object_id": pk},
                "sort": [score, kind, pk],
            }
            for index, kind, pk, score in hits
        ],
    }
    if aggregations is not None:
        body["aggregations"] = {
            name: {
                "doc_count": sum(counts.values()),
                "by_value": {
                    "doc_count_error_upper_bound": 0,
                    "sum_other_doc_count": 0,
                    "buckets": [{"key": key, "doc_count": n} for key, n in counts.items()],
                },
            }
            for name, counts in aggregations.items()
        }
    return body


class ElasticsearchStub:
    def __init__(self):
        self.requests = []
        self._responses = []  # (method, compiled path pattern, status, body)
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                parts = urlsplit(self.path)
                request = Request(
                    method=self.command,
                    path=parts.path,
                    params={k: v[-1] for k, v in parse_qs(parts.query).items()},
                    body=stub._parse(raw, self.headers.get("Content-Type", "")),
                )
                with stub._lock:
                    stub.requests.append(request)
                status, body = stub._answer(request)
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header(
                    "Content-Type", "application/vnd.elasticsearch+json;compatible-with=8"
                )
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def respond(self, method, path_pattern, body, status=200):
        """Answer requests matching ``method`` and the regular expression ``path_pattern``."""
        self._responses.insert(0, (method, re.compile(path_pattern), status, body))

    def requests_to(self, method, path_pattern):
        pattern = re.compile(path_pattern)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    @staticmethod
    def _parse(raw, content_type):
        if not raw:
            return None
        if "x-ndjson" in content_type:
            return [json.loads(line) for line in raw.splitlines() if line.strip()]
        return json.loads(raw)

    def _answer(self, request):
        for method, pattern, status, body in self._responses:
            if method == request.method and pattern.search(request.path):
                return status, body
        return self._default(request)

    @staticmethod
    def _default(request):
        path, method = request.path, request.method
        segments = [s for s in path.split("/") if s]
        if method == "HEAD":
            return 404, None  # no index or alias exists yet
        if path.endswith("/_search"):
            return 200, empty_search_response()
        if path.endswith("/_bulk"):
            lines = request.body or []
            items, index = [], 0
            while index < len(lines):
                action, meta = next(iter(lines[index].items()))
                items.append(
                    {
                        action: {
                            "_index": meta.get("_index"),
                            "_id": meta.get("_id"),
                            "result": "created",
                            "status": 201,
                        }
                    }
                )
                index += 1 if action == "delete" else 2
            return 200, {"took": 1, "errors": False, "items": items}
        if path.endswith("/_refresh"):
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if path == "/_aliases":
            return 200, {"acknowledged": True}
        if len(segments) == 3 and segments[1] == "_doc":
            result = {"PUT": "created", "POST": "created", "DELETE": "deleted"}.get(method, "")
            return 200, {
                "_index": segments[0],
                "_id": segments[2],
                "_version": 1,
                "result": result,
                "_shards": {"total": 1, "successful": 1, "failed": 0},
            }
        if method == "PUT" and len(segments) == 1:
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": segments[0]}
        if method == "GET" and not segments:
            return 200, {
                "name": "stub",
                "cluster_name": "stub",
                "version": {"number": "8.19.0", "build_flavor": "default"},
                "tagline": "You Know, for Search",
            }
        return 404, {"error": {"type": "stub_not_implemented", "reason": path}, "status": 404}
