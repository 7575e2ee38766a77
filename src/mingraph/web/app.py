"""The web application and the server that runs it.

Starlette routes requests to the protocol and the pages; uvicorn serves them.
Both run on one asyncio loop: the pages' fixed queries run in threads (pyoxigraph
lets them run in parallel), ad-hoc queries in the worker processes of
:class:`~mingraph.web.execution.QueryRunner`.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mingraph.web import pages
from mingraph.web.execution import QueryRunner
from mingraph.web.protocol import sparql_endpoint
from mingraph.web.site import Site

STATIC = Path(__file__).parent / "static"
#: Connections served at once; more are answered 503 at once rather than queued.
MAX_CONNECTIONS = 200
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_SECONDS = 5


def create_app(prepared, data_paths: list[str], timeout: float, workers: int = 4) -> Starlette:
    """The application over the cached graph built from ``data_paths`` (``prepared``)."""
    runner = QueryRunner(data_paths, workers=workers, timeout=timeout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await runner.start()
        try:
            yield
        finally:
            runner.close()

    app = Starlette(
        routes=[
            Route("/", pages.home, name="home"),
            Route("/search", pages.search, name="search"),
            Route("/questions/{name}", pages.question_page, name="question"),
            Route("/id/{slug:path}", pages.entity_page, name="entity"),
            Route("/ontology", pages.ontology, name="ontology"),
            Route("/editor", pages.editor, name="editor"),
            Route("/editor/check", pages.editor_check, methods=["POST"]),
            Route("/sparql", sparql_endpoint, methods=["GET", "POST", "OPTIONS"], name="sparql"),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        lifespan=lifespan,
    )
    app.state.site = Site(prepared.engine(), prepared.store)
    app.state.runner = runner
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


def serve(app: Starlette, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop cleanly."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            if self.started:
                on_ready()

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        server_header=False,
        timeout_graceful_shutdown=10,  # then requests still running are dropped
    )
    # uvicorn raises the captured Ctrl-C again once it has stopped cleanly.
    with contextlib.suppress(KeyboardInterrupt):
        Server(config).run(sockets=[sock])
