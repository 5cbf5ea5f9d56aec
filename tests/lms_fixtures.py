"""Shared by test_lms.py and test_extensions.py: one tiny question set, the CLI on it, LMS export builders."""

import io
import zipfile

import pytest

from autograder.__main__ import main as cli_main
from autograder.sample_class import mutant_sources
from tests.question_fixtures import SHAPES, case, question, write_questions

#: One question, public and hidden, on initialize_parameters only: a worker per student, no plots.
QUESTION = question("qa", case(SHAPES, "qa", 2), '''
    @test_case(points=2, hidden=True, name="qa - matches the reference")
    def hidden_reference(initialize_parameters, ref, seed):
        got = initialize_parameters([3, 2], seed=seed % 1000)
        expected = ref.initialize_parameters([3, 2], seed=seed % 1000)
        assert all(np.allclose(got[k], expected[k]) for k in expected), "the parameters differ from the reference"
''')

ROSTER = ("student,name,id,sis_user_id,sis_login_id,section\n"
          "good_student,\"Okafor, Ada\",20001,S20001,ada@example.edu,Section A\n"
          "untouched_starter,\"Lindqvist, Bo\",20002,S20002,bo@example.edu,Section B\n")


@pytest.fixture()
def tiny_questions(tmp_path, monkeypatch):
    """The grader's default question set replaced by :data:`QUESTION` (the CLI has no questions option)."""
    folder = write_questions(tmp_path / "questions", {"qa": QUESTION})
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
