"""``python -m dateline.cli``: the ``dateline`` command."""
from dateline.cli import app

app(prog_name="dateline")
