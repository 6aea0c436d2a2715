"""A local HTTP server that answers like the UiTdatabank Search API v3 (paged JSON-LD collections), with
scripted failures: the tests talk to it over real sockets, and read back every request it received."""

import contextlib
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSearchApi:
    def __init__(self) -> None:
        self.documents: dict[str, list[dict]] = {"events": [], "places": []}
        self.requests: list[dict] = []
        # Answers to give before the real one, per endpoint: (status, headers) or ("slow", seconds).
        self.failures: dict[str, list] = {"events": [], "places": []}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/"

    def start(self) -> "FakeSearchApi":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                parsed = urllib.parse.urlsplit(self.path)
                endpoint = parsed.path.strip("/")
                query = urllib.parse.parse_qs(parsed.query)
                api.requests.append(
                    {"path": self.path, "endpoint": endpoint, "query": query, "headers": dict(self.headers)}
                )
                if endpoint not in api.documents:
                    return self._send(404, {"title": "Not found"})
                if self.headers.get("x-client-id") != "test-client":
                    return self._send(401, {"title": "Unauthorized"})
                if api.failures[endpoint]:
                    failure = api.failures[endpoint].pop(0)
                    if failure[0] == "slow":
                        time.sleep(failure[1])
                    else:
                        return self._send(failure[0], {"title": "Try again"}, headers=failure[1])
                start, limit = int(query.get("start", ["0"])[0]), int(query.get("limit", ["30"])[0])
                members = api.documents[endpoint]
                self._send(
                    200,
                    {
                        "@context": "http://www.w3.org/ns/hydra/context.jsonld",
                        "@type": "PagedCollection",
                        "itemsPerPage": limit,
                        "totalItems": len(members),
                        "member": members[start : start + limit],
                    },
                )

            def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                # The client may have given up waiting (the slow-answer test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

        return Handler


def event(n: int, **overrides) -> dict:
    """A weekly course as the Search API embeds it, in the shape of its published examples."""
    doc = {
        "@id": f"https://io.uitdatabank.be/event/00000000-0000-0000-0000-{n:012d}",
        "@type": "Event",
        "mainLanguage": "nl",
        "name": {"nl": f"Zwemlessen voor kleuters {n}", "fr": f"Cours de natation {n}",
                 "de": f"Schwimmkurs {n}"},
        "calendarType": "periodic",
        "startDate": "2026-09-01T00:00:00+02:00",
        "endDate": "2027-06-30T23:59:59+02:00",
        "openingHours": [{"dayOfWeek": ["wednesday"], "opens": "14:00", "closes": "14:45"}],
        "terms": [{"id": "0.7.0.0.0", "label": "Sport en beweging", "domain": "eventtype"},
                  {"id": "1.51.0.0.0", "label": "Zwemmen", "domain": "theme"}],
        "typicalAgeRange": "4-7",
        "location": {
            "@id": "https://io.uitdatabank.be/place/11111111-1111-1111-1111-111111111111",
            "name": {"nl": "Zwembad Winterslag"},
            "address": {"nl": {"addressCountry": "BE", "addressLocality": "Genk", "postalCode": "3600",
                               "streetAddress": "Zwembadstraat 1"}},
        },
        "organizer": {"name": {"nl": "Zwemclub De Dolfijn"}},
        "priceInfo": [
            {"category": "base", "name": {"nl": "Basistarief"}, "price": 120, "priceCurrency": "EUR"},
            {"category": "uitpas", "name": {"nl": "Kansentarief met UiTPAS Genk"}, "price": 24,
             "priceCurrency": "EUR"},
        ],
        "bookingInfo": {"url": f"https://dolfijn.example.org/inschrijven/{n}"},
        "workflowStatus": "READY_FOR_VALIDATION",
    }  # fmt: skip
    return doc | overrides
