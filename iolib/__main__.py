"""``python -m iolib``: the command line."""

from __future__ import annotations

import sys

from iolib._cli import main

if __name__ == "__main__":
    sys.exit(main())
