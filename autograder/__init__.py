"""The kit's grading engine: secure grading, the student/instructor commands.

Run ``python -m autograder --help`` for the commands. Each command is a subpackage
(``autograder/<command>/``) with ``add_arguments(parser)`` and a keyword-only ``main(...)``.
"""

from pathlib import Path

#: The repository root (the folder holding course/, solutions/, autograder/).
KIT_ROOT = Path(__file__).resolve().parent.parent
COURSE_DIR = KIT_ROOT / "course"
SOLUTIONS_DIR = KIT_ROOT / "solutions"
QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"
