"""Every training setting a page of the site shows, listed for the check that none earns graded points.

The exercise figures' settings come from ``settings.py``; the playground's runs from
``playground.py``, once the graded checks confirm that none earns points.
``tests/sitegen/test_site_settings.py`` runs the graded checks on each.
"""

from .playground import playground_settings
from .settings import exercise_settings


def shown_settings():
    """[setting dict] for every setting a page shows: the exercise figures, then the playground's runs."""
    return exercise_settings() + playground_settings()
