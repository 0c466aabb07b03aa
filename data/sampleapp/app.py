"""A small WSGI shop used to make data/sample.prof.

    python3 app.py PORT DUMP

Serves a few endpoints on 127.0.0.1:PORT (PORT 0: any free port; the
first line printed is "ready PORT") with werkzeug routing and request
objects, the stdlib wsgiref server): HTML pages built with string
formatting, JSON from an in-memory sqlite3 database, a regex search and a
report.  A middleware profiles every request with one cProfile.Profile;
on SIGTERM or SIGINT the accumulated stats are dumped to DUMP and the
server exits.  data/sampleapp/make-sample.sh drives it with ab.
"""
import cProfile
import html
import json
import re
import signal
import sqlite3
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

CATEGORIES = ("books", "music", "garden", "kitchen", "toys", "tools")
WORDS = ("red", "blue", "small", "large", "classic", "modern", "wooden",
         "steel", "quiet", "fast", "bright", "soft")

PAGE = """<!doctype html>
<html><head><title>{title}</title></head>
<body><h1>{title}</h1>
{body}
<footer>{count} items in {ncat} categories</footer>
</body></html>
"""
ROW = "<tr><td>{id}</td><td><a href=\"/item/{id}\">{name}</a></td><td>{category}</td><td>{price:.2f}</td></tr>"
PRICE_RE = re.compile(r"(\d+)\.(\d{2})")
QUERY_RE = re.compile(r"^[a-z ]{1,40}$")


def make_db():
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("create table item (id integer primary key, name text, category text, price real)")
    rows = []
    for i in range(1, 301):
        name = "%s %s %s" % (WORDS[i % len(WORDS)], WORDS[(i * 7) % len(WORDS)],
                             CATEGORIES[i % len(CATEGORIES)][:-1])
        rows.append((i, name, CATEGORIES[(i * 5) % len(CATEGORIES)], (i * 37 % 1000) / 10.0))
    db.executemany("insert into item values (?, ?, ?, ?)", rows)
    db.commit()
    return db


class Shop:
    def __init__(self):
        self.db = make_db()
        self.url_map = Map([
            Rule("/", endpoint="index"),
            Rule("/api/items", endpoint="api_items"),
            Rule("/item/<int:item_id>", endpoint="item"),
            Rule("/search", endpoint="search"),
            Rule("/report", endpoint="report"),
        ])

    def count(self):
        return self.db.execute("select count(*) from item").fetchone()[0]

    def page(self, title, body):
        text = PAGE.format(title=html.escape(title), body=body,
                           count=self.count(), ncat=len(CATEGORIES))
        return Response(text, mimetype="text/html")

    def items(self, category=None, limit=20):
        sql = "select id, name, category, price from item"
        args = ()
        if category:
            sql += " where category = ?"
            args = (category,)
        sql += " order by price desc limit ?"
        cur = self.db.execute(sql, args + (limit,))
        return [dict(zip(("id", "name", "category", "price"), row)) for row in cur]

    def on_index(self, request):
        rows = "\n".join(ROW.format(**it) for it in self.items(limit=25))
        return self.page("Shop", "<table>%s</table>" % rows)

    def on_api_items(self, request):
        limit = min(int(request.args.get("limit", 20)), 100)
        data = self.items(request.args.get("category"), limit)
        for it in data:
            it["price_text"] = "%.2f" % it["price"]
            m = PRICE_RE.match(it["price_text"])
            it["cents"] = int(m.group(1)) * 100 + int(m.group(2))
        return Response(json.dumps({"items": data, "n": len(data)}, sort_keys=True),
                        mimetype="application/json")

    def on_item(self, request, item_id):
        row = self.db.execute("select id, name, category, price from item where id = ?",
                              (item_id,)).fetchone()
        if row is None:
            raise NotFound()
        it = dict(zip(("id", "name", "category", "price"), row))
        return self.page(it["name"], "<table>%s</table>" % ROW.format(**it))

    def on_search(self, request):
        q = request.args.get("q", "").lower()
        if not QUERY_RE.match(q):
            return Response("bad query", status=400)
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in q.split()) + r")\b")
        hits = [it for it in self.items(limit=300) if pattern.search(it["name"])]
        rows = "\n".join(ROW.format(**it) for it in hits[:50])
        return self.page("Search: %s" % q, "<p>%d hits</p><table>%s</table>" % (len(hits), rows))

    def on_report(self, request):
        cur = self.db.execute("select category, count(*), avg(price), max(price) "
                              "from item group by category order by category")
        lines = ["<li>{0}: {1} items, average {2:.2f}, top {3:.2f}</li>".format(*r) for r in cur]
        return self.page("Report", "<ul>%s</ul>" % "".join(lines))

    def dispatch(self, request):
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, values = adapter.match()
            return getattr(self, "on_" + endpoint)(request, **values)
        except HTTPException as e:
            return e

    def __call__(self, environ, start_response):
        request = Request(environ)
        return self.dispatch(request)(environ, start_response)


class Profiled:
    """Runs each request under one cProfile.Profile that accumulates."""

    def __init__(self, app):
        self.app = app
        self.profile = cProfile.Profile()

    def __call__(self, environ, start_response):
        # The body is consumed inside the profile so its generation counts.
        def run():
            return list(self.app(environ, start_response))
        return self.profile.runcall(run)

    def dump(self, path):
        self.profile.dump_stats(path)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv):
    port, dump = int(argv[1]), argv[2]
    app = Profiled(Shop())
    server = make_server("127.0.0.1", port, app, handler_class=QuietHandler)

    def stop(signum, frame):
        app.dump(dump)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready %d" % server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
