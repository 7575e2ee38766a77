"""mingraph: a knowledge graph of critical-minerals policy."""

# The single source of the version: pyproject.toml reads it from here
# (importing package metadata instead costs ~40 ms on every command).
__version__ = "0.1.0"
