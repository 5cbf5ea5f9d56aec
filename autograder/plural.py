"""Counted nouns in the kit's sentences: "1 score is", "2 scores are"."""


def counted(count, singular, plural=None):
    """``"1 student"`` / ``"3 students"`` (``plural``: the plural when it is not ``singular + "s"``)."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:g} {word}" if isinstance(count, float) else f"{count} {word}"


def verb(count, singular="is", plural="are"):
    """The verb agreeing with ``count``: ``"is"`` for 1, else ``"are"`` (or the pair given, e.g. ``"was", "were"``)."""
    return singular if count == 1 else plural
