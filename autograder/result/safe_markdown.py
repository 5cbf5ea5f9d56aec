"""Student-controlled text in the kit's Markdown (feedback.md), made inert.

Anything that came from a student (an exception message, a notebook statement, a file
name, whatever the worker sent) goes into a fenced code block whose fence is longer than
any backtick run inside (:func:`fenced`), an inline code span built the same way
(:func:`code_span`), or, for the one line that leads the feedback, escaped text
(:func:`plain_line`). None of it can close its block, open HTML or make a link.
"""

import html
import re

_RUN = re.compile(r"`+")
_PLAIN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&$])")


def _fence_for(text, char="`", minimum=3):
    longest = max((len(run) for run in re.findall(re.escape(char) + "+", text)), default=0)
    return char * max(minimum, longest + 1)


def fenced(text, info="text"):
    """``text`` as a fenced code block (lines, no trailing newline) that nothing inside can close."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    fence = _fence_for(text)
    return f"{fence}{info}\n{text}\n{fence}"


def code_span(text):
    """``text`` (one line) as an inline code span that nothing inside can close."""
    text = " ".join(str(text).split())
    fence = "`" * (max((len(run) for run in _RUN.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plain_line(text):
    """The first line of ``text`` as Markdown text that reads as itself: no HTML, link, emphasis or list."""
    line = next((line for line in str(text).splitlines() if line.strip()), "")
    line = _PLAIN_SPECIAL.sub(r"\\\1", line.strip())
    if line and line[0] in "-+=":
        return "\\" + line
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def folded(summary, lines):
    """A ``<details>`` block: ``summary`` (escaped HTML) over ``lines`` of Markdown (blank lines kept around them)."""
    return ["<details>", f"<summary>{html.escape(summary)}</summary>", "", *lines, "", "</details>"]
