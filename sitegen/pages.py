"""The generated texts the pages include: the data's story, the worked example, common mistakes, after you submit."""

from pathlib import Path

from . import aftersubmit, datastory, experiments, mistakes, worked
from .jobs import NNDATA_SOURCE, REFERENCE_SOURCE, Job

HERE = Path(__file__).resolve().parent


def jobs():
    deck_run, zeros_run = experiments.ex2_runs()[:2]  # the same specs as exercise 2's figure: the run cache serves both
    return [
        Job("data-story", datastory.render_story, runs=[deck_run, zeros_run],
            deps=[HERE / "datastory.py", HERE / "settings.py", REFERENCE_SOURCE, NNDATA_SOURCE]),
        Job("worked", worked.render_worked, deps=[HERE / "worked.py", REFERENCE_SOURCE]),
        mistakes.job(),
        aftersubmit.job(),
    ]
