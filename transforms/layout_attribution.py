"""Attributions marked by layout rather than by a verb: a speaker label and a colon, or a quote and a dash.

    DUNN: Well, look, the mayor apparently thinks ...               (transcripts)
    Mike Dunn: Voters Worried About ...                            (headlines)
    “He represents our worst habits.” ― Tom Reyes                   (pull quotes, reader voices)

It also finds whose "I" and "we" a stretch of text is: a transcript's turns, or a release a story reprints under
its own heading ("Statement from the Governor's Office – Ann Lee"). Pure functions over the article text; the
source is resolved to an actor when a known mention covers it.
"""
from __future__ import annotations

import re
from typing import List, NamedTuple, Optional, Sequence, Tuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from communique.transforms import countries, lexicons
from communique.transforms.actors import PERSON, ActorRef, DocActors
from communique.transforms.name_spans import HONORIFICS, title_before_in
from communique.transforms.nlp_model import doc_text
from communique.transforms.not_actors import lower_case_words
from communique.transforms.office_holders import name_office_holders
from communique.transforms.quotes import QuoteIndex, paragraphs
from communique.transforms.raw_statements import LABEL as FOUND_BY_LABEL, RawStatement
from communique.transforms.speaker_labels import (LABEL, claims_something, interviewer_name, long_title_label,
                                                  speaker_label)

ASKING = {"QUESTION", "MODERATOR", "INTERVIEWER", "REPORTER", "AUDIENCE MEMBER"}      # labels of those who ask
_QUESTION = re.compile(r"[\"“']?Q\s*:?\s")      # a reporter's question in a transcript: "Q:", "Q    "
_DASH = re.compile(r"(?P<close>[”\"])\s*(?P<dash>[―—])\s*(?P<src>[A-Z][^\n,;(“”\"]{1,58}[\w.])")
Span = Tuple[int, int]
Turn = Tuple[int, int, Optional[ActorRef]]     # a transcript turn: start, end, its speaker (None: not known)


class LayoutStatement:
    """A statement found from layout: source span, cue span (the colon or dash), content span."""

    def __init__(self, speaker: Optional[ActorRef], source: Span, source_text: str, cue: str, cue_span: Span,
                 content: Span, statement: bool = True):
        self.speaker, self.source, self.source_text = speaker, source, source_text
        self.cue, self.cue_span, self.content = cue, cue_span, content
        self.statement = statement        # False: a label that opens a turn but names no one the text knows


def _resolve(actors: DocActors, doc: Doc, start: int, end: int) -> Optional[ActorRef]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for tok in reversed(list(span)):
        mention = actors.mention_at(tok)
        if mention is not None:
            return mention.actor
    ref = titled_label(doc_text(doc)[start:end])
    if ref is not None:        # "PRESIDENT OSMANI:" under a headline naming "Kosovo President Vjosa Osmani"
        ref.name = actors.full_name(ref.name)
        known = actors.persons.get(ref.name)
        if known is not None:        # the person the body names ("Yair Lapid" in "We thank Yair Lapid"), with
            return known             # the country the headline gives ("Israeli Foreign Minister Yair Lapid")
        name_office_holders([ref], actors.published)      # "PRESIDENT BIDEN:" in a text naming him no further
        ref.country = ref.country or title_before_in(actors.outside, ref.name)[1]
    return ref


def _heading(actors: DocActors, label: str, src: Span, speaker: Optional[ActorRef]) -> bool:
    """'Urgent Needs:', 'Longer-Term Goals:': a heading of words in title case that names no one the text knows
    (:func:`~communique.transforms.not_actors.heading`) and that the text also writes in lower case ("urgent
    needs"), not an unknown speaker's label ("Alexei Smirnov:", "MODERATOR:")."""
    if speaker is not None or len(label.split()) < 2 or label.isupper():
        return False
    span = actors.doc.char_span(src[0], src[1], alignment_mode="expand")
    if span is None or any(t.ent_type_ in ("PERSON", "GPE", "NORP") for t in span):
        return False
    return lower_case_words(label, doc_text(actors.doc))


def _unknown_name(label: str, text: str) -> bool:
    """'Alexei Smirnov': a label of two or three capitalised words, none a title, a function word or a word the text
    also writes in lower case: a person's name the recogniser missed."""
    words = label.split()
    return 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?", w) for w in words) \
        and not any(lexicons.is_title(w.lower()) or w.lower() in STOP_WORDS for w in words) \
        and not lower_case_words(label, text)          # not "The Latest:"


def titled_label(label: str) -> Optional[ActorRef]:
    """A label the text names no one by, read as title and name: "SECRETARY GENERAL STOLTENBERG" -> Stoltenberg
    (Secretary General), "PRESIDENT ANA DRITA" -> Ana Drita (President), "MR ICE" -> Ice; None without a title or
    honorific ("QUESTION", "MODERATOR")."""
    words = label.replace(".", " ").split()
    if not 2 <= len(words) <= 5 or not words[-1].isalpha():
        return None
    titled = [w.lower() in HONORIFICS or lexicons.is_title(w) for w in words]
    if titled[-1] or not any(titled):
        return None
    k = len(titled) - titled[::-1].index(True)      # "PRESIDENT ANA DRITA": the title, then the name
    while k < len(words) - 1 and (not words[k][:1].isupper() or words[k].lower() in ("of", "for", "the")
                                  or countries.lookup(words[k].title()) is not None):
        k += 1                                       # "President of Russia Vladimir Putin"
    title = " ".join(w if not w.isupper() else w.lower() if w.lower() in ("of", "for", "the") else w.title()
                     for w in words[:k] if w.lower() not in HONORIFICS) or None
    return ActorRef(" ".join(w.title() if w.isupper() else w for w in words[k:]), PERSON, title=title)


def _interviewer(actors: DocActors) -> Optional[ActorRef]:
    """The interviewer the headline names ("Secretary Blinken With David Muir of ABC ..."), as a person."""
    name = interviewer_name(actors.outside, lambda w: lexicons.is_title(w) or countries.lookup(w) is not None)
    return ActorRef(name, PERSON) if name else None


def _label(text: str, p_start: int, p_end: int, actors: DocActors) -> Optional[LayoutStatement]:
    """The speaker label opening a paragraph, with the rest of the paragraph as its content."""
    m = LABEL.match(text, p_start, p_end)
    if not m:
        return None
    src = (m.start("src"), m.end("src"))
    statement = m.group("src").strip().upper() not in ASKING      # "QUESTION:" opens a turn, says nothing
    if not statement:
        asker = _interviewer(actors)        # unless the headline names the interviewer and the turn claims
        speaker, statement = asker, asker is not None and claims_something(text[m.start("content"):p_end])
    elif speaker_label(m.group("src")):
        speaker = _resolve(actors, actors.doc, *src)
        if _heading(actors, m.group("src"), src, speaker):
            return None
        if speaker is None and _unknown_name(m.group("src"), doc_text(actors.doc)):
            speaker = ActorRef(" ".join(m.group("src").split()), PERSON)       # "Alexei Smirnov:" the recogniser missed
    elif long_title_label(m.group("src")):
        speaker = _resolve(actors, actors.doc, *src)
        if speaker is None or speaker.actor_type != PERSON:
            speaker, statement = None, False      # still someone else's turn: "... Denis\nSassou-Nguesso:"
    else:
        return None
    content_end = len(text[:p_end].rstrip(" \"”'\n"))
    colon = text.index(":", m.end("src"))
    return LayoutStatement(speaker, src, m.group("src"), ":", (colon, colon + 1), (m.start("content"), content_end),
                           statement)


def _dash_statements(text: str, p_start: int, p_end: int, actors: DocActors,
                     quotes: QuoteIndex) -> List[LayoutStatement]:
    found = []
    for m in _DASH.finditer(text, p_start, p_end):
        close = m.start("close") + 1
        quote = quotes.containing(m.start("close"))
        if quote is None or quote[1] != close or close - quote[0] < 12:
            continue
        found.append(LayoutStatement(_resolve(actors, actors.doc, m.start("src"), m.end("src")),
                                     (m.start("src"), m.end("src")), m.group("src"), m.group("dash"),
                                     (m.start("dash"), m.end("dash")), (quote[0], close)))
    return found


class Layout(NamedTuple):
    statements: List[LayoutStatement]      # label-colon and quote-dash attributions, in text order
    turns: List[Turn]                      # a transcript's turns, or a reprinted release's one


def layout_attributions(doc: Doc, actors: DocActors, quotes: QuoteIndex) -> Layout:
    """Every label-colon and quote-dash attribution of a document, and its transcript turns."""
    text = doc_text(doc)
    found: List[LayoutStatement] = []
    labels: List[LayoutStatement] = []
    questions: List[int] = []
    for p_start, p_end in paragraphs(text):
        label = _label(text, p_start, p_end, actors)
        if label is not None:
            labels.append(label)
            if label.statement and label.content[1] - label.content[0] >= 12:
                found.append(label)         # "Vladimir Putin: True." opens a turn only
        elif _QUESTION.match(text, p_start, p_end):
            questions.append(p_start)
        found.extend(_dash_statements(text, p_start, p_end, actors, quotes))
    turns = _turns(text, labels, questions)
    return Layout(found, turns or _embedded_release(text, actors))


_RELEASE_HEADING = re.compile(r"(?i:full\s+)?(?i:statements?\s+(?:by|from))\s+[^\n]{0,80}?\s[–—-]\s*"
                              r"(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s*:?\s*$")


def _embedded_release(text: str, actors: DocActors) -> List[Turn]:
    """A release a story reprints under its own heading ("Statement from the Governor's Office – Ann
    Lee"): the text after the heading, to its end, is the named person's, whose "I" and "we" it is."""
    for p_start, p_end in paragraphs(text):
        m = _RELEASE_HEADING.match(text, p_start, p_end)
        if m is None or p_end >= len(text):
            continue
        named = [a.actor for a in actors.mentions if a.actor.actor_type == PERSON and a.actor.name == m.group("name")]
        person = named[0] if named else _resolve(actors, actors.doc, m.start("name"), m.end("name"))
        if person is not None and person.actor_type == PERSON:
            return [(p_end, len(text), person)]
    return []


def _turns(text: str, labels: List[LayoutStatement], questions: List[int]) -> List[Turn]:
    """A transcript's turns, (start, end, speaker): from a paragraph that opens with a label or a "Q" to the
    next, whose "I" and "we" are that speaker's: None for a reporter's question or a label that names no known
    actor, which is still not the text's author. A transcript has two labels or more, or one person's label that
    opens a speech ("President of Russia Vladimir Putin: Good afternoon, colleagues, ..."); a headline-like label
    line in a story ("Mike Dunn: Voters Worried About ...") makes none."""
    if len(labels) < 2 and not (labels and _opens_a_speech(text, labels[0])):
        return []
    starts = sorted([(ls.source[0], ls) for ls in labels] + [(q, None) for q in questions], key=lambda s: s[0])
    turns: List[Turn] = []
    for k, (start, label) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        turns.append((label.content[0] if label else start, end, label.speaker if label else None))
    return turns


def turn_at(turns: Sequence[Turn], offset: int) -> Optional[Tuple[Optional[ActorRef]]]:
    """(speaker,) of the transcript turn at an offset (speaker None: a reporter, an unknown label), or None
    outside every turn."""
    return next(((speaker,) for start, end, speaker in turns if start <= offset < end), None)


def _opens_a_speech(text: str, label: LayoutStatement) -> bool:
    """A person's label followed by prose, not by a headline's capitalised words."""
    words = re.findall(r"[^\W\d_]+", text[label.content[0]:label.content[0] + 120])
    prose = len(words) >= 2 and sum(w[0].isupper() for w in words) < 0.5 * len(words)
    return prose and label.speaker is not None and label.speaker.actor_type == PERSON


def without_turn_remarks(doc: Doc, statements: List[RawStatement]) -> List[RawStatement]:
    """Statements less the plain remarks ("I think ...", "I can tell you") a labelled turn's speaker makes inside
    the turn: the turn is that statement already. Acts (requests, agreements, thanks) stay, and so does what the
    speaker reports having said on another occasion ("And I said, “Because we're ...”")."""
    turns = [s for s in statements if s.found_by == FOUND_BY_LABEL and s.speaker is not None]
    return [s for s in statements if not (
        s.found_by != FOUND_BY_LABEL and s.cue_act == "STATEMENT" and s.speaker is not None
        and not _another_occasion(doc[s.cue_token])
        and any(t.speaker.name == s.speaker.name and t.content[0] <= s.cue_span[0] < t.content[1] for t in turns))]


_SPEECH_TAGS = {"VBD", "VBZ", "VBP", "MD", "PRP"}      # a finite verb or a personal pronoun
_REPORTING = {"say", "tell", "ask", "reply", "answer", "respond", "write"}


def _says_something(doc: Doc, content: Span) -> bool:
    """Whether a turn holds a clause or a personal pronoun, as speech does; a list entry after a name and a colon
    ("Ann Lee: Theft of a bicycle, trespassing, released on bond") holds neither."""
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    return span is None or any(t.tag_ in _SPEECH_TAGS for t in span)


_COURTESY = re.compile(r"(?i)\W*(?:[\w. ]+,\s*)?(?:thanks?|welcome|good (?:morning|afternoon|evening)|hello)\b")


def _courtesy_only(content: str) -> bool:
    """Whether a turn says nothing but courtesies and short replies ("No, thank you. Thank you very much.",
    "Well, he is. That's right."): no sentence of four words or more that is no thanks or greeting."""
    return not any(len(sentence.split()) >= 4 and not _COURTESY.match(sentence)
                   for sentence in re.split(r"(?<=[.?!])\s+", content.strip()))


def _another_occasion(cue: Token) -> bool:
    """'And I said, “...”', 'I told him that ...': speech the speaker reports from before, not "as I said"."""
    return cue.tag_ == "VBD" and cue.lemma_.lower() in _REPORTING and not any(
        c.dep_ in ("mark", "advmod") and c.lower_ == "as" for c in cue.children)


def _turn_end(text: str, turns: Sequence[Turn], content: Span) -> int:
    """Where the transcript turn a label opens ends (its last paragraph's last character), else the content's end."""
    end = next((e for s, e, _ in turns if s <= content[0] < e), content[1])
    return max(content[1], content[0] + len(text[content[0]:end].rstrip()))      # the turn's slice, not the text


def layout_raw_statements(doc: Doc, layout: List[LayoutStatement], found: List[RawStatement],
                          turns: Sequence[Turn] = ()) -> List[RawStatement]:
    """Quote-dash attributions that no verb cue has already covered, and every label-colon turn of a person, its
    content running over all the turn's paragraphs: the turn is the speaker's statement even where verbs inside it
    make statements of their own ("I want to thank you")."""
    extra = []
    text = doc_text(doc)
    for ls in layout:
        turn = ls.cue == ":" and ls.speaker is not None and ls.speaker.actor_type == PERSON
        if not turn and any(s.content[0] < ls.content[1] and ls.content[0] < s.content[1] for s in found):
            continue
        content = (ls.content[0], _turn_end(text, turns, ls.content)) if turn else ls.content
        if ls.cue == ":" and not _says_something(doc, content):
            continue          # "Ann Lee: Theft of a bicycle, ...": a list entry, not a turn's words
        if turn and _courtesy_only(text[content[0]:content[1]]):
            continue          # "No, thank you. Thank you very much.": courtesy, no statement
        cue_tok = doc.char_span(ls.cue_span[0], ls.cue_span[1], alignment_mode="expand")
        sent = cue_tok.sent if cue_tok is not None else None
        extra.append(RawStatement(
            speaker=ls.speaker, speaker_span=(ls.source[0], ls.source[1], ls.source_text), cue=ls.cue,
            cue_span=ls.cue_span, cue_act="STATEMENT", cue_token=cue_tok.start if cue_tok is not None else 0,
            content=content, complement_root=None, found_by=FOUND_BY_LABEL,
            sentence=(min(sent.start_char if sent else ls.source[0], content[0], ls.source[0]),
                      max(content[1], ls.source[1]))))
    return extra
