"""The instructor secret (it sets each student's hidden-test inputs): where ``grade`` and ``release`` find it.

``AUTOGRADER_SECRET`` in the environment, else the file given with ``--secret-file``, else
``autograder/secret.txt`` when it exists, else the public demo secret (the commands say so). A
secret file that is there but empty or unreadable is a mistake, never a reason to fall back on
the demo secret: every command refuses it with the same sentence.
"""

import os
from pathlib import Path

from . import KIT_ROOT

#: The public secret used when there is no instructor secret at all (hidden-test inputs are then predictable).
DEMO_SECRET = "deepnn-course-kit-demo-secret (set AUTOGRADER_SECRET for a real class)"
#: The environment variable that holds the secret (it wins over every file).
SECRET_ENV = "AUTOGRADER_SECRET"
#: The kit's default secret file (ignored by git).
SECRET_FILE = KIT_ROOT / "autograder" / "secret.txt"


class SecretError(ValueError):
    """A secret file that cannot be used (unreadable or empty); the message says what to fix."""


def read_secret_file(path):
    """The secret held in ``path`` (stripped); SecretError when the file cannot be read or holds only blanks."""
    path = Path(path)
    try:
        value = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise SecretError(f"cannot read the secret file {path}: {reason} (give a readable text file holding the secret)") from None
    if not value:
        raise SecretError(f"the secret file {path} is empty: put the instructor secret in it (any long random text)")
    return value


def resolve_secret(secret_file=None):
    """(secret, where it came from: ``"env"``, ``"file"`` or ``"demo"``) as the module docstring says.

    ``secret_file``: the file named by ``--secret-file`` (None: ``SECRET_FILE`` if it exists).
    Raises SecretError for a secret file that is given or present but unreadable or empty.
    """
    value = os.environ.get(SECRET_ENV, "")
    if value.strip():
        return value.strip(), "env"
    if secret_file is not None:
        return read_secret_file(secret_file), "file"
    if SECRET_FILE.is_file():
        return read_secret_file(SECRET_FILE), "file"
    return DEMO_SECRET, "demo"
