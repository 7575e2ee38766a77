"""The ``mingraph`` subcommands, one module per command group.

Each module holds click commands over the library's plain functions; ``cli.py``
gathers them under the ``mingraph`` group. ``common`` holds what they share: the
error type, the engine for an invocation, the time limit and result writing.
"""
