"""A statement's act type (PLOVER class) and its CAMEO root code.

The cue decides when it is itself an act ("threatened", "called on", "urged"). A neutral cue ("said") takes
the act of the reported clause when that clause is an act by someone ("the two parties agreed to continue",
"officials proposed having") or an obligation laid on others ("the two nations must work out"); "we should"
is a proposal, and so is a suggestion of doing something ("we suggest using").
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from communique.transforms import lexicons
from communique.transforms.cues import cue_of

# CAMEO root codes of the PLOVER classes used here (../shared/eval/plover/CAMEO2PLOVER-2021.txt)
CAMEO_ROOT = {"STATEMENT": "010", "AGREE": "030", "PROPOSE": "036", "REQUEST": "020", "THREATEN": "130",
              "REJECT": "120", "ACCUSE": "112", "SUPPORT": "051", "CONSULT": "040"}
_OBLIGATION = {"must", "should", "ought"}
_SUGGEST = {"suggest", "recommend"}
_NESTED_ACTS = {"AGREE", "PROPOSE", "REJECT", "ACCUSE", "THREATEN", "REQUEST"}


_NO_COMMENT = {"comment", "elaborate", "discuss", "say", "speak", "answer", "respond", "confirm", "specify",
               "disclose", "provide", "give", "identify", "name", "detail", "state", "address", "explain"}


def cue_act(tok: Token, cue: lexicons.Cue) -> str:
    """The cue's act; 'declined to comment' is a statement (CAMEO 012, decline comment), not a rejection."""
    if cue.act == "REJECT" and tok.lemma_.lower() == "decline" and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in _NO_COMMENT for c in tok.children):
        return "STATEMENT"
    if tok.lemma_.lower() == "warn" and any(c.dep_ == "xcomp" or (c.dep_ == "dobj" and any(
            x.dep_ == "xcomp" for x in c.children)) for c in tok.children):
        return "REQUEST"      # "warned people to stay away": advice to act, not a threat of the speaker's own act
    if tok.lemma_.lower() in _SUGGEST and any(c.tag_ == "VBG" and c.dep_ in ("xcomp", "dobj", "ccomp")
                                             or c.dep_ == "ccomp" and _obliged(c) for c in tok.children):
        return "PROPOSE"      # "we suggest using ...", "suggested that the talks should resume"; not "suggests X is"
    return cue.act


def _obliged(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in clause.children)


def nested_act(doc: Doc, root_i: Optional[int]) -> Optional[str]:
    """The act of a reported clause's main verb, or None when it is a plain report."""
    if root_i is None:
        return None
    root = doc[root_i]
    found = cue_of(root)          # "agreed to ...", "reached a consensus to ..."
    cue = found[0] if found else None
    if cue and cue.act == "REJECT" and root.lemma_.lower() == "decline" and not any(
            c.dep_ in ("xcomp", "dobj") for c in root.children):
        return None         # "the tree's condition has declined": decreased, not refused
    if cue and root.pos_ == "VERB" and cue_act(root, cue) == "PROPOSE" and cue.act != "PROPOSE":
        return "PROPOSE"          # "we suggest using ..."
    inner = next((c for c in root.children if c.dep_ == "ccomp"), None)
    if cue and cue.kind in ("speech", "belief") and inner is not None and any(
            c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in root.children):
        return nested_act(doc, inner.i)           # "I think we should discuss ...": the thought's act
    if cue and cue.act in _NESTED_ACTS and root.pos_ == "VERB":
        phrase = bool(found[1])          # "reached a consensus" is an agreement by itself
        if cue.act == "AGREE" and not phrase and not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to")
                                                         for c in root.children):
            return None     # "have agreed their experts should work" reports a view, "agreed to" an act
        return cue.act
    if _obliged(root):
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ == "we" and any(c.lower_ == "should" for c in root.children):
            return "PROPOSE"        # "I think we should discuss ...": a proposal to do it together
        if subj is not None and subj.lower_ not in ("we", "i"):
            return "REQUEST"
    return None


def statement_act(cue_act: str, cue_kind_is_act: bool, nested: Optional[str]) -> str:
    """Act of a statement: an act cue wins; a neutral cue takes the reported clause's act."""
    if cue_act != "STATEMENT" or cue_kind_is_act:
        return cue_act
    return nested or "STATEMENT"


def cameo_code(event_type: str) -> str:
    return CAMEO_ROOT.get(event_type, "010")
