"""The checks of a plot described as data: its filled regions against the model's predictions, its points against the data. (Imported through ``gradecheck``.)"""

import sys

import numpy as np

from .axes import describe_axes
from .values import GradeFailure


def as_axes_description(x, close=True):
    """What a plot function drew, from the matplotlib Axes it returned (described here, its figure closed when
    ``close``) or from the description the secure grader made of a real Axes in its sandbox. Anything else fails,
    a dict shaped like a description included: only an Axes shows what was drawn."""
    if isinstance(x, dict) and getattr(type(x), "made_from_axes", False) is True:  # autograder/sandbox/wire.py
        return x
    axes_module = sys.modules.get("matplotlib.axes")
    if axes_module is not None and isinstance(x, axes_module.Axes):
        description = describe_axes(x)
        if close:
            try:
                import matplotlib.pyplot as plt

                plt.close(x.figure)
            except Exception:  # closing is a courtesy, never a failure
                pass
        return description
    raise GradeFailure(f"expected a matplotlib Axes (return the `ax` you drew on), got {type(x).__name__}")


def _finite(value, shape_ok=lambda shape: True):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array if shape_ok(array.shape) and np.all(np.isfinite(array)) else None


def _monotone(values):
    steps = np.diff(values)
    return len(values) >= 2 and (np.all(steps > 0) or np.all(steps < 0))


def filled_artist_problem(artist):
    """What makes a filled artist unreadable (non-finite or mismatched coordinates, extent or values), else None."""
    kind = artist.get("type")
    if kind == "contour":
        levels = np.asarray(artist.get("levels", []), dtype=np.float64)
        if levels.ndim != 1 or np.any(np.isnan(levels)):
            return "contour levels that are not numbers"
        for path in artist.get("paths", []):
            vertices = _finite(path.get("vertices"), lambda shape: len(shape) == 2 and shape[1] == 2)
            codes = path.get("codes")
            if vertices is None or (codes is not None and np.shape(codes) != (len(vertices),)):
                return "region outlines with NaN or infinite coordinates"
    elif kind == "quadmesh":
        coordinates = _finite(artist.get("coordinates"), lambda shape: len(shape) == 3 and shape[0] >= 2 and shape[1] >= 2
                              and shape[2] == 2)
        if coordinates is None:
            return "a mesh whose coordinates are NaN, infinite or not a grid"
        rows, cols = coordinates.shape[0] - 1, coordinates.shape[1] - 1
        if _finite(artist.get("array"), lambda shape: shape == (rows, cols)) is None:
            return f"a mesh whose values are NaN, infinite or not one per cell ({rows} x {cols})"
        xs, ys = coordinates[:, :, 0], coordinates[:, :, 1]
        if not (np.allclose(xs, xs[:1]) and np.allclose(ys, ys[:, :1]) and _monotone(xs[0]) and _monotone(ys[:, 0])):
            return "a mesh that is not a regular grid (x along the columns, y along the rows)"
    elif kind == "image":
        extent = _finite(artist.get("extent"), lambda shape: shape == (4,))
        if extent is None or extent[0] == extent[1] or extent[2] == extent[3]:
            return "an image whose extent is NaN, infinite or empty"
        if _finite(artist.get("array"), lambda shape: len(shape) in (2, 3) and min(shape[:2]) >= 1) is None:
            return "an image whose values are NaN or infinite"
    return None


def data_grid(X, steps=40):
    """A regular grid of points (steps*steps, 2) over the data's range (X's bounding box, 1 % inside it), and its
    shape (steps, steps). The test grid never comes from what the student drew."""
    X = np.asarray(X, dtype=np.float64)
    low, high = X.min(axis=1), X.max(axis=1)
    pad = (high - low) * 0.01
    xx, yy = np.meshgrid(np.linspace(low[0] + pad[0], high[0] - pad[0], steps), np.linspace(low[1] + pad[1], high[1] - pad[1], steps))
    return np.column_stack([xx.ravel(), yy.ravel()]), xx.shape


def _inside_compound(vertices, codes, points):
    """Even-odd containment of points in a compound path (holes are subpaths)."""
    from matplotlib.path import Path

    vertices = np.asarray(vertices, dtype=np.float64)
    inside = np.zeros(len(points), dtype=bool)
    if len(vertices) == 0:
        return inside
    if codes is None:
        starts = [0]
    else:
        codes = np.asarray(codes)
        starts = list(np.flatnonzero(codes == Path.MOVETO)) or [0]
    bounds = starts + [len(vertices)]
    for start, end in zip(bounds[:-1], bounds[1:]):
        ring = vertices[start:end]
        if codes is not None:
            ring = ring[np.asarray(codes[start:end]) != Path.CLOSEPOLY]
        if len(ring) >= 3:
            inside ^= Path(ring).contains_points(points)
    return inside


def filled_region_values(artist, points, bounds=False):
    """The value a filled artist shows at each point ((k, 2) array); NaN where it shows nothing.

    For a filled contour set: the midpoint of the level interval whose region holds the
    point (with ``bounds=True``: the pair (low, high) of arrays of the interval's ends);
    for a quadmesh: the value of the cell holding the point; for an image: the value of
    the pixel holding it (low = high = value).
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    values = np.full(len(points), np.nan)
    lows, highs = np.full(len(points), np.nan), np.full(len(points), np.nan)
    kind = artist.get("type")
    if kind == "contour" and artist.get("filled"):
        levels = np.asarray(artist["levels"], dtype=np.float64)
        for i, path in enumerate(artist["paths"]):
            if i + 1 >= len(levels):
                break
            low, high = levels[i], levels[i + 1]
            low = high - 1.0 if not np.isfinite(low) else low
            high = low + 1.0 if not np.isfinite(high) else high
            inside = _inside_compound(path["vertices"], path.get("codes"), points) & np.isnan(values)
            values[inside] = 0.5 * (low + high)
            lows[inside], highs[inside] = low, high
        if bounds:
            return lows, highs
    elif kind == "quadmesh":
        coordinates = np.asarray(artist["coordinates"], dtype=np.float64)
        array = np.asarray(artist["array"], dtype=np.float64)
        xs, ys = coordinates[0, :, 0], coordinates[:, 0, 1]
        values = _cell_lookup(xs, ys, array, points)
    elif kind == "image":
        array = np.asarray(artist["array"], dtype=np.float64)
        if array.ndim != 2:  # an RGB(A) picture shows colours, not values
            return (values, values.copy()) if bounds else values
        left, right, bottom, top = artist["extent"]
        rows, cols = array.shape
        xs = np.linspace(left, right, cols + 1)
        if artist.get("origin") == "upper":
            ys = np.linspace(top, bottom, rows + 1)
        else:
            ys = np.linspace(bottom, top, rows + 1)
        values = _cell_lookup(xs, ys, array, points)
    if bounds:
        return values, values.copy()
    return values


def _cell_lookup(xs, ys, array, points):
    values = np.full(len(points), np.nan)
    if xs[0] > xs[-1]:
        xs, array = xs[::-1], array[:, ::-1]
    if ys[0] > ys[-1]:
        ys, array = ys[::-1], array[::-1, :]
    col = np.searchsorted(xs, points[:, 0], side="right") - 1
    row = np.searchsorted(ys, points[:, 1], side="right") - 1
    ok = (col >= 0) & (col < array.shape[1]) & (row >= 0) & (row < array.shape[0])
    values[ok] = array[row[ok], col[ok]]
    return values


def filled_artists(description):
    """The artists of a description that fill regions (filled contours, quadmeshes, images)."""
    return [a for a in description["artists"]
            if (a["type"] == "contour" and a.get("filled")) or a["type"] in ("quadmesh", "image")]


def check_filled_regions(check, description, predict_at, *, X, max_band=0.08, steps=40):
    """The filled regions must show the predicted class (``predict_at(points (2, k)) -> (1, k) of 0/1``).

    A test grid of ``steps`` x ``steps`` points over the data's range (``X`` (2, m)): each point's shown
    value (> 0.5 means class 1) must equal the prediction, except in a thin band next to the decision
    boundary (a point whose grid neighbour has the other prediction). Filled artists must be readable:
    finite coordinates, extents and values, one value per cell.
    """
    hint = ("fill the predicted class (0/1) over a grid: xx, yy, points = nndata.grid_over(X), one predict over the "
            "points, reshape to xx.shape, then ax.contourf(xx, yy, Z) (or pcolormesh / imshow)")
    if not filled_artists(description):
        check.fail("the decision-boundary plot has no filled regions",
                   "draw the predicted class over a grid with ax.contourf(xx, yy, predictions.reshape(xx.shape)) "
                   "(or pcolormesh / imshow)")
    for artist in filled_artists(description):
        problem = filled_artist_problem(artist)
        if problem:
            check.fail(f"the decision-boundary plot's filled regions cannot be read: {problem}", hint)
    points, shape = data_grid(X, steps)
    low, high = np.full(len(points), np.nan), np.full(len(points), np.nan)
    for artist in filled_artists(description):
        artist_low, artist_high = filled_region_values(artist, points, bounds=True)
        fill = np.isnan(low) & ~np.isnan(artist_low)
        low[fill], high[fill] = artist_low[fill], artist_high[fill]
    covered = ~np.isnan(low)
    if covered.mean() < 0.9:
        part = "part of the data's range is not filled" if check.hidden else f"they fill only {covered.mean():.0%} of the data's range"
        check.fail(f"the filled regions do not cover the data: {part}",
                   "build the grid over the data's range (nndata.grid_over(X) does it, with a margin)")
    # class 1 where the region's values are all >= 0.5, class 0 where all <= 0.5; a region
    # whose interval straddles 0.5 (contourf of probabilities with levels not split at 0.5)
    # shows no class: it counts as a wrong point
    shown = np.where(low >= 0.5, 1.0, np.where(high <= 0.5, 0.0, np.nan))
    expected = np.asarray(predict_at(points.T)).reshape(shape)
    shown = shown.reshape(shape)
    wrong = covered.reshape(shape) & (np.isnan(shown) | ((shown > 0.5) != (expected > 0.5)))
    if not wrong.any():
        return 0.0
    # a point next to the boundary may fall on either side of the interpolated contour: it is
    # forgiven when the model predicts the other class somewhere within 4 % of the plot's span
    # (a grid of 25 steps or more draws the boundary at least that precisely)
    e = expected > 0.5
    near = np.zeros_like(e)
    rows, cols = np.nonzero(wrong)
    if len(rows):
        span = points.max(axis=0) - points.min(axis=0)
        flat = points.reshape(shape + (2,))[rows, cols]
        offsets = np.array([(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy], dtype=np.float64)
        probes = np.concatenate([flat[:, None, :] + scale * span * offsets[None, :, :] for scale in (0.01, 0.02, 0.04)], axis=1)
        around = np.asarray(predict_at(probes.reshape(-1, 2).T)).reshape(len(rows), -1) > 0.5
        near[rows, cols] = np.any(around != e[rows, cols][:, None], axis=1)
    far_wrong = wrong & ~near
    fraction = wrong.mean()
    if far_wrong.any() or fraction > max_band:
        some = "some" if check.hidden else None  # a count of the student's drawing could carry the hidden inputs
        if far_wrong.any():
            what = (f"{some or int(far_wrong.sum())} of {wrong.size} test points away from the boundary show the other class "
                    f"(or a region that mixes both classes)")
        else:
            what = (f"{some or int(wrong.sum())} of {wrong.size} test points show the other class, more than a thin band along "
                    "the boundary")
        check.fail(f"the filled regions do not show the model's predictions: {what}",
                   "fill with the predicted class (0/1) of each point of a fine grid (nndata.grid_over(X): one "
                   "predict over its points, reshape to xx.shape) and pass the same xx, yy to contourf; x1 is the "
                   "horizontal axis; if you fill probabilities instead, split the levels at 0.5 (levels=[0, 0.5, 1])")
    return float(fraction)


def _style_key(colour, path):
    vertices = np.round(np.asarray(path["vertices"], dtype=np.float64), 3) if path is not None else np.zeros((0, 2))
    codes = tuple(np.asarray(path["codes"]).tolist()) if path is not None and path.get("codes") is not None else ()
    return (tuple(np.round(np.asarray(colour, dtype=np.float64), 3).tolist()), vertices.tobytes(), codes)


def drawn_points(description):
    """Every marker drawn (scatter points and line markers): list of (x, y, style key)."""
    points = []
    for artist in description["artists"]:
        if artist["type"] == "scatter":
            offsets = np.asarray(artist["offsets"], dtype=np.float64).reshape(-1, 2)
            faces = np.asarray(artist["facecolors"], dtype=np.float64).reshape(-1, 4)
            edges = np.asarray(artist.get("edgecolors", np.zeros((0, 4))), dtype=np.float64).reshape(-1, 4)
            paths = artist["paths"] or [None]
            for i, (x, y) in enumerate(offsets):
                face = faces[i] if i < len(faces) else (faces[0] if len(faces) else np.zeros(4))
                edge = edges[i] if i < len(edges) else (edges[0] if len(edges) else np.zeros(4))
                path = paths[i] if i < len(paths) else paths[0]
                colour = face if face[3] > 0 else edge
                points.append((x, y, _style_key(colour, path)))
        elif artist["type"] == "line" and artist["marker"] not in ("None", "none", "", " ", "nothing"):
            colour = artist.get("markerfacecolor", artist["color"])
            key = _style_key(colour, None) + (artist["marker"],)
            for x, y in zip(artist["xdata"], artist["ydata"]):
                points.append((float(x), float(y), key))
    return points


def check_points_drawn(check, description, X, Y):
    """Every training point is drawn, and the two classes never share a colour+marker style."""
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(Y).ravel()
    drawn = drawn_points(description)
    if not drawn:
        check.fail("the plot shows no training points", "draw them on top with ax.scatter(X[0, ...], X[1, ...], c=..., marker=...)")
    coords = np.array([(x, y) for x, y, _ in drawn])
    scale = max(1.0, float(np.abs(X).max()))
    styles = {0: set(), 1: set()}
    missing = 0
    for j in range(X.shape[1]):
        distance = np.abs(coords - X[:, j]).max(axis=1)
        matches = np.flatnonzero(distance <= 1e-6 * scale)
        if len(matches) == 0:
            missing += 1
            continue
        for k in matches:
            styles[int(labels[j] > 0.5)].add(drawn[k][2])
    if missing:
        count = "some" if check.hidden else f"{missing} of the {X.shape[1]}"
        check.fail(f"{count} training points are not drawn (no marker at their coordinates)",
                   "scatter X[0] against X[1] (the first row horizontally) for every example")
    if styles[0] & styles[1]:
        check.fail("points of class 0 and class 1 are drawn with the same colour and marker",
                   "give each class its own colour or marker, e.g. scatter with c=Y.ravel() or one scatter per class")
