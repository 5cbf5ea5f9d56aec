"""The kit's one number formatter for points: what grades.csv, the feedback, the report and the exports show.

>>> points(64), points(64.0), points(12.5), points(1 / 3), points(None)
('64', '64', '12.5', '0.3333', '0')
>>> points(2.675, places=2)
'2.67'
"""


def points(value, places=4):
    """``value`` rounded to ``places`` decimals: an integer without a decimal point, else the shortest exact text.

    ``None`` and ``""`` count as 0.
    """
    value = round(float(value or 0), places)
    return str(int(value)) if value == int(value) else repr(value)
