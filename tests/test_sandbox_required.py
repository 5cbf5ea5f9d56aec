"""Under AUTOGRADER_REQUIRE_SANDBOX=1 a test that needs the sandbox's isolation fails instead of skipping.

The mechanism lives in tests/conftest.py (``needs_bwrap`` and ``requires_sandbox``). Here pytest runs
in a subprocess on a tiny test file that uses both, with ``AUTOGRADER_SANDBOX=basic`` (no bubblewrap,
whatever this machine has): with the variable set both tests fail and say why; without it both skip.
"""

import os
import subprocess
import sys

from autograder import KIT_ROOT

TINY = '''
import pytest

from autograder.sandbox import isolation_mode
from tests.conftest import requires_sandbox


@pytest.mark.needs_bwrap("the tiny marked claim needs bubblewrap")
def test_marked():
    pass


def test_called():
    if isolation_mode() != "bwrap":
        requires_sandbox("the tiny called claim needs bubblewrap")
'''


def _run_tiny(tmp_path, require):
    """Run the tiny file in a fresh pytest that loads the kit's conftest as a plugin; return (exit code, output)."""
    (tmp_path / "test_tiny.py").write_text(TINY)
    env = {key: value for key, value in os.environ.items() if key not in ("AUTOGRADER_REQUIRE_SANDBOX", "PYTEST_ADDOPTS")}
    env["AUTOGRADER_SANDBOX"] = "basic"
    if require is not None:
        env["AUTOGRADER_REQUIRE_SANDBOX"] = require
    command = [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider", "-q", "-rfEs",
               "--rootdir", str(tmp_path), str(tmp_path / "test_tiny.py")]
    done = subprocess.run(command, cwd=KIT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def test_isolation_tests_fail_when_the_sandbox_is_required(tmp_path):
    code, output = _run_tiny(tmp_path, "1")
    assert code == 1, output
    assert "1 failed, 1 error in" in output, output  # the marker fails the test's setup, the call fails the test
    assert "skipped" not in output, output
    assert "the tiny marked claim needs bubblewrap; isolation here is 'basic'. AUTOGRADER_REQUIRE_SANDBOX=1 asks" in output, output
    assert "the tiny called claim needs bubblewrap. AUTOGRADER_REQUIRE_SANDBOX=1 asks" in output, output


def test_isolation_tests_skip_with_their_reason_otherwise(tmp_path):
    for require in (None, "0"):
        code, output = _run_tiny(tmp_path, require)
        assert code == 0, output
        assert "2 skipped" in output and "failed" not in output and "error" not in output, output
        assert "the tiny marked claim needs bubblewrap; isolation here is 'basic'" in output, output
        assert "the tiny called claim needs bubblewrap" in output, output
        assert "AUTOGRADER_REQUIRE_SANDBOX" not in output, output
