"""The instructor secret is found one way by every command (autograder/secret.py): an empty or unreadable
secret file is refused by ``grade`` and ``release`` with the same sentence; the demo secret is only for no secret."""

import pytest

from autograder import secret
from autograder.exitcodes import BAD_INPUT
from autograder.grade import main as grade_main
from autograder.release import main as release_main
from autograder.secret import DEMO_SECRET, SecretError, resolve_secret

EMPTY = "is empty: put the instructor secret in it (any long random text)"
UNREADABLE = "cannot read the secret file"


@pytest.fixture
def kit_secret(tmp_path, monkeypatch):
    """The kit's default secret file moved into ``tmp_path`` (not created), no AUTOGRADER_SECRET."""
    monkeypatch.delenv("AUTOGRADER_SECRET", raising=False)
    path = tmp_path / "kit" / "secret.txt"
    path.parent.mkdir()
    monkeypatch.setattr(secret, "SECRET_FILE", path)
    return path


def _grade(tmp_path, **options):
    submission = tmp_path / "alice.py"
    submission.write_text("X = 1\n")
    return grade_main(submissions=[str(submission)], out=str(tmp_path / "out"), **options)


def test_the_demo_secret_is_only_for_no_secret_at_all(kit_secret, monkeypatch):
    assert resolve_secret() == (DEMO_SECRET, "demo")
    kit_secret.write_text("  kit-secret\n")
    assert resolve_secret() == ("kit-secret", "file")
    monkeypatch.setenv("AUTOGRADER_SECRET", " from-env ")
    assert resolve_secret() == ("from-env", "env")
    monkeypatch.setenv("AUTOGRADER_SECRET", "  ")  # a blank variable is no secret: the file is read
    assert resolve_secret() == ("kit-secret", "file")


def test_an_empty_kit_secret_file_is_a_mistake_not_the_demo_secret(kit_secret):
    kit_secret.write_text(" \n\n")
    with pytest.raises(SecretError) as raised:
        resolve_secret()
    assert str(raised.value) == f"the secret file {kit_secret} {EMPTY}"


@pytest.mark.parametrize("given", ["empty", "missing"])
def test_grade_and_release_refuse_a_bad_secret_file_with_the_same_sentence(kit_secret, tmp_path, capsys, given):
    bad = kit_secret if given == "empty" else tmp_path / "nope.txt"
    options = {} if given == "empty" else {"secret_file": str(bad)}
    kit_secret.write_text("\n")  # present and empty: used when no --secret-file is given
    assert _grade(tmp_path, **options) == BAD_INPUT
    grade_error = capsys.readouterr().err
    assert release_main(out=str(tmp_path / "release"), **options) == BAD_INPUT
    release_error = capsys.readouterr().err
    expected = f"the secret file {bad} {EMPTY}" if given == "empty" else f"{UNREADABLE} {bad}: "
    assert grade_error.startswith(f"error: {expected}"), grade_error
    assert release_error.startswith(f"release: {expected}"), release_error
    assert grade_error.removeprefix("error: ") == release_error.removeprefix("release: ")
    assert not (tmp_path / "out").exists() and not (tmp_path / "release" / "autograder.zip").exists()
