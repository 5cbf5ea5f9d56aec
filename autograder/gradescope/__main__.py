"""``python -m autograder.gradescope [--root DIR]``: grade one Gradescope submission (see :mod:`.runner`)."""

import sys

from .runner import main

if __name__ == "__main__":
    sys.exit(main())
