"""Shared by test_lms.py and test_extensions.py: one tiny question set, the CLI on it, LMS export builders."""

import io
import textwrap
import zipfile

import pytest

from autograder.__main__ import main as cli_main
from autograder.sample_class import mutant_sources

#: One question, public and hidden, on initialize_parameters only: a worker per student, no plots.
QUESTION = '''
    import numpy as np
    from otter.test_files import test_case

    name = "qa"

    @test_case(points=2, hidden=False, name="qa - shapes")
    def public_shapes(initialize_parameters):
        p = initialize_parameters([2, 3, 1])
        assert p["W1"].shape == (3, 2), f"W1 has shape {p['W1'].shape}, expected (3, 2)"

    @test_case(points=2, hidden=True, name="qa - matches the reference")
    def hidden_reference(initialize_parameters, ref, seed):
        got = initialize_parameters([3, 2], seed=seed % 1000)
        expected = ref.initialize_parameters([3, 2], seed=seed % 1000)
        assert all(np.allclose(got[k], expected[k]) for k in expected), "the parameters differ from the reference"
'''

ROSTER = ("student,name,id,sis_user_id,sis_login_id,section\n"
          "good_student,\"Okafor, Ada\",20001,S20001,ada@example.edu,Section A\n"
          "untouched_starter,\"Lindqvist, Bo\",20002,S20002,bo@example.edu,Section B\n")


@pytest.fixture()
def tiny_questions(tmp_path, monkeypatch):
    """The grader's default question set replaced by :data:`QUESTION` (the CLI has no questions option)."""
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "__init__.py").write_text("QUESTION_IDS = ['qa']\n")
    (folder / "qa.py").write_text(textwrap.dedent(QUESTION))
    monkeypatch.setattr("autograder.grade.engine.QUESTIONS_DIR", folder)
    monkeypatch.setenv("AUTOGRADER_SECRET", "lms-test-secret")
    return folder


def sources():
    return mutant_sources()


def run_grade(*args):
    """``python -m autograder grade ...`` in this process (cheap limits); returns the exit status."""
    return cli_main(["grade", *map(str, args), "--timeout", "8", "--memory-mb", "1024"])


def zip_bytes(members):
    """A zip of ``members`` {name: text or bytes}, built in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
