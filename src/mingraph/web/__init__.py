"""``mingraph serve``: the graph on the web, read-only.

A SPARQL 1.1 Protocol endpoint (:mod:`.protocol`), pages for people in English and
Traditional Chinese (:mod:`.pages`), and dereferenceable entity IRIs, all answered
from the same cached store as the command line, over the same functions.
"""
