"""What runs ON Gradescope, inside autograder.zip: ``python -m autograder.gradescope --root /autograder``.

:mod:`autograder.gradescope.runner` grades ``<root>/submission`` with the kit's secure grader and
always writes ``<root>/results/results.json``; ``run_autograder`` (autograder/release/templates/)
calls it. Building autograder.zip is :mod:`autograder.release`'s job, not this package's.
"""
