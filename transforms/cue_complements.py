"""What a cue says: its complement (the clause of "said that ...", the object of "called for ...", the "of" phrase
of "accused X of ...", the agent phrase of "troubled by reports of ...") and the readings of a cue verb that
report no speech ("maintains a lead", "thank you", "found the car"). Pure functions over the parse.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from spacy.tokens import Token

from communique.transforms.cues import FEELING, cue_of, feeling_clause
from communique.transforms.document_voices import FINDINGS
from communique.transforms.speakers import RELATIVE

COMPLEMENT_DEPS = ("ccomp", "xcomp")
_CLAUSE_ONLY = {"maintain", "charge", "add", "press", "continue"}
_ASPECTUAL = {"continue"}
_CONTENT_PREPS = {"of", "about", "as", "over"}
_FEELING_PREPS = {"by", "with", "at", "for", "to"}     # "encouraged by the progress", "committed to helping"
_FINDING_SOURCES = {"report", "research", "review", "investigation", "inquiry", "audit", "probe", "test", "result",
                    "assessment", "evaluation", "census", "document", "author", "researcher", "scientist", "analyst"}
_TOPIC_CUES = {"report", "comment", "brief", "remark", "elaborate", "focus", "reflect", "dwell", "touch", "insist",
               "testify", "advise"}       # "reported on the construction"; not "spoke on Fox", "wrote on Twitter"
ADDRESSEE_CUES = {"tell", "ask", "urge", "warn", "accuse", "inform", "assure", "remind", "press", "brief", "order",
                  "instruct"}
PRAISE_CUES = {"praise", "thank", "congratulate", "commend", "applaud", "hail", "laud"}    # X for/on what they did
_OWN_DEED_PREPS = {"apologize": {"for"}, "apologise": {"for"}, "confess": {"to"}}     # what one did


def object_reading(cue: Token, root: Token) -> bool:
    """Verbs that report speech only with a clause or a quotation, not with an object or an infinitive."""
    lemma = cue.lemma_.lower()
    if lemma in _CLAUSE_ONLY and root.dep_ in ("dobj", "oprd"):
        return True
    if lemma in PRAISE_CUES and root.dep_ == "dobj" and root.pos_ == "PRON" and not list(root.children):
        return True           # "Thank you", "thanked them": courtesy; "thanked Turkey for its role" is praise
    return lemma in _ASPECTUAL and root.dep_ == "xcomp"


def complement(cue: Token, extra: List[Token]) -> Optional[Tuple[int, int, Token]]:
    """Token range and root of the cue's complement: its clause, or the object of 'call for'."""
    adj = next((t for t in extra if t.pos_ == "ADJ"), None)          # "made (it) clear that ...": the clause after
    clause = next((c for c in list(adj.children) + list(cue.children) if c.dep_ in ("ccomp", "advcl")
                   and c.i > adj.i), None) if adj is not None else None
    if clause is not None:
        return clause.left_edge.i, clause.right_edge.i + 1, clause
    oprd = next((c for c in cue.children if c.dep_ == "oprd"), None)
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if oprd is not None and obj is not None and obj.lower_ not in RELATIVE | {"what"}:   # "called her a liar"
        return obj.left_edge.i, oprd.right_edge.i + 1, oprd
    if oprd is not None and obj is None and oprd.i > cue.i:       # "called her “third-rate”" (her as a possessive)
        return cue.i + 1, oprd.right_edge.i + 1, oprd
    for child in cue.children:
        if child.dep_ in COMPLEMENT_DEPS:
            return child.left_edge.i, child.right_edge.i + 1, child
    clause = feeling_clause(cue) if cue.pos_ == "ADJ" else None
    if clause is not None:
        return clause.left_edge.i, clause.right_edge.i + 1, clause       # "is adamant that ...": the copula's
    for prep in extra:
        takes_object = prep.lower_ == "for" or cue.lemma_.lower() == "commit"      # "committed to working ..."
        for obj in prep.children:
            if obj.dep_ == "pcomp" and takes_object:                 # "called for reducing the tax rate"
                return obj.left_edge.i, obj.right_edge.i + 1, obj
            if obj.dep_ == "pobj":
                for c in obj.children:            # "called on the Americans to freeze ..."
                    if c.dep_ in ("acl", "relcl", "xcomp") and c.i > obj.i:
                        return c.left_edge.i, c.right_edge.i + 1, c
                if takes_object:
                    return obj.left_edge.i, obj.right_edge.i + 1, obj
    lemma = cue.lemma_.lower()
    feeling = cue_of(cue) is not None and cue_of(cue)[0].kind == FEELING
    by = next((c for c in cue.children if c.dep_ == "agent"), None) if feeling else None
    if by is not None and any(c.dep_ == "pobj" for c in by.children):
        return by.i, by.right_edge.i + 1, by                    # "deeply troubled by reports of ..."
    content_preps = _CONTENT_PREPS | _OWN_DEED_PREPS.get(lemma, set()) | (
        {"for", "on"} if lemma in PRAISE_CUES else {"on"} if lemma in _TOPIC_CUES else _FEELING_PREPS if feeling
        else set())
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in content_preps and c not in extra
                 and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)), None)
    if prep is not None and any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
        if prep.lower_ == "on" and lemma in _TOPIC_CUES:
            return prep.i + 1, prep.right_edge.i + 1, prep          # "commented on the flooding"
        if obj is not None and obj in extra:
            return prep.i + 1, prep.right_edge.i + 1, prep      # "took note of the announcement"
        start = obj.left_edge.i if obj is not None and obj.i < prep.i else prep.i
        return start, prep.right_edge.i + 1, prep          # "accused X of ...", "described X as ..."
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and cue.lemma_.lower() in ADDRESSEE_CUES:
            for c in child.children:          # "urged supporters to monitor ...": the parse hangs it on the object
                if c.dep_ in ("xcomp", "ccomp", "acl", "relcl") and c.i > child.i:
                    return c.left_edge.i, c.right_edge.i + 1, c
        elif child.dep_ == "dobj":
            return child.left_edge.i, child.right_edge.i + 1, child
    return None


def learned_complement(cue: Token) -> Optional[Tuple[int, int, Token]]:
    """What a learned cue with no complement is about: the subject of a passive with an agent ("Trump is
    supported by only two unions"), or the object of "on", "against" or "for" ("commented on his death")."""
    if any(c.dep_ == "agent" for c in cue.children):
        subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            return subj.left_edge.i, subj.right_edge.i + 1, subj
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "for"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return prep.i + 1, prep.right_edge.i + 1, obj
    return None


def found_thing(subj: Token, obj: Token) -> bool:
    """'A neighbour found the car', 'they found her': a thing or a person found, not a finding (not "the
    authors found 40 percent ...", "a judge found the law unconstitutional", "the audit found flaws")."""
    verdict = any(c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") for c in obj.head.children) or \
        any(c.pos_ == "ADJ" and c.i > obj.i for c in obj.children)      # "found the rule unconstitutional"
    return not verdict and subj.lemma_.lower() not in FINDINGS | _FINDING_SOURCES and \
        obj.ent_type_ not in ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")


def as_reading(cue: Token, comp: Optional[Tuple[int, int, Token]]) -> bool:
    """'critics see the plan as a chance': a belief whose content is 'object as predicate'."""
    return (comp is not None and comp[2].dep_ == "prep" and comp[2].lower_ == "as"
            and any(c.dep_ == "dobj" for c in cue.children))
