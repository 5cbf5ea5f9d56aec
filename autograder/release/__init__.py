"""``python -m autograder release --out DIR``: what students get, and Gradescope's autograder.

Writes ``DIR/student/`` and ``DIR/student.zip`` (the starter ``deepnn.py``, the homework
notebook without outputs, ``nndata.py``, the ``gradecheck/`` package, the public ``tests/``,
``package_submission.py``, ``requirements.txt`` and a README: nothing private) and
``DIR/autograder.zip`` for Gradescope (``setup.sh``, ``run_autograder``, the grading
engine with the hidden tests, the reference and the instructor secret). The same
repository always gives byte-identical zips.
"""


def add_arguments(parser):
    parser.add_argument("--out", required=True, metavar="DIR", help="the folder to write the release into")
    parser.add_argument("--secret-file", default=None, metavar="F",
                        help="file holding the instructor secret to put in autograder.zip (AUTOGRADER_SECRET wins; default autograder/secret.txt)")


def main(*, out, secret_file=None):
    import sys
    from pathlib import Path

    from .build import ReleaseError, release

    from .. import out_problem
    from ..exitcodes import BAD_INPUT, DONE

    try:
        if out_problem(out, "folder"):
            raise ReleaseError(out_problem(out, "folder"), code=BAD_INPUT)
        manifest = release(out, secret_file=secret_file)
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return error.code
    out = Path(out)
    print(f"wrote {out / 'student'}/ and {out / 'student.zip'} ({len(manifest['student'])} files): give these to students")
    print(f"wrote {out / 'autograder.zip'} ({len(manifest['autograder'])} files): upload it in Gradescope's "
          "autograder settings (base image: Ubuntu 24.04); it is private")
    if manifest["secret"] == "demo":
        print("note: no instructor secret (AUTOGRADER_SECRET, --secret-file or autograder/secret.txt): Gradescope will grade "
              "with the demo secret, so hidden-test inputs are predictable", file=sys.stderr)
    return DONE
