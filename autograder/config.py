"""The assignment's configuration: ``autograder/assignment.toml``, read and checked in one place.

:func:`load` reads the file once into one frozen :class:`Assignment` and every command
takes that object (the grader, the release, the packager, the written sheet, the export,
the report, the rules and the Gradescope runner)::

    Assignment(name="Deep L-layer neural networks",
               late=Policy(due=datetime(2026, 12, 11, 23, 59, tzinfo=UTC), grace=timedelta(minutes=15),
                           penalty_per_day=10.0, cap=50.0),
               written=Written(points_per_exercise=5.0),
               submission=SubmissionLimits(max_file_mb=5.0),
               gradescope=GradescopeLimits(case_timeout_seconds=None, memory_mb=1536.0, budget_seconds=None),
               path=Path(".../autograder/assignment.toml"))

Sections ``[assignment]`` and ``[late]`` are required; ``[written]`` (default 0 points),
``[submission]`` (default 5 MB) and ``[gradescope]`` (default: the grader's own limits)
may be left out. Anything wrong (a missing file, text that is not TOML, a missing
section or key, a value of the wrong type or out of range, a key the kit does not read)
raises :class:`ConfigError` with one sentence saying what to fix.
"""

import difflib
import math
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

#: The assignment's configuration file (name, deadline, late policy, written points, submission limits).
CONFIG_PATH = Path(__file__).resolve().parent / "assignment.toml"
#: Per-file size limit of a submission when ``[submission] max_file_mb`` is not set (megabytes).
DEFAULT_MAX_FILE_MB = 5.0

#: {section: {key: an example line}}: every setting the kit reads (a key not listed here is refused).
SETTINGS = {
    "assignment": {"name": 'name = "Deep L-layer neural networks"'},
    "late": {"due": 'due = "2026-12-11T23:59:00-05:00"', "grace_minutes": "grace_minutes = 15",
             "penalty_per_day": "penalty_per_day = 10", "cap": "cap = 50"},
    "written": {"points_per_exercise": "points_per_exercise = 5"},
    "submission": {"max_file_mb": "max_file_mb = 5"},
    "gradescope": {"case_timeout_seconds": "case_timeout_seconds = 30", "memory_mb": "memory_mb = 1536",
                   "budget_seconds": "budget_seconds = 300"},
}


class ConfigError(ValueError):
    """The assignment configuration (or a time in a file the kit reads) is wrong; the message says what to fix."""


@dataclass(frozen=True)
class Policy:
    """The late policy (``[late]``): a submission after ``due + grace`` loses ``penalty_per_day`` percent per
    started day, at most ``cap`` percent. ``extended_from``: the assignment's deadline when ``due`` is one
    student's extension (see :func:`autograder.late.extended`)."""

    due: datetime  # aware
    grace: timedelta
    penalty_per_day: float  # percent of the autograded maximum
    cap: float  # percent
    extended_from: datetime = None


@dataclass(frozen=True)
class Written:
    """``[written]``: the points of each exercise's written answer (graded by hand; 0: none)."""

    points_per_exercise: float = 0.0


@dataclass(frozen=True)
class SubmissionLimits:
    """``[submission]``: the largest file a packaged submission may hold (megabytes)."""

    max_file_mb: float = DEFAULT_MAX_FILE_MB


@dataclass(frozen=True)
class GradescopeLimits:
    """``[gradescope]``: the sandboxed worker's limits on Gradescope (None: the grader's default)."""

    case_timeout_seconds: float = None
    memory_mb: float = None
    budget_seconds: float = None


@dataclass(frozen=True)
class Assignment:
    """The whole of ``assignment.toml`` (see the module docstring); ``path`` is the file it was read from."""

    name: str
    late: Policy
    written: Written
    submission: SubmissionLimits
    gradescope: GradescopeLimits
    path: Path


def parse_time(value, *, what="time"):
    """An aware datetime from ISO 8601 text (``Z`` or an offset required) or a datetime."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        # Gradescope writes up to 6 fractional digits; some exports write more.
        text = re.sub(r"(\.\d{6})\d+", r"\1", text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(f"{what}: {value!r} is not an ISO 8601 time such as 2026-12-11T23:59:00-05:00") from None
    else:
        raise ConfigError(f"{what}: expected an ISO 8601 time, got {value!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ConfigError(f"{what}: {value!r} has no time zone: add its UTC offset (e.g. +00:00 or -05:00)")
    return moment


def read(path=None):
    """The parsed TOML of ``path`` (default :data:`CONFIG_PATH`) as a dict, unchecked; :func:`load` checks it."""
    path = Path(path) if path is not None else CONFIG_PATH
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"the assignment configuration is missing: {path} (copy autograder/assignment.toml from the kit)") from None
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder: give the assignment.toml file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def load(path=None):
    """The :class:`Assignment` of ``path`` (default :data:`CONFIG_PATH`, read when called), every value checked."""
    path = Path(path) if path is not None else CONFIG_PATH
    raw = read(path)
    where = str(path)
    _refuse_unknown(raw, where)
    late = _policy(raw, where)
    assignment = _section(raw, "assignment", where, required="with name = \"...\" (the title of the grade column)")
    name = assignment.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: set [assignment] name = \"...\" (the title of the grade column)")
    return Assignment(
        name=name.strip(),
        late=late,
        written=Written(_number(_section(raw, "written", where), "written", "points_per_exercise", where, default=0.0,
                                bound="a number of points (0 or more)")),
        submission=SubmissionLimits(_number(_section(raw, "submission", where), "submission", "max_file_mb", where,
                                            default=DEFAULT_MAX_FILE_MB, positive=True)),
        gradescope=GradescopeLimits(**{key: _number(_section(raw, "gradescope", where), "gradescope", key, where,
                                                    default=None, positive=True) for key in SETTINGS["gradescope"]}),
        path=path,
    )


def _refuse_unknown(raw, where):
    for section, value in raw.items():
        if section not in SETTINGS:
            raise ConfigError(f"{where}: [{section}] is not a section the kit reads{_did_you_mean(section, SETTINGS)} "
                              f"(the sections are {', '.join(f'[{s}]' for s in SETTINGS)})")
        if isinstance(value, dict):
            for key in value:
                if key not in SETTINGS[section]:
                    raise ConfigError(f"{where}: [{section}] {key} is not a setting the kit reads"
                                      f"{_did_you_mean(key, SETTINGS[section])} "
                                      f"([{section}] takes {', '.join(SETTINGS[section])})")


def _did_you_mean(word, known):
    close = difflib.get_close_matches(word, list(known), n=1)
    return f": did you mean {close[0]}?" if close else ""


def _section(raw, name, where, required=None):
    """``raw[name]`` (a dict; {} when absent and not ``required``)."""
    if name not in raw:
        if required:
            raise ConfigError(f"{where}: add the [{name}] section {required}")
        return {}
    if not isinstance(raw[name], dict):
        raise ConfigError(f"{where}: {name} must be a section, [{name}] on its own line followed by its settings "
                          f"(e.g. {next(iter(SETTINGS[name].values()))}), not {name} = {raw[name]!r}")
    return raw[name]


def _number(section, name, key, where, *, default=None, required=False, minimum=0.0, maximum=None, positive=False,
            bound=None):
    """``section[key]`` as a float, checked (``positive``: above 0, else between ``minimum`` and ``maximum``)."""
    if key not in section:
        if required:
            raise ConfigError(f"{where}: [{name}] {key} is missing: add it (e.g. {SETTINGS[name][key]})")
        return default
    value = section[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        text = bound or ("a positive number" if positive else "a number")
        raise ConfigError(f"{where}: [{name}] {key} must be {text}, got {value!r} (e.g. {SETTINGS[name][key]})")
    if positive and value <= 0:
        raise ConfigError(f"{where}: [{name}] {key} must be a positive number, got {value!r} (e.g. {SETTINGS[name][key]})")
    if value < minimum or (maximum is not None and value > maximum):
        text = bound or (f"between {minimum:g} and {maximum:g}" if maximum is not None else f"at least {minimum:g}")
        raise ConfigError(f"{where}: [{name}] {key} must be {text}, got {value!r}")
    return float(value)


def _policy(raw, where):
    late = _section(raw, "late", where, required="with due, grace_minutes, penalty_per_day and cap")
    if "due" not in late:
        raise ConfigError(f"{where}: [late] due is missing (e.g. due = \"2026-12-11T23:59:00-05:00\")")
    return Policy(
        due=parse_time(late["due"], what=f"{where}: [late] due"),
        grace=timedelta(minutes=_number(late, "late", "grace_minutes", where, required=True)),
        penalty_per_day=_number(late, "late", "penalty_per_day", where, required=True, maximum=100),
        cap=_number(late, "late", "cap", where, required=True, maximum=100),
    )
