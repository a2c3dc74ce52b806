"""`python -m bitext` runs the command line."""

from bitext.commands import cli

cli(prog_name="bitext")
