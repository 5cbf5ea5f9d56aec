"""Class exports from an LMS, read as they come: Canvas's "Download Submissions" zip, Gradescope's "Export Submissions".

Each reader turns an export into a list of :class:`LmsSubmission` (student id, the bytes
of the one file to grade, the submission time when the export has one, notes for the
student) plus :class:`Problem` lines for the instructor (a file matching nobody on the
roster, an unreadable member). Exports are read in memory, never extracted, and nothing
in them is followed: a link, a hidden folder (``__MACOSX``) or an unsafe name is skipped.
:func:`materialize` then writes each chosen file as ``<student>.<ext>`` into a private
folder the kit made (mode 0700, files created exclusively), which the grade command
grades like any other submission (a zip again through :mod:`autograder.sandbox.intake`).

The modules (none imports this ``__init__``, which only gathers the public names):

* model.py: :class:`LmsSubmission`, :class:`Problem`, :class:`LmsError`, :func:`safe_id`, the size limits;
* exports.py: :func:`detect`, :func:`load_export`, :func:`read_roster`, :func:`materialize`;
* canvas.py, gradescope_export.py: the two readers;
* expand.py: the grade command's submissions with each export replaced by one file per student;
* options.py: ``--roster``, ``--times`` and ``--extensions`` read together; extensions.py: deadline extensions;
* reading.py: exports for the commands that only read files (written, similarity); apply.py: what the
  LMS and an extension add to one graded result.
"""

from .exports import detect, load_export, materialize, read_roster
from .model import MAX_EXPORT_MEMBERS, MAX_MEMBER_BYTES, LmsError, LmsSubmission, Problem, safe_id

__all__ = ["LmsError", "LmsSubmission", "Problem", "safe_id", "MAX_MEMBER_BYTES", "MAX_EXPORT_MEMBERS",
           "read_roster", "detect", "load_export", "materialize"]
