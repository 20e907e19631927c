"""DeduplicateArticles: one article per URL, and syndicated near-copies flagged so they aren't counted twice.

Two steps, both keyed (GroupByKey/Combine), never a global list in memory:

1. **Exact**: copies with the same :func:`dedupe_key` — :func:`articles.normalise_url` (courlan: tracking
   parameters such as utm_* and fbclid dropped, host lower-cased, query sorted, #fragment dropped) without its
   scheme, so http and https copies are one article — are combined into one (:class:`BestCopyFn`). The copy
   kept is the best by :func:`copy_rank`: text from a file, then from the page, then from the feed; https
   before http; the earliest fetched; then the URL, so the choice is deterministic. Gaps in its title,
   author, published_at and sitename are filled from the other copies, best copy first. Its ``article_id``
   (the hash of its own normalised URL, scheme kept) is unchanged: ids stay what they were for every article
   reached once; an article reached over both http and https gets the id of the https copy.
2. **Near**: MinHash over 5-word shingles of each text (:func:`minhash`, numpy, deterministic across runs and
   machines), LSH bands as keys (32 bands x 4 rows of 128 hashes: texts with Jaccard 0.6 meet in some band
   with probability 0.99), GroupByKey per band, candidate pairs verified on the whole signature (estimated
   Jaccard >= ``threshold``). An article with a verified near-copy that ranks before it (:func:`canon_rank`:
   earliest published, then lowest article_id) gets ``duplicate_of`` = the article_id of the best-ranked such
   copy (CombinePerKey(min)).

Rule: every article stays in ``articles`` (with ``duplicate_of`` set or null); only articles with
``duplicate_of`` null go on to extraction, so a syndicated story's statements are counted once. In every
group of near-copies the best-ranked one has no earlier copy, so each story is extracted at least once. In a
chain A ~ B ~ C where A and C are not similar enough themselves, C points to B, which points to A: follow
``duplicate_of`` to the copy that was extracted.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

import apache_beam as beam
import numpy as np

from communique.schemas import Article
from communique.transforms.articles import normalise_url

ARTICLES = "articles"          # every article, one per URL, duplicate_of set on near-copies
CANONICAL = "canonical"        # the articles with duplicate_of null: what goes on to extraction
SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32
DEFAULT_THRESHOLD = 0.6
MAX_COMPARES = 200             # earlier band members checked per article: bounds a bucket of boilerplate pages
SOURCE_RANK = {"file": 0, "page": 1, "feed": 2}
FILLED_FIELDS = ("title", "author", "published_at", "sitename")
_WORD = re.compile(r"\w+", re.UNICODE)
_MERSENNE = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64((1 << 32) - 1)
_NEVER = float("inf")


def dedupe_key(url: str) -> str:
    """The exact-duplicate key: the normalised URL without its scheme (http and https are one article)."""
    normalised = normalise_url(url)
    scheme = urlsplit(normalised).scheme.lower()
    if scheme in ("http", "https"):
        return normalised[len(scheme) + 1:]
    return normalised


def _ts(value: Optional[dt.datetime]) -> float:
    if value is None:
        return _NEVER
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.timestamp()


def copy_rank(article: Article) -> Tuple:
    """Which of several copies of one URL to keep (smaller is better): file > page > feed text, https before
    http, earliest fetched, then the URL itself."""
    https = 0 if urlsplit(article.url).scheme.lower() == "https" else 1
    return (SOURCE_RANK.get(article.text_source, len(SOURCE_RANK)), https, _ts(article.fetched_at), article.url)


def canon_rank(article: Article) -> Tuple:
    """Which of several near-copies is the original (smaller is earlier): earliest published, then id."""
    return (_ts(article.published_at), article.article_id)


# --- exact: a commutative, associative merge of copies -------------------------------------------------

# accumulator: None, or (rank, best article, {field: (rank, value)} for the FILLED_FIELDS that some copy has)
def _single(article: Article):
    rank = copy_rank(article)
    fields = {f: (rank, getattr(article, f)) for f in FILLED_FIELDS if getattr(article, f) is not None}
    return rank, article, fields


def _merge(a, b):
    if a is None or b is None:
        return a if b is None else b
    best = a if a[0] <= b[0] else b
    fields = dict(a[2])
    for name, (rank, value) in b[2].items():
        if name not in fields or rank < fields[name][0]:
            fields[name] = (rank, value)
    return best[0], best[1], fields


def _resolve(acc) -> Article:
    _, article, fields = acc
    gaps = {f: fields[f][1] for f in FILLED_FIELDS if getattr(article, f) is None and f in fields}
    return dataclasses.replace(article, **gaps) if gaps else article


class BestCopyFn(beam.CombineFn):
    """Copies of one URL -> the copy to keep, its gaps filled (see module docstring)."""

    def create_accumulator(self):
        return None

    def add_input(self, acc, article: Article):
        return _merge(acc, _single(article))

    def merge_accumulators(self, accs):
        result = None
        for acc in accs:
            result = _merge(result, acc)
        return result

    def extract_output(self, acc) -> Optional[Article]:
        return None if acc is None else _resolve(acc)


def best_copy(copies: Iterable[Article]) -> Article:
    """The copy BestCopyFn keeps, without Beam."""
    acc = None
    for article in copies:
        acc = _merge(acc, _single(article))
    if acc is None:
        raise ValueError("no copies")
    return _resolve(acc)


# --- near: MinHash and LSH -------------------------------------------------------------------------------

def _seeded(index: int, salt: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{salt}{index}".encode(), digest_size=8).digest(), "little")


_A = np.array([_seeded(i, "a") % (int(_MERSENNE) - 1) + 1 for i in range(NUM_PERM)], dtype=np.uint64)
_B = np.array([_seeded(i, "b") % int(_MERSENNE) for i in range(NUM_PERM)], dtype=np.uint64)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set:
    """Lower-cased word n-grams of a text (the whole text as one shingle when it is shorter)."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str) -> Optional[bytes]:
    """NUM_PERM 32-bit MinHash values of the text's shingles, as bytes; None for a text with no words."""
    grams = shingles(text)
    if not grams:
        return None
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in grams),
        dtype=np.uint64, count=len(grams))
    with np.errstate(over="ignore"):  # wrapping multiplication is part of the hash family, as in datasketch
        values = ((np.outer(hashes, _A) + _B) % _MERSENNE) & _MASK32
    return values.min(axis=0).astype("<u4").tobytes()


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two texts from their MinHash signatures."""
    a = np.frombuffer(sig_a, dtype="<u4")
    b = np.frombuffer(sig_b, dtype="<u4")
    return float(np.mean(a == b))


def band_keys(signature: bytes, bands: int = BANDS) -> List[Tuple[int, bytes]]:
    """One LSH key per band: (band number, hash of the band's values)."""
    rows = len(signature) // bands
    return [(i, hashlib.blake2b(signature[i * rows:(i + 1) * rows], digest_size=8).digest()) for i in range(bands)]


Member = Tuple[Tuple, str, bytes]  # (canon_rank, article_id, signature)


def earlier_matches(members: Iterable[Member], threshold: float,
                    max_compares: int = MAX_COMPARES) -> Iterator[Tuple[str, Tuple[Tuple, str]]]:
    """For each member of one LSH bucket, its best-ranked earlier member that is a verified near-copy:
    (article_id, (rank of that copy, its article_id))."""
    ordered = sorted(members, key=lambda m: (m[0], m[1]))
    for i, (_, article, sig) in enumerate(ordered):
        for rank, other, other_sig in ordered[:min(i, max_compares)]:
            if other != article and similarity(sig, other_sig) >= threshold:
                yield article, (rank, other)
                break


def find_near_duplicates(articles: Sequence[Article], threshold: float = DEFAULT_THRESHOLD) -> Dict[str, str]:
    """article_id -> duplicate_of for a small in-memory set: the same rule as DeduplicateArticles."""
    buckets: Dict[Tuple[int, bytes], List[Member]] = {}
    for article in articles:
        sig = minhash(article.text)
        if sig is not None:
            for key in band_keys(sig):
                buckets.setdefault(key, []).append((canon_rank(article), article.article_id, sig))
    best: Dict[str, Tuple[Tuple, str]] = {}
    for members in buckets.values():
        for article_id, match in earlier_matches(members, threshold):
            best[article_id] = min(best.get(article_id, match), match)
    return {article_id: match[1] for article_id, match in best.items()}


# --- Beam ------------------------------------------------------------------------------------------------

def _signature_members(article: Article) -> Iterator[Tuple[Tuple[int, bytes], Member]]:
    sig = minhash(article.text)
    if sig is None:
        return
    member = (canon_rank(article), article.article_id, sig)
    for key in band_keys(sig):
        yield key, member


class _FlagFn(beam.DoFn):
    def __init__(self):
        self._near = beam.metrics.Metrics.counter("DeduplicateArticles", "near_duplicates")

    def process(self, keyed):
        _, grouped = keyed
        matches = list(grouped["match"])
        for article in grouped["article"]:
            if matches:
                self._near.inc()
                yield dataclasses.replace(article, duplicate_of=matches[0][1])
            else:
                yield article


class DeduplicateArticles(beam.PTransform):
    """PCollection[Article] -> {"articles": one per URL, near-copies flagged; "canonical": those not flagged}.

    ``threshold``: estimated Jaccard similarity of 5-word shingles at or above which two texts are
    near-copies (0.6 by default: syndicated copies with different headlines, bylines or a trimmed ending).
    """

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD, label: Optional[str] = None):
        super().__init__(label)
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
        self._threshold = threshold

    def expand(self, articles: beam.PCollection[Article]) -> Dict[str, beam.PCollection]:
        threshold = self._threshold
        unique = (articles
                  | "KeyByUrl" >> beam.Map(lambda a: (dedupe_key(a.url), a))
                  | "OnePerUrl" >> beam.CombinePerKey(BestCopyFn())
                  | "DropUrlKey" >> beam.Values())
        matches = (unique
                   | "BandKeys" >> beam.FlatMap(_signature_members)
                   | "GroupBands" >> beam.GroupByKey()
                   | "VerifyPairs" >> beam.FlatMap(lambda kv: earlier_matches(kv[1], threshold))
                   | "BestEarlierCopy" >> beam.CombinePerKey(min))
        flagged = (
            {"article": unique | "KeyById" >> beam.Map(lambda a: (a.article_id, a)), "match": matches}
            | "JoinMatches" >> beam.CoGroupByKey()
            | "Flag" >> beam.ParDo(_FlagFn()).with_output_types(Article))
        canonical = flagged | "NotDuplicates" >> beam.Filter(lambda a: a.duplicate_of is None)
        return {ARTICLES: flagged, CANONICAL: canonical}
