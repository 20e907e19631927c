"""One article's parsed ``Doc`` to table records: statements, commitments, actor and issue mentions.

Pure: no Beam. It wires the concept modules (actors, quotes, attribution, acts, commitments, issues) and
turns their raw findings into the records of ``communique.schemas``, with stable ids and offsets into
``articles.text``.
"""
from __future__ import annotations

import dataclasses
import re
from typing import List, Optional

from spacy.tokens import Doc

from communique.schemas import ActorMention, Article, Commitment, IssueMention, Statement, ids
from communique.transforms import acts, countries, lexicons
from communique.transforms.actors import PERSON, ActorRef, DocActors, body_span
from communique.transforms.issuers import (author_actor, header_author, inline_bylines, message_author,
                                           release_statement, title_author)
from communique.transforms.attribution import find_attributions
from communique.transforms.raw_statements import TITLE, RawStatement
from communique.transforms.commitments import find_commitments
from communique.transforms.governments import name_bare_governments
from communique.transforms.groups import name_demonym_groups
from communique.transforms.issues import IssueMatcher
from communique.transforms.layout_attribution import ASKING
from communique.transforms.learned_cues import CueModel
from communique.transforms.nlp_model import doc_quote_spans, doc_text
from communique.transforms.own_voice import OWN_VOICE
from communique.transforms.quotes import QuoteIndex
from communique.transforms.voices import collective_voice


@dataclasses.dataclass
class Analysis:
    statements: List[Statement]
    commitments: List[Commitment]
    actor_mentions: List[ActorMention]
    issue_mentions: List[IssueMention]


def _actor_id(ref: ActorRef) -> str:
    return ids.actor_id(ref.name, ref.actor_type)


def _mention(ref: ActorRef, surface: str, article: Article, is_statement: bool) -> ActorMention:
    return ActorMention(actor_id=_actor_id(ref), name=ref.name, actor_type=ref.actor_type,
                        article_id=article.article_id, surface=surface, country=ref.country, title=ref.title,
                        is_statement=is_statement, published_at=article.published_at)


def _statement(raw: RawStatement, article: Article, doc: Doc, issue_ids: List[str]) -> Statement:
    text = article.text          # offsets are shared with doc.text (see nlp_model.nlp_text); strings come from here
    cue = lexicons.cues().get(raw.cue.lower()) or lexicons.cues().get(doc[raw.cue_token].lemma_.lower())
    event_type = acts.statement_act(raw.cue_act, bool(cue and cue.kind == "act"),
                                    acts.nested_act(doc, raw.complement_root))
    sentence_end = len(text[:raw.sentence[1]].rstrip())
    titled = raw.speaker_span[2] if raw.found_by == TITLE else None      # named by the title, outside the text
    return Statement(
        statement_id=ids.span_id("statement", article.article_id, (raw.cue_span[0], raw.content[0])
                                 + ((raw.speaker.name,) if raw.joint else ())),     # a joint act's other rows
        article_id=article.article_id,
        speaker_actor_id=_actor_id(raw.speaker) if raw.speaker else None,
        speaker_name=raw.speaker.name if raw.speaker else None,
        speaker_text=titled or text[raw.source_span[0]:raw.source_span[1]],
        speaker_start=None if titled else raw.source_span[0], speaker_end=None if titled else raw.source_span[1],
        cue=raw.cue, cue_start=None if titled else raw.cue_span[0], cue_end=None if titled else raw.cue_span[1],
        content=" ".join(text[s:e] for s, e in raw.pieces), content_start=raw.content[0], content_end=raw.content[1],
        content_spans=[{"start": s, "end": e} for s, e in raw.pieces],
        quote_type=raw.quote_type, event_type=event_type, cameo_code=acts.cameo_code(event_type),
        issue_ids=issue_ids, sentence_start=raw.sentence[0], sentence_end=sentence_end,
        published_at=article.published_at,
        speaker_type=raw.speaker.actor_type if raw.speaker else None,
        speaker_country=raw.speaker.country if raw.speaker else None,
        addressee_names=[a.name for a in raw.addressees], cue_source=raw.found_by)


def _with_release(raws: List[RawStatement], release: Optional[RawStatement]) -> List[RawStatement]:
    """The release's own statement first, unless its issuer already speaks in its first sentence; its first
    paragraph's own first-person sentences are that statement."""
    if release is None or any(r.speaker is not None and r.speaker.name == release.speaker.name
                              and r.sentence[0] < release.sentence[1] and release.sentence[0] < r.sentence[1]
                              and r.found_by != OWN_VOICE for r in raws):
        return raws
    return [release] + [r for r in raws if not (r.found_by == OWN_VOICE and release.holds(r.cue_span[0]))]


_ANNOUNCING = ("announc", "affirm", "reaffirm", "reiterat", "underscor", "confirm", "pledg", "vow", "promis")
_UNLESS = re.compile(r"\b(?:unless|if\s+(?:\S+\s+){0,6}?(?:no|not|n't|fails?|refuses?|continues?))\b", re.I)


def _own_commitment_act(statement: Statement, commitments: List[Commitment], text: str) -> Optional[str]:
    """A statement whose content commits its own speaker ("Iraq said it would allow ...") is an AGREE, or a
    REJECT when negated, or a THREATEN when it holds unless the other side acts ("he would raise tariffs if no
    deal is reached"); so is an official's announcement or affirmation of their own country's commitment ("Harris
    announced the United States will provide ...", "The two leaders affirmed their commitment to ..."). A
    commitment an official merely reports for their country ("Rice said the United States will ...") is not."""
    country = countries.name_of(statement.speaker_country) if statement.speaker_country else None
    announcing = (statement.cue or "").lower().startswith(_ANNOUNCING)
    for c in commitments:
        own = c.committer_actor_ids == [statement.speaker_actor_id]
        announced = announcing and country is not None and country in (c.committer_names or [])
        if statement.content_start <= c.evidence_start < statement.content_end and (own or announced):
            if c.conditional and not c.negated and _UNLESS.search(text[c.sentence_start:c.sentence_end]):
                return "THREATEN"
            return "REJECT" if c.negated else "AGREE"
    return None


def _name_start(mention) -> int:
    return mention.start + (4 if mention.surface.lower().startswith("the ") else 0)


def _inside_an_issue(mention, hits) -> bool:
    """An organisation the recogniser found where the text names an issue ("the Data Retention Bill", "the
    Eastern Economic Forum", "COVID-19"): the issue, not an actor (unless it speaks)."""
    start = _name_start(mention)
    return mention.actor.actor_type == "ORG" and any(h.start <= start and mention.end <= h.end for h in hits)


def _names_an_issue(mention, hits) -> bool:
    """An organisation mention that is an issue's whole name (not "OSCE" in "the Renewed OSCE European Security
    Dialogue"), perhaps with its acronym's opening bracket ("the Partnership for ... (PNFI"): the organisation
    itself, its acronym too, is the issue."""
    start = _name_start(mention)
    return mention.actor.actor_type == "ORG" and any(start == h.start and h.end <= mention.end <= h.end + 8
                                                     for h in hits)


def analyse(doc: Doc, article: Article, issue_matcher: IssueMatcher,
            exclude_names: Optional[List[str]] = None, cue_model: Optional[CueModel] = None) -> Analysis:
    """Everything Communique extracts from one article. ``doc`` is the parse of ``nlp_text(article.text)``:
    the same length as the article text, so every offset points into both. ``cue_model``: the learned-cue model
    (default: the shipped one; :data:`~communique.transforms.learned_cues.OFF` for none)."""
    text = doc_text(doc)
    if len(text) != len(article.text):
        raise ValueError(f"the parsed text has {len(text)} characters, the article {len(article.text)}")
    body = body_span(article.text, title=article.title or "")
    day = article.published_at.date() if article.published_at else None
    title_line = title_author(article.title, day) or message_author(article.title, article.url, day)
    line = article.author or header_author(article.text, body[0]) or title_line      # own, header line, title
    author = author_actor(line)
    excluded = list(exclude_names or []) + [article.sitename or ""] + inline_bylines(article.text)
    issuer = author if author is not None and author.actor_type == PERSON and author.title else None
    if author is not None and author.actor_type == PERSON and issuer is None:
        excluded.append(author.name)      # a byline is no actor; an organisation or official that issues it may be
    actors = DocActors(doc, exclude_names=[n for n in excluded if n], body=body, issuer=issuer,
                       title=article.title or "",
                       published=day)
    name_bare_governments(actors)        # "the Government" after "the UK Government", in a Kremlin readout
    name_demonym_groups(actors)          # "70 percent of Americans": people, not their state
    quotes = QuoteIndex(doc_quote_spans(doc))
    voice = collective_voice(actors, quotes)
    if voice is not None and (author is None or author.actor_type != PERSON):
        author = voice          # a joint statement's "we", named by the text ("We, the G7 Foreign Ministers ...")
    raws, turns = find_attributions(doc, actors, quotes, author, cue_model)
    if issuer is not None and line == title_line:
        raws = _with_release(raws, release_statement(doc, actors.body, article.title, issuer, quotes))
    hits = issue_matcher(doc, actors.body)

    issue_mentions = [IssueMention(issue_id=ids.issue_id(h.label), label=h.label, article_id=article.article_id,
                                   context=h.context, published_at=article.published_at) for h in hits]
    statements = []
    for raw in raws:
        in_scope = sorted({ids.issue_id(h.label) for h in hits if raw.sentence[0] <= h.start < raw.sentence[1]})
        statements.append(_statement(raw, article, doc, in_scope))

    def speaker_at(offset: int) -> Optional[ActorRef]:
        """The speaker of the innermost statement that holds the offset (a quote's, not the turn's around it)."""
        holding = [raw for raw in raws if raw.holds(offset)]
        return min(holding, key=lambda r: r.content[1] - r.content[0]).speaker if holding else None

    commitments = []
    for rc in find_commitments(doc, actors, speaker_at, article.published_at, quotes, author, turns):
        holder = next((st for st, raw in zip(statements, raws) if raw.holds(rc.evidence[0])), None)
        commitments.append(Commitment(
            commitment_id=ids.span_id("commitment", article.article_id, rc.evidence),
            article_id=article.article_id, statement_id=holder.statement_id if holder else None,
            committer_actor_ids=[_actor_id(c) for c in rc.committers],
            committer_names=[c.name for c in rc.committers],
            action=article.text[rc.action[0]:rc.action[1]], time_text=rc.time_text, due_date=rc.due_date,
            evidence_start=rc.evidence[0], evidence_end=rc.evidence[1],
            sentence_start=rc.sentence[0], sentence_end=rc.sentence[1],
            counterpart=rc.counterpart.name if rc.counterpart else None,
            counterpart_actor_id=_actor_id(rc.counterpart) if rc.counterpart else None, modality=rc.modality,
            negated=rc.negated, conditional=rc.conditional, published_at=article.published_at))

    for statement in statements:
        if statement.event_type == "STATEMENT" and statement.speaker_actor_id:
            act = _own_commitment_act(statement, commitments, article.text)
            if act:
                statement.event_type, statement.cameo_code = act, acts.cameo_code(act)

    speaker_spans = {(r.speaker_span[0], r.speaker_span[1]) for r in raws}
    issues_named = {id(m.actor) for m in actors.mentions if _names_an_issue(m, hits)}
    mentions = [_mention(m.actor, m.surface, article, (m.start, m.end) in speaker_spans) for m in actors.mentions
                if (m.start, m.end) in speaker_spans or not (id(m.actor) in issues_named or _inside_an_issue(m, hits))]
    entity_spans = {(m.start, m.end) for m in actors.mentions}
    for raw in raws:          # pronouns and descriptions that resolved to a speaker are mentions too
        if raw.speaker and (raw.speaker_span[0], raw.speaker_span[1]) not in entity_spans:
            surface = raw.speaker_span[2]     # not "QUESTION:" (the interviewer's label) nor the subject of what an
            named = surface.upper() in ASKING or raw.found_by == OWN_VOICE   # issuer says ("the United States is")
            mentions.append(_mention(raw.speaker, raw.speaker.name if named else surface, article, True))
    return Analysis(statements, commitments, mentions, issue_mentions)
