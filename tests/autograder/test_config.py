"""assignment.toml is read and checked in one place (autograder.config) into one object that every command uses."""

import dataclasses
import re
import tomllib
from datetime import timedelta

import pytest

from autograder import config
from tests.config_fixtures import assignment_toml

GOOD = assignment_toml(name="Config probe", due="2026-03-04T05:06:00-05:00", grace_minutes=9, penalty_per_day=7, cap=35,
                       points_per_exercise=3, max_file_mb=2.5,
                       gradescope={"case_timeout_seconds": 12, "memory_mb": 1000, "budget_seconds": 200})


def _file(tmp_path, text):
    path = tmp_path / "assignment.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_kits_file_loads_into_one_frozen_object_with_every_value():
    raw = tomllib.loads(config.CONFIG_PATH.read_text(encoding="utf-8"))
    assignment = config.load()
    assert assignment.path == config.CONFIG_PATH and assignment.name == raw["assignment"]["name"]
    assert assignment.late.due == config.parse_time(raw["late"]["due"])
    assert assignment.late.grace == timedelta(minutes=raw["late"]["grace_minutes"])
    assert (assignment.late.penalty_per_day, assignment.late.cap) == (raw["late"]["penalty_per_day"], raw["late"]["cap"])
    assert assignment.written.points_per_exercise == raw["written"]["points_per_exercise"]
    assert assignment.submission.max_file_mb == raw["submission"]["max_file_mb"]
    assert assignment.gradescope.memory_mb == raw["gradescope"]["memory_mb"]
    assert assignment.gradescope.case_timeout_seconds == raw["gradescope"].get("case_timeout_seconds")
    with pytest.raises(dataclasses.FrozenInstanceError):
        assignment.name = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        assignment.late.cap = 100


def test_optional_sections_take_their_documented_defaults(tmp_path):
    minimal = GOOD.split("[written]")[0]
    assignment = config.load(_file(tmp_path, minimal))
    assert assignment.written.points_per_exercise == 0
    assert assignment.submission.max_file_mb == config.DEFAULT_MAX_FILE_MB == 5
    assert assignment.gradescope == config.GradescopeLimits(None, None, None)
    full = config.load(_file(tmp_path, GOOD))
    assert (full.name, full.late.grace, full.late.penalty_per_day, full.late.cap) == ("Config probe", timedelta(minutes=9), 7, 35)
    assert (full.written.points_per_exercise, full.submission.max_file_mb) == (3, 2.5)
    assert full.gradescope == config.GradescopeLimits(12, 1000, 200)


def _with(line, replacement):
    assert line in GOOD
    return GOOD.replace(line, replacement)


BAD_FILES = [
    # (the file's text, the sentence that must say what to fix)
    ("name = [unclosed", r"is not valid TOML"),
    (_with('[assignment]\nname = "Config probe"\n', ""), r"add the \[assignment\] section with name = "),
    (_with('name = "Config probe"', 'name = "  "'), r"set \[assignment\] name = "),
    (_with('[late]\ndue = "2026-03-04T05:06:00-05:00"\ngrace_minutes = 9\npenalty_per_day = 7\ncap = 35\n', ""),
     r"add the \[late\] section with due, grace_minutes, penalty_per_day and cap"),
    (_with('due = "2026-03-04T05:06:00-05:00"\n', ""), r"\[late\] due is missing \(e\.g\. due = "),
    (_with('due = "2026-03-04T05:06:00-05:00"', 'due = "next friday"'), r"\[late\] due: 'next friday' is not an ISO 8601 time"),
    (_with('due = "2026-03-04T05:06:00-05:00"', 'due = "2026-03-04T05:06:00"'), r"has no time zone: add its UTC offset"),
    (_with("penalty_per_day = 7", 'penalty_per_day = "ten"'), r"\[late\] penalty_per_day must be a number, got 'ten' \(e\.g\. penalty_per_day = 10\)"),
    (_with("penalty_per_day = 7", "penalty_per_day = true"), r"\[late\] penalty_per_day must be a number, got True"),
    (_with("penalty_per_day = 7", "penalty_per_day = nan"), r"\[late\] penalty_per_day must be a number, got nan"),
    (_with("cap = 35", "cap = 150"), r"\[late\] cap must be between 0 and 100, got 150"),
    (_with("grace_minutes = 9", "grace_minutes = -1"), r"\[late\] grace_minutes must be at least 0, got -1"),
    (_with("grace_minutes = 9\n", ""), r"\[late\] grace_minutes is missing: add it \(e\.g\. grace_minutes = 15\)"),
    (_with("penalty_per_day = 7", "penalty_per_days = 7"), r"\[late\] penalty_per_days is not a setting the kit reads: did you mean penalty_per_day\?"),
    (GOOD + "[extras]\nx = 1\n", r"\[extras\] is not a section the kit reads \(the sections are \[assignment\], \[late\]"),
    ("submission = 2.5\n" + _with("[submission]\nmax_file_mb = 2.5\n", ""), r"submission must be a section, \[submission\] on its own line"),
    (_with("[submission]\nmax_file_mb = 2.5", "submission = 2.5"), r"\[written\] submission is not a setting the kit reads"),
    (_with("points_per_exercise = 3", "points_per_exercise = -2"), r"\[written\] points_per_exercise must be a number of points \(0 or more\), got -2"),
    (_with("max_file_mb = 2.5", "max_file_mb = 0"), r"\[submission\] max_file_mb must be a positive number, got 0"),
    (_with("memory_mb = 1000", 'memory_mb = "lots"'), r"\[gradescope\] memory_mb must be a positive number, got 'lots'"),
    (_with("case_timeout_seconds = 12", "case_timeout_seconds = -5"), r"\[gradescope\] case_timeout_seconds must be a positive number, got -5"),
]


@pytest.mark.parametrize("text, sentence", BAD_FILES, ids=[f"bad{n}" for n in range(len(BAD_FILES))])
def test_each_bad_file_gets_its_sentence(tmp_path, text, sentence):
    path = _file(tmp_path, text)
    with pytest.raises(config.ConfigError, match=sentence) as raised:
        config.load(path)
    assert str(raised.value).startswith(str(path)), "the sentence names the file to fix"


def test_a_missing_file_or_a_folder_or_other_bytes_say_what_to_do(tmp_path):
    with pytest.raises(config.ConfigError, match=r"the assignment configuration is missing: .*nothing\.toml \(copy autograder/assignment\.toml"):
        config.load(tmp_path / "nothing.toml")
    with pytest.raises(config.ConfigError, match="is a folder: give the assignment.toml file"):
        config.load(tmp_path)
    (tmp_path / "latin1.toml").write_bytes('[assignment]\nname = "Übung"\n'.encode("latin-1"))
    with pytest.raises(config.ConfigError, match="is not UTF-8 text"):
        config.load(tmp_path / "latin1.toml")


@pytest.fixture
def probe(tmp_path, monkeypatch):
    """assignment.toml replaced by GOOD (values no real file has), for every command at once."""
    monkeypatch.setattr(config, "CONFIG_PATH", _file(tmp_path, GOOD))
    return config.load()


def test_every_command_reads_the_same_object(probe):
    """The packager's limit, the rules (written points, late policy), the release's README and packager script,
    the late penalty's default policy and Gradescope's limits all come from config.load()."""
    from autograder import late, rules
    from autograder.package import max_file_mb_from_config
    from autograder.release.build import package_script, student_readme

    assert max_file_mb_from_config() == probe.submission.max_file_mb == 2.5
    model = rules.assignment_rules()
    assert (model.name, model.max_file_mb, model.penalty_per_day, model.penalty_cap, model.grace_minutes) == \
        ("Config probe", 2.5, 7, 35, 9)
    assert model.written_points == 3 * sum(1 for q in model.questions if q.qid.startswith("ex"))
    assert model.due == probe.late.due.isoformat()
    readme = student_readme(probe, ["q1_init.py"]).decode()
    assert "Config probe" in readme and "2.5 MB" in readme
    assert "DEFAULT_MAX_FILE_MB = 2.5\n" in package_script(probe.submission.max_file_mb).decode()
    one_day_late = probe.late.due + probe.late.grace + timedelta(minutes=1)
    assert late.penalty(one_day_late, max_score=100).percent == 7  # the default policy is the same object's


def test_gradescope_limits_come_from_the_object_and_the_environment_still_wins(probe, monkeypatch):
    from autograder.gradescope.runner import limits

    for variable in ("AUTOGRADER_CASE_TIMEOUT", "AUTOGRADER_MEMORY_MB", "AUTOGRADER_BUDGET"):
        monkeypatch.delenv(variable, raising=False)
    got = limits()
    assert (got.timeout, got.memory_mb, got.budget) == (12, 1000, 200)
    assert limits(config.GradescopeLimits(7, 900, None)).timeout == 7
    monkeypatch.setenv("AUTOGRADER_MEMORY_MB", "800")
    assert limits().memory_mb == 800


def test_the_export_and_the_report_title_use_its_name(probe, tmp_path):
    from autograder.export.core import export

    (tmp_path / "grades.csv").write_text("student,score,max_score\nada,5,10\n")
    (tmp_path / "roster.csv").write_text("student,name,id,sis_user_id,sis_login_id,section\nada,Ada,1,S1,ada,A\n")
    export(tmp_path / "grades.csv", roster=tmp_path / "roster.csv", out=tmp_path / "canvas.csv")
    assert (tmp_path / "canvas.csv").read_text().splitlines()[0].endswith(",Config probe")


def test_a_bad_file_stops_each_command_with_its_sentence(tmp_path, monkeypatch, capsys):
    """A command never half-runs on a broken assignment.toml: it stops before writing, with the file's sentence."""
    from autograder.export.core import ExportError, export
    from autograder.grade import main as grade_main
    from autograder.package import main as package_main
    from autograder.release.build import ReleaseError, release

    bad = _file(tmp_path, _with("cap = 35", "cap = 150"))
    monkeypatch.setattr(config, "CONFIG_PATH", bad)
    sentence = r"\[late\] cap must be between 0 and 100, got 150"
    assert package_main(path=str(tmp_path)) == 2  # bad input (autograder/exitcodes.py)
    assert re.search(sentence, capsys.readouterr().err)
    with pytest.raises(ReleaseError, match=sentence):
        release(tmp_path / "release")
    assert not (tmp_path / "release").exists()
    (tmp_path / "grades.csv").write_text("student,score,max_score\nada,5,10\n")
    (tmp_path / "roster.csv").write_text("student,name,id,sis_user_id,sis_login_id,section\nada,Ada,1,S1,ada,A\n")
    with pytest.raises(ExportError, match=sentence):
        export(tmp_path / "grades.csv", roster=tmp_path / "roster.csv", out=tmp_path / "canvas.csv")
    (tmp_path / "alice.py").write_text("x = 1\n")
    assert grade_main(submissions=[str(tmp_path / "alice.py")], out=str(tmp_path / "graded")) == 2
    assert "cap must be between 0 and 100, got 150" in capsys.readouterr().err
    assert not (tmp_path / "graded" / "grades.csv").exists()


def test_the_report_of_a_graded_class_still_opens_with_a_bad_file_and_says_what_to_fix(tmp_path, monkeypatch, capsys):
    """The report needs only the assignment's name (its title): a broken assignment.toml is named, not silently skipped."""
    from autograder.report import main as report_main
    from tests.instructor_fixtures import fake_graded_class

    fake_graded_class(tmp_path / "graded")
    monkeypatch.setattr(config, "CONFIG_PATH", _file(tmp_path, _with("cap = 35", "cap = 150")))
    assert report_main(dir=str(tmp_path / "graded"), out=str(tmp_path / "report.html")) == 0
    assert "cap must be between 0 and 100, got 150" in capsys.readouterr().err
    assert "<title>Class report</title>" in (tmp_path / "report.html").read_text()
