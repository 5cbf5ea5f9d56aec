"""The shell of the kit's offline HTML pages (the class report, the similarity page, the written answers).

A page is one self-contained file: inline CSS, no script, no font, no URL, and a
Content-Security-Policy that lets the browser fetch nothing (``default-src 'none'``). A page
with plots allows ``data:`` images and nothing more. The title is HTML-escaped; the body is
already HTML, its student text escaped by the page that built it (``html.escape``).
"""

import html

#: Nothing may be fetched; inline ``<style>`` is allowed (pages without images).
CSP = "default-src 'none'; style-src 'unsafe-inline'"
#: The same, plus the ``data:`` images a page embeds (plots, saved notebook outputs).
CSP_WITH_IMAGES = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def page(title, body, *, style, images=False):
    """The whole page (str): ``<!DOCTYPE html>``, the policy (``CSP``, or ``CSP_WITH_IMAGES`` when ``images``),
    ``title`` (plain text, escaped here), ``style`` (CSS) and ``body`` (HTML), ending in a newline."""
    policy = CSP_WITH_IMAGES if images else CSP
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
            f"<title>{html.escape(title)}</title><style>{style}</style></head>\n<body>\n{body}\n</body></html>\n")
