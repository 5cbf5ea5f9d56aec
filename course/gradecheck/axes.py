"""What a matplotlib Axes shows, as plain data (the tests look at what was drawn, never at pixels). (Imported through ``gradecheck``.)"""

import numpy as np



# ---------------------------------------------------------------------------
# Plots as plain data
# ---------------------------------------------------------------------------


def _rgba(colour):
    from matplotlib.colors import to_rgba_array

    return np.asarray(to_rgba_array(colour), dtype=np.float64)


def _path(path):
    codes = None if path.codes is None else np.asarray(path.codes, dtype=np.int64)
    return {"vertices": np.asarray(path.vertices, dtype=np.float64), "codes": codes}


def describe_axes(ax):
    """A matplotlib Axes as plain data (str, numbers, lists, dicts, None and numpy arrays only).

    Keys: "title", "xlabel", "ylabel", "xlim", "ylim", "legend" (list of texts) and
    "artists", a list of dicts with a "type":

    * "scatter": "offsets" (k, 2), "facecolors" (k, 4) one RGBA per point, "edgecolors",
      "paths" (the marker shapes: vertices + codes), "sizes";
    * "line": "xdata", "ydata", "marker", "linestyle", "color" (RGBA);
    * "contour": "filled", "levels", "paths" (one compound path per level interval: vertices + codes);
    * "quadmesh": "coordinates" (rows+1, cols+1, 2), "array" (rows, cols);
    * "image": "array", "extent" [left, right, bottom, top], "origin";
    * anything else: "other" with its class name.
    """
    from matplotlib.collections import PathCollection, QuadMesh
    from matplotlib.contour import ContourSet
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D

    artists = []
    for artist in list(ax.collections) + list(ax.lines) + list(ax.images):
        if isinstance(artist, ContourSet):
            artists.append({
                "type": "contour",
                "filled": bool(artist.filled),
                "levels": np.asarray(artist.levels, dtype=np.float64),
                "paths": [_path(p) for p in artist.get_paths()],
            })
        elif isinstance(artist, QuadMesh):
            coordinates = np.asarray(artist.get_coordinates(), dtype=np.float64)
            array = np.ma.filled(np.ma.asarray(artist.get_array(), dtype=np.float64), np.nan)
            rows, cols = coordinates.shape[0] - 1, coordinates.shape[1] - 1
            if array.size == rows * cols:
                array = array.reshape(rows, cols)
            artists.append({"type": "quadmesh", "coordinates": coordinates, "array": array})
        elif isinstance(artist, PathCollection):
            artist.update_scalarmappable()
            offsets = np.asarray(np.ma.filled(artist.get_offsets(), np.nan), dtype=np.float64).reshape(-1, 2)
            n = len(offsets)
            faces = _rgba(artist.get_facecolors()) if len(artist.get_facecolors()) else np.zeros((0, 4))
            edges = _rgba(artist.get_edgecolors()) if len(artist.get_edgecolors()) else np.zeros((0, 4))
            if len(faces) == 1 and n > 1:
                faces = np.repeat(faces, n, axis=0)
            if len(edges) == 1 and n > 1:
                edges = np.repeat(edges, n, axis=0)
            artists.append({
                "type": "scatter",
                "offsets": offsets,
                "facecolors": faces,
                "edgecolors": edges,
                "paths": [_path(p) for p in artist.get_paths()],
                "sizes": np.asarray(artist.get_sizes(), dtype=np.float64),
                "label": str(artist.get_label()),
            })
        elif isinstance(artist, Line2D):
            artists.append({
                "type": "line",
                "xdata": np.asarray(artist.get_xdata(), dtype=np.float64),
                "ydata": np.asarray(artist.get_ydata(), dtype=np.float64),
                "marker": str(artist.get_marker()),
                "linestyle": str(artist.get_linestyle()),
                "color": _rgba(artist.get_color())[0],
                "markerfacecolor": _rgba(artist.get_markerfacecolor())[0],
                "label": str(artist.get_label()),
            })
        elif isinstance(artist, AxesImage):
            array = np.ma.filled(np.ma.asarray(artist.get_array(), dtype=np.float64), np.nan)
            artists.append({
                "type": "image",
                "array": array,
                "extent": [float(v) for v in artist.get_extent()],
                "origin": str(artist.origin),
            })
        else:
            artists.append({"type": "other", "class": type(artist).__name__})
    legend = ax.get_legend()
    return {
        "title": ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "xlim": [float(v) for v in ax.get_xlim()],
        "ylim": [float(v) for v in ax.get_ylim()],
        "legend": [t.get_text() for t in legend.get_texts()] if legend is not None else [],
        "artists": artists,
    }
