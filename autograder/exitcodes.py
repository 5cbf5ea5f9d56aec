"""The exit status of every command: ``python -m autograder COMMAND``, the student's ``check.py`` and ``package_submission.py``.

* ``DONE`` (0): the command did what was asked.
* ``PROBLEM`` (1): the command ran and found a problem: a failed check or test, a leak in a bundle,
  generated files out of date (a drift), a mismatch under ``--strict``, work refused as unfinished.
* ``BAD_INPUT`` (2): the input cannot be used (a path that does not exist, a malformed file or option);
  the sentence on stderr says what to fix. argparse also exits with 2 on a usage error.

``course/check.py`` and ``package_submission.py`` ship to students and cannot import the kit: they keep
their own constants, equal to these (a kit test checks it).
"""

DONE = 0
PROBLEM = 1
BAD_INPUT = 2

#: The convention in one paragraph, for ``python -m autograder --help`` and the README.
HELP = (f"exit status: {DONE} done; {PROBLEM} the command ran and found a problem (a failed check, a leak, a drift, "
        f"a mismatch under --strict); {BAD_INPUT} bad input (the message says what to fix; usage errors too)")
