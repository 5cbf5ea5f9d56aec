"""``python -m autograder COMMAND ...``: one subpackage per command, each with a keyword-only ``main``."""

import argparse
import importlib
import sys

from .exitcodes import HELP as EXIT_HELP

#: command -> one-line help. Each is the subpackage autograder.<command> (or the module named below).
COMMANDS = {
    "demo": "run the kit's main job on the bundled example (plots, site, sample class)",
    "sync": "regenerate course/deepnn.py (stubs) and course/tests/ (public cases) from the private sources",
    "grade": "grade submissions securely: grades.csv, results/<student>.json, feedback/<student>.md",
    "check": "a student's public-test feedback for a deepnn.py or notebook, from a terminal",
    "release": "write the student bundle and Gradescope's autograder.zip",
    "package": "check a student's work and package it as a submission zip",
    "written": "gather the written answers of every student, one page per exercise",
    "export": "export grades for an LMS (Canvas gradebook CSV or plain CSV)",
    "report": "an offline HTML report of a graded class",
    "similarity": "pairs of submissions that share code beyond the starter, for a person to read (never changes a grade)",
}


def build_parser(command=None):
    """The argument parser; only the chosen command's module is imported (imports can be slow)."""
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__, epilog=EXIT_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, help_text in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text, epilog=EXIT_HELP)
        if name == command:
            importlib.import_module(f"autograder.{name}").add_arguments(command_parser)
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = vars(parser.parse_args(argv))
    module = importlib.import_module(f"autograder.{args.pop('command')}")
    try:
        return module.main(**args) or 0
    except KeyboardInterrupt:  # Ctrl-C: what was written stays whole (atomic writes); grade resumes where it stopped
        print("\ninterrupted: run the same command again (grade keeps every submission it finished)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
