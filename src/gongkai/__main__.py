"""`python -m gongkai` is the same as the `gongkai` command."""

from gongkai.cli import main

main()
