"""The grade command's ``--roster``, ``--times`` and ``--extensions``, read together before grading.

:func:`prepare` expands the LMS exports among the submissions (:mod:`autograder.lms.expand`),
merges the times the exports give with ``--times`` (``--times`` wins), reads the extensions,
and names on stderr whatever does not match (never silently dropped).
"""

import atexit
import sys

from ..config import load


def prepare(submissions, *, out, roster=None, times_path=None, extensions_path=None, warn_times=None, stream=None,
            policy=None):
    """(expanded, times or None, {student: extended due}) for the grade command; raises LmsError or ConfigError.

    ``warn_times(times_path, times, paths)`` is called to compare ``--times`` with what is graded; ``policy``
    (the command's :class:`autograder.config.Policy`, default assignment.toml's) gives the deadline extensions move.
    """
    from .. import late
    from .expand import expand, write_report
    from .extensions import read_extensions
    from ..sandbox import student_id_of

    stream = stream or sys.stderr
    given = late.read_times(times_path) if times_path is not None else None
    if extensions_path is not None and policy is None:
        policy = load().late
    dues = read_extensions(extensions_path, policy) if extensions_path is not None else {}
    expanded = expand(submissions, roster, given)
    atexit.register(expanded.cleanup)
    if roster is not None and not expanded.exports:
        print(f"warning: --roster {roster} is used only to read a Canvas or Gradescope export, and none was given "
              "(give the export's zip; use the roster again with the export command)", file=stream)
    if given is not None and warn_times is not None:
        warn_times(times_path, given, expanded.paths)
    graded = {student_id_of(p) for p in expanded.paths}
    unknown = sorted(set(dues) - graded)
    if unknown:
        print(f"warning: {extensions_path} has extensions for students not graded here: {', '.join(unknown)} "
              "(check the spelling: the id is the roster's student, or the submission's name without extension)", file=stream)
    write_report(expanded, out, stream)
    times = dict(expanded.times)
    times.update(given or {})
    return expanded, (times or None), {s: due for s, due in dues.items() if s in graded}


__all__ = ["prepare"]
