"""A small ``assignment.toml`` for tests, written from its values (the kit's own file is autograder/assignment.toml)."""


def assignment_toml(*, name, due, grace_minutes, penalty_per_day, cap, points_per_exercise, max_file_mb, gradescope=None):
    """The text of an assignment.toml with these values; ``gradescope``: ``{key: value}`` of its [gradescope] section."""
    lines = ["[assignment]", f'name = "{name}"', "[late]", f'due = "{due}"', f"grace_minutes = {grace_minutes}",
             f"penalty_per_day = {penalty_per_day}", f"cap = {cap}", "[written]", f"points_per_exercise = {points_per_exercise}",
             "[submission]", f"max_file_mb = {max_file_mb}"]
    if gradescope is not None:
        lines += ["[gradescope]", *(f"{key} = {value}" for key, value in gradescope.items())]
    return "\n".join(lines) + "\n"
