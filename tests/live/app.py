"""A small WSGI app behind a profiling middleware, for live mode's tests.

    app.py accumulate DUMP PORTFILE   one cProfile accumulated over every
        request, rewritten to DUMP after each one the way repoze.profile and
        friends do it: open with truncate, then write (not atomic).
        GET /__clear drops the profile and deletes DUMP (the middleware's
        "clear"); the next request starts a new run.
    app.py dir DIR PORTFILE           Werkzeug's ProfilerMiddleware writing one
        dump per request into DIR ({method}.{path}.{elapsed}ms.{time}.prof,
        with more digits than the default so that no two requests share one).

Listens on 127.0.0.1, a free port chosen by the OS, written to PORTFILE.
Endpoints: / (fast) and /slow (more work).
"""
import cProfile
import marshal
import os
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server


def render_row(i):
    return '<li>%d</li>' % i


def render(n):
    return ''.join(render_row(i) for i in range(n))


def handle_index():
    return render(20)


def handle_slow():
    return render(400)


def app(environ, start_response):
    path = environ.get('PATH_INFO', '/')
    body = handle_slow() if path == '/slow' else handle_index()
    start_response('200 OK', [('Content-Type', 'text/html')])
    return [body.encode()]


class AccumulatingProfiler(object):
    """Profiles every request into one profile; dumps it after each."""

    def __init__(self, wrapped, path):
        self.wrapped = wrapped
        self.path = path
        self.lock = threading.Lock()
        self.prof = cProfile.Profile()

    def dump(self):
        self.prof.create_stats()
        # open(..., 'wb') truncates, then the bytes follow: a reader can
        # see an empty or half-written file, as with the real middlewares.
        with open(self.path, 'wb') as f:
            data = marshal.dumps(self.prof.stats)
            half = len(data) // 2
            f.write(data[:half])
            f.flush()
            f.write(data[half:])

    def __call__(self, environ, start_response):
        with self.lock:
            if environ.get('PATH_INFO') == '/__clear':
                self.prof = cProfile.Profile()
                if os.path.exists(self.path):
                    os.unlink(self.path)
                start_response('200 OK', [('Content-Type', 'text/plain')])
                return [b'cleared\n']
            out = []
            self.prof.runcall(lambda: out.extend(self.wrapped(environ, start_response)))
            self.dump()
            return out


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    mode, target, portfile = sys.argv[1:4]
    if mode == 'accumulate':
        wrapped = AccumulatingProfiler(app, target)
    else:
        from werkzeug.middleware.profiler import ProfilerMiddleware
        # Werkzeug's default name has whole seconds and milliseconds: two
        # requests in one second with one elapsed time share a file.
        wrapped = ProfilerMiddleware(
            app, stream=None, profile_dir=target,
            filename_format='{method}.{path}.{elapsed:.3f}ms.{time:.6f}.prof')
    server = make_server('127.0.0.1', 0, wrapped, handler_class=QuietHandler)
    with open(portfile + '.tmp', 'w') as f:
        f.write('%d\n' % server.server_port)
    os.rename(portfile + '.tmp', portfile)
    server.serve_forever()


main()
