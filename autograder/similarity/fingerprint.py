"""Winnowed fingerprints of Python source and the overlap of two of them (copydetect 0.5.0).

copydetect does the work: pygments tokenizes the code and ``filter_code`` replaces every
name with ``V``/``F``/``O`` and every string with ``S`` and drops comments and whitespace
(so renaming variables or rewriting comments changes nothing); ``winnow`` picks the
fingerprints; ``get_copied_slices`` turns shared fingerprints into passages. Two things
are done here. The k-gram hash: copydetect uses Python's ``hash``, which is salted per
process, so its scores would change from run to run; :func:`kgram_hashes` is a fixed
polynomial hash, and the same class gives the same scores every time. And the pairwise
comparison, :func:`overlap`: the same computation as copydetect's ``compare_files`` (a
test checks they agree) with numpy set operations instead of a Python loop over the shared
fingerprints, about four times faster, which is what a class of 300 (44,850 pairs) needs.

Student code is only read as text, never run.
"""

import dataclasses

import numpy as np
from copydetect.utils import filter_code, get_copied_slices, get_token_coverage, winnow

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
    ``kept`` (int64, n) and ``positions`` (int64, n): every kept fingerprint and where it
    starts, in the same order; ``unique``: the sorted distinct values of ``kept``.
    """

    raw_code: str
    filtered_code: str
    offsets: np.ndarray
    hashes: set
    hash_idx: dict
    k: int
    token_coverage: float
    kept: np.ndarray
    positions: np.ndarray
    unique: np.ndarray


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
    return Fingerprint(source, text, offsets, set(hash_idx), hash_idx, k, coverage,
                       hashes.astype(np.int64), idx.astype(np.int64), np.unique(hashes).astype(np.int64))


@dataclasses.dataclass
class Overlap:
    """The code two documents share.

    ``share_a``/``share_b``: the fraction (0..1) of each one's fingerprinted code found in
    the other; ``slices_a``/``slices_b``: (2, n) int arrays of start/end character offsets
    of the shared passages in each source.
    """

    share_a: float
    share_b: float
    slices_a: np.ndarray
    slices_b: np.ndarray

    @property
    def score(self):
        """The larger share: a short file copied whole into a longer one still scores high."""
        return max(self.share_a, self.share_b)


def _shared_slices(document, common):
    """(token overlap, (2, n) source offsets) of the passages of ``document`` made of fingerprints in ``common``."""
    found = np.searchsorted(common, document.kept)
    found = np.minimum(found, len(common) - 1)
    positions = document.positions[common[found] == document.kept]
    slices = get_copied_slices(positions, document.k).astype(np.int64)
    token_overlap = int(np.sum(slices[1] - slices[0]))
    if len(document.offsets):  # back from the filtered text to the source, as compare_files does
        table = document.offsets
        slices = slices + table[:, 1][np.clip(np.searchsorted(table[:, 0], slices), 0, table.shape[0] - 1)]
    return token_overlap, slices


def overlap(a, b):
    """The :class:`Overlap` of two :class:`Fingerprint` (copydetect's ``compare_files``, vectorised)."""
    common = np.intersect1d(a.unique, b.unique, assume_unique=True)
    if not len(common):
        empty = np.zeros((2, 0), dtype=np.int64)
        return Overlap(0.0, 0.0, empty, empty)
    tokens_a, slices_a = _shared_slices(a, common)
    tokens_b, slices_b = _shared_slices(b, common)
    share_a = tokens_a / a.token_coverage if a.token_coverage else 0.0
    share_b = tokens_b / b.token_coverage if b.token_coverage else 0.0
    return Overlap(min(float(share_a), 1.0), min(float(share_b), 1.0), slices_a, slices_b)
