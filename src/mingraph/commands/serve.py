"""The graph on the web: ``serve``."""

from __future__ import annotations

import ipaddress

import click

from mingraph.commands.common import BadInput, prepare, with_graph_options


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@with_graph_options
@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Processes that run ad-hoc SPARQL queries, each stopped at --timeout.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The address clients reach the server at (http(s)://host[:port]), for the "
    "absolute URLs it writes; default: the address it listens on.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, base_url: str | None):
    """Serve the graph: a SPARQL endpoint, pages for people, dereferenceable IRIs.

    Read-only, from the same cached graph as the other commands (built first if
    its inputs changed). Ad-hoc queries pass the same guard as 'mingraph query' and
    stop after --timeout (mingraph serve --timeout 10). Listens on 127.0.0.1 unless
    --host says otherwise. Ctrl-C stops it.
    """
    if ctx.obj["endpoint"]:
        raise BadInput("serve answers from the local graph; --endpoint names another server")
    if ctx.obj["engine"] != "oxigraph":
        raise BadInput("serve answers with the oxigraph engine; leave out --engine")
    from mingraph.web.boundary import BadBaseURL
    from mingraph.web.boundary import base_url as parse_base_url

    if base_url is not None:
        try:
            parse_base_url(base_url)
        except BadBaseURL as error:
            raise BadInput(str(error)) from None
    ctx.obj["build_timeout"] = None  # --timeout limits each visitor's query, not the start-up
    prepared = prepare(ctx)
    from mingraph.web.app import create_app, listen, serve

    try:
        sock = listen(host, port)
    except OSError as error:
        raise BadInput(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    if not is_loopback(host):
        click.echo(
            f"mingraph: listening on {host}, not only on this machine: anyone who can reach "
            "it can read the graph and run queries",
            err=True,
        )
    app = create_app(prepared, ctx.obj["timeout"], workers)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    listening = f"http://{shown}:{bound_port}"

    def ready() -> None:
        click.echo(f"mingraph: serving {listening}/ (Ctrl-C stops)")

    serve(app, sock, base_url or listening, ready)
    click.echo("mingraph: stopped", err=True)
