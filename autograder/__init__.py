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


#: The packages of course/ that every worker and every student bundle gets whole (each module of the folder).
PUBLIC_PACKAGES = ("gradecheck",)


def public_helpers():
    """The kit's public helpers that every worker and every student bundle gets, as POSIX paths relative to course/:
    ``"nndata.py"``, ``"sourcecheck.py"`` (gradecheck reads stubs and error places with it), then each module of
    the ``gradecheck`` package (``"gradecheck/__init__.py"``, ``"gradecheck/api.py"``, ...), sorted. Copy them with
    their folders."""
    return ["nndata.py", "sourcecheck.py"] + [f"{package}/{path.name}" for package in PUBLIC_PACKAGES
                            for path in sorted((COURSE_DIR / package).glob("*.py"))]


def out_problem(out, kind):
    """Why ``--out`` cannot be written as a ``kind`` ("file" or "folder"), or None when it can."""
    out = Path(out)
    if kind == "file" and out.is_dir():
        return f"--out {out} is a folder: give the file to write (e.g. {out / 'name.ext'})"
    if kind == "folder" and out.exists() and not out.is_dir():
        return f"--out {out} is a file: give a folder to write into (it is made if missing)"
    return None
