"""Data functions the CLI, the web pages and the JSON API share: one module
per resource, each function taking a :class:`dateline.store.Store` (or its
connection) and returning plain data (dicts, lists, strings).  The CLI
prints it, the web renders it, the API serves it; none of them filters or
resolves names on its own.

- ``filters``: checks of filter values (days, count categories) -> BadFilter
- ``people``: which per-article names a person filter stands for
- ``quotes``: quotes with a speaker filter through linked persons
- ``articles``: an article id from a prefix, or the ids it could mean
- ``api``: the list of JSON endpoints
- ``stories``, ``claims``, ``timeline``, ``lists``: stories, claim comparisons, matching
  articles over time, the people list
- ``tables``: the CSV columns of every list (web downloads, ``--format csv``)
"""
