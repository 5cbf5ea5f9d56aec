"""``python -m autograder COMMAND ...``: one subpackage per command, each with a keyword-only ``main``."""

import argparse
import importlib
import sys

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
}


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, help_text in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(_module=f"autograder.{name}")
        try:
            module = importlib.import_module(f"autograder.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"autograder.{name}":
                raise
            command_parser.set_defaults(_missing=True)
            continue
        module.add_arguments(command_parser)
    return parser


def main(argv=None):
    parser = build_parser()
    args = vars(parser.parse_args(argv))
    module_name = args.pop("_module")
    args.pop("command")
    if args.pop("_missing", False):
        parser.error(f"the command {module_name.split('.')[-1]!r} is not available in this version of the kit")
    module = importlib.import_module(module_name)
    return module.main(**args) or 0


if __name__ == "__main__":
    sys.exit(main())
