"""The homework's test files, one per question (Otter-Grader's exception-based format).

Each ``<qid>.py`` holds public cases (fixed inputs, hard-coded expected values or
properties) and hidden cases (inputs drawn from the per-student ``seed``, compared with
the reference ``ref``). Points live only in the test files, per case; they sum to 100.
``python -m autograder sync`` writes the public versions to ``course/tests/<qid>.py``
(see ``autograder/sync/publish.py``). This package holds only the test files and ``QUESTION_IDS``.
"""

#: The questions, in order (grades.csv columns, feedback, the notebook's grader.check names).
QUESTION_IDS = [
    "q1_init",
    "q2_forward",
    "q3_cost",
    "q4_backward",
    "q5_update",
    "q6_train",
    "q7_predict",
    "q8_plots",
    "q9_no_globals",
    "ex1_learning_rate",
    "ex2_init",
    "ex3_depth",
    "ex4_circles",
]
