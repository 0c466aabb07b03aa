"""A tiny WSGI app behind Werkzeug's ProfilerMiddleware, driven by Werkzeug's
test Client: one dump per request in DIR.

    endpoint_app.py DIR FAST SLOW [FORMAT [ids]]

FAST requests to /fast (a little arithmetic), SLOW to /slow/report (sleeps
100 ms: far above a fast request even on a loaded machine), one to / and
one to /api/v1/items.  One unprofiled request first, so that no profiled one
pays for Werkzeug's lazy imports.  FORMAT is ProfilerMiddleware's
filename_format (its default when absent; "" for the default).  With
"ids", also two requests to each of /api/v1/users/7/orders and
/api/v1/users/42/orders, and one to each of /files/<a UUID> and
/blobs/<a 40-digit hex>/raw: paths that differ only by an id.
"""
import sys
import time

from werkzeug.middleware.profiler import ProfilerMiddleware
from werkzeug.test import Client
from werkzeug.wrappers import Response


def fast_handler():
    return sum(i * i for i in range(200))


def slow_handler():
    time.sleep(0.100)
    return fast_handler()


def app(environ, start_response):
    path = environ["PATH_INFO"]
    body = str(slow_handler() if path.startswith("/slow") else fast_handler())
    return Response(body)(environ, start_response)


def main():
    out, fast, slow = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    kw = {"filename_format": sys.argv[4]} if len(sys.argv) > 4 and sys.argv[4] else {}
    Client(app).get("/fast")
    client = Client(ProfilerMiddleware(app, stream=None, profile_dir=out, **kw))
    for _ in range(fast):
        client.get("/fast")
    for _ in range(slow):
        client.get("/slow/report")
    client.get("/")
    client.post("/api/v1/items")
    if sys.argv[5:] == ["ids"]:
        for user in (7, 42, 7, 42):
            client.get("/api/v1/users/%d/orders" % user)
        client.get("/files/123e4567-e89b-12d3-a456-426614174000")
        client.get("/blobs/%s/raw" % ("0123456789abcdef" * 3)[:40])


main()
