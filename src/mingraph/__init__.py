"""mingraph: a knowledge graph of critical-minerals policy."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mingraph")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
