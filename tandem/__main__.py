"""Entry point for `python -m tandem` (see tandem/cli.py)."""

import sys

from tandem.cli import main

sys.exit(main())
