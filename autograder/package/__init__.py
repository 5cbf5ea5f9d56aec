"""``python -m autograder package [PATH] [--out FILE]``: check a student's work and package it.

The checks and the zip live in :mod:`autograder.package.submission`, which uses only the
standard library so the release can ship it to students as ``package_submission.py``.
The size limit defaults to ``[submission] max_file_mb`` in ``autograder/assignment.toml``
(read by :mod:`autograder.config`).
"""

import sys

from ..config import ConfigError, load
from ..exitcodes import BAD_INPUT


def add_arguments(parser):
    from .submission import add_arguments as add

    add(parser)
    parser.add_argument("--max-file-mb", type=float, default=None,
                        help="a lower size limit per file than assignment.toml's [submission] max_file_mb (never a higher one)")


def max_file_mb_from_config(assignment=None):
    """The grader's per-file limit in MB: ``[submission] max_file_mb`` of ``assignment`` (default ``config.load()``).

    A bad assignment.toml raises :class:`~autograder.config.ConfigError` with its sentence.
    """
    return (assignment if assignment is not None else load()).submission.max_file_mb


def main(*, path=".", out=None, max_file_mb=None, allow_incomplete=False, replace=False, assignment=None):
    from .submission import package

    try:
        limit = max_file_mb_from_config(assignment)  # read once
    except ConfigError as error:  # a bad assignment.toml: its sentence
        print(error, file=sys.stderr)
        return BAD_INPUT
    problem = None
    if max_file_mb is None:
        max_file_mb = limit
    elif not max_file_mb > 0:
        problem = f"--max-file-mb must be a positive number of megabytes, got {max_file_mb:g}"
    elif max_file_mb > limit:
        problem = (f"--max-file-mb {max_file_mb:g} is above the grader's limit ({limit:g} MB, "
                   "autograder/assignment.toml [submission] max_file_mb): the grader would refuse such a file")
    if problem:
        print(problem, file=sys.stderr)
        return BAD_INPUT
    return package(path, out=out, max_file_mb=max_file_mb, allow_incomplete=allow_incomplete, replace=replace)
