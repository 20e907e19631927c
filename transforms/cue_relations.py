"""How a cue stands to the statements around it in its sentence: a sibling of another cue (", adding that ..."),
the same speaker's next statement inside their own statement's content ("said it was firmly against the launch and
warned Russia ..."), the occasion of a statement ("Speaking in parliament, the MP said ..."), an idiom that is no
one's statement ("That said, ..."), and the rows of a joint act, one per speaker. Pure functions over the parse.
"""
from __future__ import annotations

import dataclasses
from typing import List

from spacy.tokens import Token

from communique.transforms.actors import ActorRef
from communique.transforms.cues import cue_of
from communique.transforms.raw_statements import RawStatement
from communique.transforms.speakers import RELATIVE

_FRAMING = {"speak", "talk"}          # "Speaking to reporters, she said ..."
_RELATIVES = RELATIVE | {"what"}        # "which it said sank", "what the senators said was ..."


def discourse_marker(subj: Token, tok: Token) -> bool:
    """'That said, relations date back centuries': an idiom that opens a sentence, no one's statement."""
    doc = tok.doc
    return subj.lower_ in ("that", "this") and subj.i == tok.sent.start and tok.i == subj.i + 1 and \
        tok.i + 1 < len(doc) and doc[tok.i + 1].text == ","


def continues(tok: Token, outer: RawStatement) -> bool:
    """'said it was firmly against the launch and warned Russia not to ...', 'said he did not believe it,
    arguing that ...': a cue inside a statement's content with no subject of its own, joined by "and" or by a
    comma and a participle, is the same speaker's next statement (the parser hangs it on the content's verb)."""
    doc = tok.doc
    if tok.i <= outer.cue_token + 1 or any(c.dep_.startswith("nsubj") for c in tok.children):
        return False
    prev = doc[tok.i - 1]
    if tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ"):
        return prev.lower_ == "and"
    # the participle closes the sentence: not an item of a list ("strengthening ..., countering terrorism, the ...")
    last = max((t.i for t in tok.sent if not (t.is_punct or t.is_space or t.is_quote)), default=tok.i)
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and prev.text == "," and tok.right_edge.i >= last


def end_before(outer: RawStatement, tok: Token, after: RawStatement) -> None:
    """The outer statement's content ends before the next statement its speaker makes inside it."""
    doc = tok.doc
    k = tok.i - 1
    while k > 0 and (doc[k].is_punct or doc[k].lower_ == "and" or doc[k].is_space):
        k -= 1
    end = doc[k].idx + len(doc[k])
    if outer.content[0] < end <= after.content[0] and outer.gap is None:
        outer.content = (outer.content[0], end)


def framing_speech(tok: Token) -> bool:
    """'Speaking in parliament, the MP said ...': the occasion of the statement its head cue makes, no statement
    of its own."""
    return tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.lemma_.lower() in _FRAMING and tok.i < tok.head.i \
        and cue_of(tok.head) is not None


def sibling_cue(tok: Token, outer: RawStatement) -> bool:
    """A cue that depends directly on another cue ("said ..., adding ...") is a statement of its own."""
    return tok.head.i == outer.cue_token and tok.dep_ in ("advcl", "conj")


def relative_report(tok: Token) -> bool:
    """'..., the patrol boat, which it said sank off the coast', 'the ledger, which she said was forged': a cue in
    a relative clause with a subject of its own, reporting what the relative pronoun did, is a statement of its
    own even inside another's content."""
    return tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ not in _RELATIVES for c in tok.children) \
        and any(c.dep_ == "ccomp" and any(g.dep_.startswith("nsubj") and g.lower_ in _RELATIVES for g in c.children)
                for c in tok.children)


def joint_rows(statement: RawStatement, speakers: List[ActorRef], together: bool) -> List[RawStatement]:
    """A joint act's rows, one per speaker, with the same spans; in a talk ("discussed", "spoke") each
    speaker's addressees are the others."""
    rows = []
    for k, speaker in enumerate(speakers):
        others = [p for p in speakers if p != speaker] if together else []
        addressees = others + [a for a in statement.addressees if a not in speakers]
        rows.append(dataclasses.replace(statement, speaker=speaker, addressees=addressees, joint=k > 0))
    return rows
