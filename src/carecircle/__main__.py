"""``python -m carecircle``: the command line (:mod:`carecircle.cli`)."""

from __future__ import annotations

import sys

from carecircle.cli import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover -- run in a subprocess by the tests
    sys.exit(main())
