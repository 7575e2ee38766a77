"""The web application and the server that runs it.

Starlette routes requests to the protocol and the pages; uvicorn serves them,
through :mod:`mingraph.web.connections` (deadlines and a bound per client) and
:mod:`mingraph.web.boundary` (the base URL, UTF-8). Both run on one asyncio
loop: the pages' fixed queries run in threads (pyoxigraph lets them run in
parallel), their charts in a drawing process (:mod:`mingraph.web.drawing`), and
ad-hoc queries in the worker processes of
:class:`~mingraph.web.execution.QueryRunner`.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mingraph.web import pages, publish
from mingraph.web.boundary import Boundary, base_url
from mingraph.web.connections import ConnectionLimits, guarded_protocol
from mingraph.web.drawing import ChartDrawer
from mingraph.web.execution import QueryRunner
from mingraph.web.protocol import sparql_endpoint
from mingraph.web.site import Site

STATIC = Path(__file__).parent / "static"
#: Connections open at once, from all clients; requests past it are answered 503.
MAX_CONNECTIONS = 512
#: Seconds an idle keep-alive connection stays open after an answer.
KEEP_ALIVE_SECONDS = 5
#: Seconds the requests under way have to finish once the server is told to stop.
GRACEFUL_SECONDS = 10


async def health(request: Request) -> JSONResponse:
    """How many query workers are up: 200 while at least one is, else 503."""
    runner = request.app.state.runner
    up = runner.up
    return JSONResponse(
        {
            "status": "ok" if up == runner.size else "degraded" if up else "down",
            "workers": up,
            "of": runner.size,
        },
        status_code=200 if up else 503,
        headers={"Cache-Control": "no-store"},
    )


def create_app(prepared, timeout: float, workers: int = 4):
    """The application over the cached graph ``prepared``: pages and workers alike
    answer from that one store, whatever happens to the data files meanwhile."""
    runner = QueryRunner(prepared.path, workers=workers, timeout=timeout)
    drawer = ChartDrawer(prepared.path)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await runner.start()
        await asyncio.get_running_loop().run_in_executor(None, drawer.start)
        try:
            yield
        finally:
            runner.close()
            drawer.close()

    app = Starlette(
        routes=[
            Route("/", pages.home, name="home"),
            Route("/search", pages.search, name="search"),
            Route("/questions/{name}", pages.question_page, name="question"),
            Route("/id/{slug:path}", pages.entity_page, name="entity"),
            Route("/ontology", pages.ontology, name="ontology"),
            Route("/ontology/{version}", publish.ontology_version, name="ontology_version"),
            Route("/void", publish.void, name="void"),
            Route("/.well-known/void", publish.void),
            Route("/dump.ttl", publish.dump, name="dump"),
            Route("/context.jsonld", publish.jsonld_context, name="context"),
            Route("/editor", pages.editor, name="editor"),
            Route("/sparql", sparql_endpoint, methods=["GET", "POST", "OPTIONS"], name="sparql"),
            Route("/health", health, name="health"),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        lifespan=lifespan,
    )
    app.state.site = Site(prepared.engine(), prepared.store)
    app.state.runner = runner
    app.state.drawer = drawer
    app.state.ontology_page = pages.ontology_page_parts()
    return app


def listen(host: str, port: int) -> socket.socket:
    """A listening socket (``port`` 0: any free port); OSError when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    app: Starlette,
    sock: socket.socket,
    base: str,
    on_ready: Callable[[], None],
    limits: ConnectionLimits | None = None,
) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop cleanly: queries under way are answered
    503, other requests under way finish (for at most :data:`GRACEFUL_SECONDS`)."""
    import uvicorn

    runner = app.state.runner

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            if self.started:
                on_ready()

        async def shutdown(self, sockets=None):
            runner.stop()
            await super().shutdown(sockets)

        @contextlib.contextmanager
        def capture_signals(self):
            """Both signals stop the server the same way, and end in a normal return
            (uvicorn would raise the signal again once stopped)."""
            previous = {
                sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)
            }
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    scheme, netloc = base_url(base)
    config = uvicorn.Config(
        Boundary(app, scheme, netloc),
        http=guarded_protocol(limits or ConnectionLimits()),
        lifespan="on",
        log_level="warning",
        access_log=False,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        server_header=False,
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
    )
    Server(config).run(sockets=[sock])
