"""``python -m sitegen``: build the course site into build/site/ (see build.py)."""

import sys

from .build import main

sys.exit(main())
