"""Progress of a long command: a bar on a terminal, plain lines in CI and in pipes.

    with Progress(300, "compared", "pairs") as bar:
        for ...:
            bar.advance()

On a terminal (the stream is a TTY, ``CI`` is not set and ``TERM`` is not ``dumb``) it is
a rich progress bar with the count, the rate and the time left. Anywhere else it writes
one plain line at every tenth of the work and at the end, e.g.
``compared 120/300 pairs (40.0/s, about 5 s left)``, so a log stays short and readable.
A job done within :data:`QUIET_SECONDS` writes only its final line, and the rate and the
time left are shown only once they mean something (after :data:`RATE_AFTER_SECONDS` and
:data:`RATE_AFTER_STEPS` steps: a cached or instant start says nothing about the rest).
Progress goes to stderr unless told otherwise: stdout stays for the command's result.
"""

import os
import sys
import time

PLAIN_STEPS = 10  # plain mode writes a line each time another tenth of the work is done
QUIET_SECONDS = 1.0  # plain mode writes no line but the final one before this much time has passed
RATE_AFTER_SECONDS = 1.0  # no rate or time left before this much time has passed...
RATE_AFTER_STEPS = 2  # ...and this many steps are done


def is_terminal(stream):
    """Whether ``stream`` is an interactive terminal a bar can redraw (not CI, not a pipe, not TERM=dumb)."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _seconds(value):
    """``value`` seconds in words a person reads at a glance: ``"42 s"``, ``"3 min 5 s"``."""
    value = max(0, int(round(value)))
    return f"{value} s" if value < 60 else f"{value // 60} min {value % 60} s"


class Progress:
    """Count ``total`` steps of work called ``verb`` ``unit`` (e.g. "compared", "pairs").

    ``stream`` defaults to stderr; ``terminal`` forces the bar (True) or plain lines (False),
    else :func:`is_terminal` decides; ``enabled=False`` shows nothing at all.
    """

    def __init__(self, total, verb, unit="", *, stream=None, terminal=None, enabled=True):
        self.total = max(0, int(total))
        self.verb, self.unit = verb, unit
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self.terminal = is_terminal(self.stream) if terminal is None else terminal
        self.done = 0
        self.started = time.monotonic()
        self._next_line = 1
        self._bar = self._task = None
        if self.enabled and self.terminal:
            self._start_bar()

    def _start_bar(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        rate = TextColumn("{task.fields[rate]}")
        self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn(self.unit), rate, TextColumn("left"), TimeRemainingColumn(),
                                 console=Console(file=self.stream), transient=False)
        self._bar.start()
        self._task = self._bar.add_task(self.verb, total=self.total or None, rate="")

    def rate(self):
        """Steps per second so far; 0 until it means something (:data:`RATE_AFTER_SECONDS`, :data:`RATE_AFTER_STEPS`)."""
        elapsed = time.monotonic() - self.started
        if elapsed < RATE_AFTER_SECONDS or self.done < RATE_AFTER_STEPS:
            return 0.0
        return self.done / elapsed

    def line(self):
        """The plain line for the current count, e.g. ``compared 120/300 pairs (40.0/s, about 5 s left)``."""
        unit = f" {self.unit}" if self.unit else ""
        text = f"{self.verb} {self.done}/{self.total}{unit}"
        rate = self.rate()
        if self.done >= self.total:
            return f"{text} in {_seconds(time.monotonic() - self.started)}"
        if rate:
            return f"{text} ({rate:.1f}/s, about {_seconds((self.total - self.done) / rate)} left)"
        return text

    def advance(self, steps=1):
        """Record ``steps`` more steps done."""
        self.done = min(self.total, self.done + steps)
        if not self.enabled:
            return
        if self._bar is not None:
            rate = self.rate()
            self._bar.update(self._task, completed=self.done, rate=f"{rate:.1f}/s" if rate else "")
            return
        if self.total and self.done * PLAIN_STEPS >= self._next_line * self.total:
            self._next_line = self.done * PLAIN_STEPS // self.total + 1
            if self.done >= self.total or time.monotonic() - self.started >= QUIET_SECONDS:
                print(self.line(), file=self.stream, flush=True)

    def close(self):
        """Stop the bar (it stays on screen, complete); plain mode has written its last line already."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
