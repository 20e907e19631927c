"""A release's own first-person sentences: in a text an official, a government or a group issues, a sentence
whose subject is its "I" or "we" ("We will use every tool to promote accountability ...", "We consider it of
utmost importance to ..."), a noun of "our" ("Our objective is ...") or an official's own country ("The United
States is providing ...") states the issuer's position even with no reporting verb. Each such sentence that no
other statement covers is a statement of the issuer, its cue the main verb. A journalist's "we" (no title) and a
transcript's turns (each turn has its speaker) are left out; so are questions and introductions ("Next, we have
Ann Varga, who leads ..."). An official's own country that speaks in their release or their transcript turn
("The United States welcomes ...") is the official speaking (:func:`official_voice`)."""
from __future__ import annotations

from typing import List, Optional, Sequence

from spacy.tokens import Doc, Span, Token

from communique.transforms import countries, lexicons
from communique.transforms.actors import COUNTRY, PERSON, ActorRef
from communique.transforms.layout_attribution import Turn, turn_at
from communique.transforms.quotes import QuoteIndex
from communique.transforms.raw_statements import RawStatement, trim_tokens

OWN_VOICE = "own_voice"       # statements.cue_source of such a sentence
_FIRST_PERSON = {"i", "we"}
_GOODWILL = {"extend", "send", "wish", "honor", "honour", "celebrate", "salute"}   # "I send best wishes to ..."


def speaks_for_itself(author: Optional[ActorRef]) -> bool:
    """An issuer whose "we" is a position: an official (a titled person), a government, a body or a group; not a
    columnist's byline."""
    return author is not None and (author.actor_type != PERSON or bool(author.title))


def own_subject(sent: Span, quotes: QuoteIndex, country: Optional[str] = None) -> Optional[Token]:
    """The first-person subject of the sentence's main verb, outside quotation marks, when the sentence states
    something: "we", "I", a noun of "our" or "my" ("Our objective is to ..."), or the issuer's own ``country``
    ("the United States is launching a plan ..." in the Secretary of State's statement); not a question, not "we
    have X" introducing someone."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or quotes.inside(root.idx) or sent.text.rstrip().endswith("?"):
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj" and (
        c.lower_ in _FIRST_PERSON or any(p.dep_ == "poss" and p.lower_ in ("our", "my") for p in c.children)
        or (country is not None and _names_country(c, country)))), None)
    if subj is None or quotes.inside(subj.idx):
        return None
    if root.lemma_.lower() == "have" and any(c.dep_ == "dobj" and c.pos_ == "PROPN" for c in root.children):
        return None          # "Then we have Ann Varga, who leads ...": an introduction
    return subj


def _names_country(subj: Token, country: str) -> bool:
    """Whether a subject names the country (alpha-3) itself: "The United States", not "U.S. officials"."""
    words = subj.doc[subj.left_edge.i:subj.i + 1].text
    hit = countries.lookup(words) if subj.pos_ == "PROPN" else None
    return hit is not None and hit[0] == country


def own_act(verb: Token) -> str:
    """The act of a first-person sentence's verb: the cue lexicon's ("We condemn", "we urge"), goodwill ("We
    extend our condolences", "I send best wishes") as SUPPORT, else STATEMENT (a commitment of the speaker's
    own in it makes it an AGREE later, see ``analyse``)."""
    cue = lexicons.cues().get(verb.lemma_.lower())
    if cue is not None:
        return cue.act
    return "SUPPORT" if verb.lemma_.lower() in _GOODWILL else "STATEMENT"


def own_voice_statements(doc: Doc, author: Optional[ActorRef], found: Sequence[RawStatement],
                         quotes: QuoteIndex, turns: Sequence[Turn]) -> List[RawStatement]:
    """Statements of the issuer for its first-person sentences that no statement in ``found`` covers."""
    if not speaks_for_itself(author):
        return []
    out = []
    country = author.country if author.actor_type == PERSON else None
    for sent in doc.sents:
        subj = own_subject(sent, quotes, country)
        if subj is None or turn_at(turns, sent.start_char) is not None:
            continue
        root = sent.root
        if any(st.sentence[0] <= root.idx < st.sentence[1] or st.holds(root.idx) for st in found):
            continue
        first, last = trim_tokens(doc, subj.i + 1, sent.end)
        if last <= first:
            continue
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
        out.append(RawStatement(
            speaker=author, speaker_span=(subj.idx, subj.idx + len(subj), subj.text), cue=root.text,
            cue_span=(root.idx, root.idx + len(root)), cue_act=own_act(root), cue_token=root.i,
            content=(start, end), sentence=(sent.start_char, sent.end_char), complement_root=root.i,
            found_by=OWN_VOICE))
    return out


def official_voice(statements: Sequence[RawStatement], author: Optional[ActorRef], quotes: QuoteIndex,
                   turns: Sequence[Turn]) -> None:
    """'The United States welcomes ...' in a transcript turn of a US official, or in a US official's own release:
    the official's statement, in their country's name (as annotators of remarks and releases take it); a
    country's statement in a news report, a quotation or another country's official's words stays the
    country's."""
    for st in statements:
        if st.speaker is None or st.speaker.actor_type != COUNTRY or quotes.inside(st.cue_span[0]):
            continue
        hit = countries.lookup(st.speaker_span[2])          # the country itself, not "U.S. officials"
        if hit is None or hit[0] != st.speaker.country:
            continue
        turn = turn_at(turns, st.cue_span[0])
        official = turn[0] if turn is not None else author if speaks_for_itself(author) else None
        if official is not None and official.actor_type == PERSON and official.country == st.speaker.country:
            st.speaker = official

