"""The Beam-free analysis side: article checks, (tag, value) outputs and their Beam form, and the pool a local run
starts early (taken over once, shut down when unused)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from apache_beam.pvalue import TaggedOutput

from communique.schemas import Article
from communique.transforms import analysis_worker
from communique.transforms.analysis_worker import COUNT, PoolSettings, model_text, unsupported_reason
from communique.transforms.concurrent_dofn import Count
from communique.transforms.extract_statements import Records, beam_outputs


def art(text="Smith said so.", language="en"):
    return Article(article_id="a", url="https://example.org/a", text=text, language=language)


@pytest.mark.parametrize("article, max_chars, reason", [
    (art(), 100, None),
    (art(language=None), 100, None),
    (art(language="en-US"), 100, None),
    (art(language="de"), 100, "language"),
    (art(text="x" * 101), 100, "too_long"),
    (art(text="x" * 100), 100, None),
])
def test_unsupported_reason(article, max_chars, reason):
    got = unsupported_reason(article, max_chars)
    assert (got[0] if got else None) == reason


@pytest.mark.parametrize("text, selective", [("Line one\nline two.\n\nNext.", False),
                                             ("Smith said so. It rained.", True)])
def test_model_text_keeps_length(text, selective):
    assert len(model_text(art(text=text), selective)) == len(text)


@pytest.mark.parametrize("pairs, per_article, expected", [
    ([], False, []),
    ([(COUNT, ("articles", 1))], False, [("count", "ExtractStatements", "articles", 1)]),
    ([("statements", ["s1", "s2"]), ("errors", "e1"), (COUNT, ("statements", 2))], False,
     [("tagged", "statements", "s1"), ("tagged", "statements", "s2"), ("tagged", "errors", "e1"),
      ("count", "ExtractStatements", "statements", 2)]),
    ([("statements", ["s1", "s2"]), ("actor_mentions", ["m1"]), ("issue_mentions", ["i1", "i2"]),
      ("errors", "e1")], True,
     [("tagged", "statements", ["s1", "s2"]), ("tagged", "actor_mentions", ["m1"]), ("tagged", "issue_mentions", "i1"),
      ("tagged", "issue_mentions", "i2"), ("tagged", "errors", "e1")]),
], ids=["nothing", "count", "per-record", "per-article"])
def test_beam_outputs(pairs, per_article, expected):
    def shape(out):
        if isinstance(out, Count):
            return ("count", out.namespace, out.name, out.n)
        assert isinstance(out, TaggedOutput)
        assert isinstance(out.value, Records) == isinstance(out.value, list)   # lists travel as Records
        return ("tagged", out.tag, list(out.value) if isinstance(out.value, list) else out.value)
    assert [shape(o) for o in beam_outputs(pairs, per_article)] == expected


class FakePool:
    def __init__(self, settings):
        self.settings, self.submitted, self.shut = settings, 0, None

    def submit(self, fn, *args):
        self.submitted += 1

    def shutdown(self, wait=True, cancel_futures=False):
        self.shut = (wait, cancel_futures)


SETTINGS = PoolSettings(model=None, issues_files=(), max_chars=1000, selective=False, processes=2)


@pytest.fixture
def fake_pools(monkeypatch):
    made = []

    def new_pool(settings):
        made.append(FakePool(settings))
        return made[-1]
    monkeypatch.setattr(analysis_worker, "new_pool", new_pool)
    yield made
    analysis_worker.release_unclaimed()


def test_prestarted_pool_is_claimed_once_for_its_settings(fake_pools):
    analysis_worker.prestart(SETTINGS)
    analysis_worker.prestart(SETTINGS)                               # idempotent
    assert len(fake_pools) == 1 and fake_pools[0].submitted == 2     # one start-up task per process
    assert analysis_worker.claim(PoolSettings(None, (), 1000, True, 2)) is None   # other settings
    assert analysis_worker.claim(SETTINGS) is fake_pools[0]
    assert analysis_worker.claim(SETTINGS) is None
    analysis_worker.release_unclaimed()
    assert fake_pools[0].shut is None                                # claimed: its owner shuts it down


def test_unclaimed_pool_is_shut_down_without_waiting(fake_pools):
    analysis_worker.prestart(SETTINGS)
    analysis_worker.release_unclaimed()
    assert fake_pools[0].shut == (False, True)
    assert analysis_worker.claim(SETTINGS) is None


def test_worker_module_imports_neither_beam_nor_spacy():
    code = ("import sys, communique.transforms.analysis_worker; "
            "print(sorted(m for m in ('apache_beam', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
