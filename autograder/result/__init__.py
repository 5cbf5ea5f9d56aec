"""One submission's result, the only state of a graded class; every file about it is rendered from it.

* :mod:`.model`: the :class:`Result` dataclasses, the adjustments as named entries
  (late penalty, extension, LMS notes, written answers), ``score`` and
  ``max_score`` derived from them;
* :mod:`.json_form`: to and from Gradescope's results.json (the same keys, in the same order);
* :mod:`.build`: a result as the engine grades it, or the row of a submission it could not grade;
* :mod:`.feedback`, :mod:`.grades_csv`: the student's feedback.md and the class's grades.csv;
* :mod:`.out_dir`: a graded class's folder, each file written whole and atomically.
"""

from .json_form import apply_to, from_json, summary, to_json
from .model import TEST_PREFIX, Extension, LatePenalty, LmsNotes, Manual, Report, Result, TestEntry

__all__ = ["Result", "TestEntry", "LatePenalty", "Extension", "LmsNotes", "Manual", "Report", "TEST_PREFIX",
           "from_json", "to_json", "summary", "apply_to"]
