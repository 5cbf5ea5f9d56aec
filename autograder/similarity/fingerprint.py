"""Winnowed fingerprints of Python source and the overlap of two of them (copydetect 0.5.0).

copydetect does the work: pygments tokenizes the code and ``filter_code`` replaces every
name with ``V``/``F``/``O`` and every string with ``S`` and drops comments and whitespace
(so renaming variables or rewriting comments changes nothing); ``winnow`` picks the
fingerprints; ``get_token_coverage`` counts what they cover. Three things are done here:

* the k-gram hash: copydetect uses Python's ``hash``, which is salted per process, so its
  scores would change from run to run; :func:`kgram_hashes` is a fixed polynomial hash,
  and the same class gives the same scores every time;
* :func:`overlap`, copydetect's ``compare_files`` for one pair (the same shares and
  passages: a test checks they agree), on Python sets, its passages mapped back to the
  source only when someone reads them;
* :func:`share_matrix`, the same shares for every pair at once, one numpy pass per
  document: copydetect's loop costs about half a millisecond a pair, 25 s for the 44,850
  pairs of a class of 300.

NOISE = 30 / GUARANTEE = 35 (copydetect's defaults are 25/25): on the kit's three correct
solutions, the larger k lowers the share independently written code has in common (from
up to 0.39 to 0.23) and leaves a disguised copy at 0.98.

Student code is only read as text, never run.
"""

import dataclasses

import numpy as np
from copydetect.utils import filter_code, get_token_coverage, winnow

#: The shortest run of matching filtered characters that counts (copydetect's noise threshold).
NOISE = 30
#: Every run of at least this many matching filtered characters is found (copydetect's guarantee threshold).
GUARANTEE = 35
_BASE = np.uint64(1_000_003)


def kgram_hashes(text, k):
    """int64 hashes of the ``len(text) - k + 1`` k-grams of ``text``, the same in every process.

    A polynomial hash over the code points, modulo 2**64; empty for a text shorter than k.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - k + 1
    if count <= 0:
        return np.array([], dtype=np.int64)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            hashes = hashes * _BASE + codes[j:j + count]
    return hashes.view(np.int64)


@dataclasses.dataclass
class Fingerprint:
    """A document's fingerprints, with the fields of copydetect's CodeFingerprint that ``compare_files`` reads.

    ``raw_code``: the source; ``filtered_code``: copydetect's normalised text; ``offsets``:
    (n, 2) int array mapping filtered positions back to the source; ``hashes``: the set of
    kept fingerprints; ``hash_idx``: fingerprint -> its positions in ``filtered_code``;
    ``token_coverage``: how many filtered characters the kept fingerprints cover.
    ``positions`` (int64, n): where every kept fingerprint starts, ascending, and
    ``position_hashes`` (int64, n): its hash (both made from ``hash_idx``).
    """

    raw_code: str
    filtered_code: str
    offsets: np.ndarray
    hashes: set
    hash_idx: dict
    k: int
    token_coverage: float
    positions: np.ndarray = None
    position_hashes: np.ndarray = None

    def __post_init__(self):
        pairs = sorted((p, h) for h, places in self.hash_idx.items() for p in places)
        self.positions = np.array([p for p, _ in pairs], dtype=np.int64)
        self.position_hashes = np.array([h for _, h in pairs], dtype=np.int64)


def filtered(source):
    """copydetect's normalised text of a Python ``source`` and its offsets back to the source."""
    text, offsets = filter_code(source, "deepnn.py", language="python")
    return text, offsets


def boilerplate_hashes(source, k=NOISE):
    """Every k-gram hash of ``source`` (the starter), sorted and unique: matches made of these do not count."""
    text, _ = filtered(source)
    return np.unique(kgram_hashes(text, k))


def fingerprint(source, boilerplate=None, k=NOISE, guarantee=GUARANTEE):
    """The :class:`Fingerprint` of ``source``: winnowed k-gram hashes, the starter's (``boilerplate``) left out."""
    text, offsets = filtered(source)
    hashes = kgram_hashes(text, k)
    hashes, idx = winnow(hashes, window_size=guarantee - k + 1, remove_duplicates=False) if len(hashes) else (hashes, np.array([], dtype=np.int64))
    if boilerplate is not None and len(boilerplate) and len(hashes):
        keep = ~np.isin(hashes, boilerplate)
        hashes, idx = hashes[keep], idx[keep]
    hash_idx = {}
    for value, position in zip(hashes.tolist(), idx.tolist()):
        hash_idx.setdefault(value, []).append(position)
    coverage = get_token_coverage(hash_idx, k, len(text)) if len(text) else 0
    return Fingerprint(source, text, offsets, set(hash_idx), hash_idx, k, coverage)


def _runs(document, common):
    """(filtered characters covered, [(start, end), ...]): the passages of ``document`` made of fingerprints in ``common``.

    copydetect's ``get_copied_slices`` in plain Python: fingerprints at most k - 1 apart join one passage.
    """
    positions = sorted(p for value in common for p in document.hash_idx[value])
    runs, k = [], document.k
    start = previous = positions[0]
    for position in positions[1:]:
        if position - previous > k - 1:
            runs.append((start, previous + k))
            start = position
        previous = position
    runs.append((start, previous + k))
    return sum(end - begin for begin, end in runs), runs


def _to_source(document, runs):
    """(2, n) int array: the filtered ``runs`` as character offsets of the source (as ``compare_files`` maps them)."""
    slices = np.array(runs, dtype=np.int64).T.reshape(2, -1)
    if len(document.offsets) and slices.size:
        table = document.offsets
        slices = slices + table[:, 1][np.clip(np.searchsorted(table[:, 0], slices), 0, table.shape[0] - 1)]
    return slices


@dataclasses.dataclass
class Overlap:
    """The code two documents ``a`` and ``b`` share.

    ``share_a``/``share_b``: the fraction (0..1) of each one's fingerprinted code found in
    the other; ``runs_a``/``runs_b``: the shared passages as (start, end) of the filtered text.
    """

    a: Fingerprint
    b: Fingerprint
    share_a: float
    share_b: float
    runs_a: list
    runs_b: list

    @property
    def score(self):
        """The larger share: a short file copied whole into a longer one still scores high."""
        return max(self.share_a, self.share_b)

    @property
    def slices_a(self):
        """(2, n) int array: start and end character offsets of the shared passages in ``a``'s source."""
        return _to_source(self.a, self.runs_a)

    @property
    def slices_b(self):
        """(2, n) int array: the same for ``b``."""
        return _to_source(self.b, self.runs_b)


def overlap(a, b):
    """The :class:`Overlap` of two :class:`Fingerprint`: copydetect's ``compare_files``, computed in plain Python."""
    common = a.hashes & b.hashes
    if not common:
        return Overlap(a, b, 0.0, 0.0, [], [])
    tokens_a, runs_a = _runs(a, common)
    tokens_b, runs_b = _runs(b, common)
    share_a = tokens_a / a.token_coverage if a.token_coverage else 0.0
    share_b = tokens_b / b.token_coverage if b.token_coverage else 0.0
    return Overlap(a, b, min(float(share_a), 1.0), min(float(share_b), 1.0), runs_a, runs_b)


def share_matrix(prints, done=None):
    """(n, n) float array: ``S[i, j]``, the fraction of document i's fingerprinted code also found in document j.

    The same numbers as :func:`overlap` (``S[i, j]`` is its ``share_a`` for i and j), for
    every pair at once: one numpy pass per document over its fingerprints that some other
    document has too, instead of one Python call per pair. ``S[i, i]`` is 0.
    """
    count = len(prints)
    shares = np.zeros((count, count))
    if count < 2:
        return shares
    uniques = [np.fromiter(p.hashes, dtype=np.int64, count=len(p.hashes)) for p in prints]
    values, seen_in = np.unique(np.concatenate(uniques), return_counts=True)
    vocabulary = values[seen_in >= 2]  # a fingerprint only one document has matches nothing
    member = np.zeros((len(vocabulary), count), dtype=bool)
    for column, unique in enumerate(uniques):
        member[np.searchsorted(vocabulary, unique[np.isin(unique, vocabulary)]), column] = True
    for row, document in enumerate(prints):
        keep = np.isin(document.position_hashes, vocabulary)
        if keep.any() and document.token_coverage:
            positions = document.positions[keep]
            found = member[np.searchsorted(vocabulary, document.position_hashes[keep])].T  # (count, n positions)
            found[row] = False
            shares[row] = np.minimum(covered_lengths(positions, found, document.k) / document.token_coverage, 1.0)
        if done is not None:
            done(row)
    return shares


def covered_lengths(positions, found, k):
    """(rows,) int array: for each row of the bool (rows, n) ``found``, how many characters the k-grams starting
    at ``positions[found[row]]`` cover (``positions`` ascending): the sum of copydetect's copied slices."""
    count = len(positions)
    index = np.where(found, np.arange(count), -1)
    last = np.maximum.accumulate(index, axis=1)
    previous = np.concatenate([np.full((found.shape[0], 1), -1), last[:, :-1]], axis=1)
    joined = found & (previous >= 0)
    gaps = np.minimum(positions[None, :] - positions[np.maximum(previous, 0)], k)
    return np.where(joined, gaps, 0).sum(axis=1) + k * found.any(axis=1)
