"""The archive read, one module per resource: functions over a connection
that return plain rows (dicts and lists).  The views (``dateline.views``)
shape these for the CLI, the pages and the API; no view writes SQL."""
