"""The written and similarity commands' ``--roster``: the LMS exports among their submissions, expanded as grade does.

:func:`expand_for_reading` replaces each Canvas or Gradescope export given by one file per
student with :func:`autograder.lms.expand.expand` (the grade command's own expansion), so a
student has the same id on every page and sheet as in grades.csv. What does not match (a
file of nobody on the roster, an unreadable member) is printed on stderr and written to
``<out>/lms_report.txt``. Late marks are the grade command's business and are not reported here.
"""

import sys

from .expand import expand, write_report


def expand_for_reading(command, submissions, *, out, roster=None, prefer="code", stream=None):
    """An :class:`~autograder.lms.expand.Expanded` whose ``paths`` are what ``command`` reads; raises LmsError.

    ``prefer="notebook"`` chooses a Canvas student's notebook over their deepnn.py (the written answers).
    The caller removes the private copies with ``cleanup()`` when done.
    """
    stream = stream or sys.stderr
    expanded = expand(submissions, roster, prefer=prefer)
    try:
        if roster is not None and not expanded.exports:
            print(f"warning: --roster {roster} is used only to read a Canvas or Gradescope export, and none was given "
                  f"(the {command} command names the other submissions by their file names)", file=stream)
        expanded.marked_late = []  # no grade is computed here: nothing to say about late penalties
        write_report(expanded, out, stream)
    except BaseException:
        expanded.cleanup()
        raise
    return expanded
