"""The source of a verbal cue: the cue's subject (or that of the clause it hangs from), the agent of a passive
cue, or the name right before a speech verb the parse left without a subject; a dateline taken for the subject
gives way to the name after its dash."""
from __future__ import annotations

from typing import List, Optional, Tuple

from spacy.tokens import Span, Token

from communique.transforms.actors import DocActors
from communique.transforms.not_actors import in_dateline, market_index
from communique.transforms.quotes import QuoteIndex
from communique.transforms.speakers import antecedent, span_of

NOT_SOURCES = {"there", "this", "these", "those", "what", "whatever", "everything", "nothing", "all", "you",
               "anyone", "anybody", "everyone", "everybody", "someone", "somebody",
               "q"}       # a transcript's question marker ("Q    Thank you.")


def usable_source(source: Optional[Token], quotes: QuoteIndex) -> bool:
    """Whether a cue's source token can speak: not missing, no expletive ("there is"), not quoted, not a
    generic or demonstrative word ("everyone", "this"), no one ("no country believes"), no dateline ("BUFFALO,
    N.Y. —") but one with a name in apposition after its dash (see :func:`past_dateline`), no stock market index."""
    return not (source is None or source.dep_ == "expl" or quotes.inside(source.idx) or source.lower_ in NOT_SOURCES
                or source.lower_ in ("the", "a", "an")                # an article the parse left alone: "The — ..."
                or any(c.dep_ == "det" and c.lower_ == "no" for c in source.children)      # "no enemies believe"
                or (in_dateline(source) and past_dateline(source) is source)
                or market_index(source))                 # "Japan's Nikkei 225 declined 0.3%"


def title_read_as_preposition(verb: Token) -> Optional[Token]:
    """'Under Secretary of State Jose W. Fernandez will travel ...' parsed with "Under" as a preposition of the
    verb: the name in its object is the subject."""
    for child in verb.children:
        if child.dep_ == "prep" and child.text == "Under" and child.i < verb.i and child.i + 1 < len(child.doc) \
                and child.doc[child.i + 1].lower_ in ("secretary", "secretaries"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _vocative(subj: Token, verb: Token) -> bool:
    """'Secretary Blinken, thank you ...', 'Mr. President, welcome': a name set off by a comma before a verb in the
    plain present, which a singular name cannot be the subject of (it would be "thanks")."""
    doc = subj.doc
    return subj.tag_ == "NNP" and verb.tag_ == "VBP" and subj.i + 1 < verb.i and doc[subj.i + 1].text == "," \
        and not any(c.dep_ in ("conj", "appos", "cc") for c in subj.children) \
        and all(t.is_punct or t.is_space or t.i >= subj.left_edge.i for t in doc[subj.sent.start:subj.i])


_DELIVERING = {"deliver", "give", "make", "issue", "send"}
_SPEECHES = {"remark", "speech", "address", "statement", "message", "letter", "comment", "note"}


def _deliverer(noun: Token) -> Optional[Token]:
    """'The First Lady delivered opening remarks thanking ...': whoever delivered the speech that thanks."""
    verb = noun.head
    if noun.dep_ != "dobj" or noun.lemma_.lower() not in _SPEECHES or verb.lemma_.lower() not in _DELIVERING:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def subject(tok: Token, quotes: Optional[QuoteIndex] = None) -> Optional[Token]:
    """The speaker token: the cue's subject, or that of the clause a participial or coordinated cue hangs
    from ("..., adding that", "and said", "by saying", "continues to insist")."""
    if tok.tag_ == "VBN" and tok.dep_ == "advcl" and not any(c.dep_.startswith("aux") or c.dep_ == "nsubj"
                                                             for c in tok.children):
        return None           # "Asked about the plant, GM declined": the participle's subject was asked (not
        #                       "..., as the Office noted in a report", a past tense read as a participle)
    if tok.dep_ == "conj" and tok.tag_ == "VB" and tok.head.tag_ in ("VBD", "VBZ") and not any(
            c.dep_.startswith(("aux", "nsubj")) for c in tok.children):
        return None           # "announced the launch of X to bolster ..., and defend rights": an infinitive the
        #                       parser joined to the finite verb, which no subject of that verb can take
    node = tok
    for _ in range(4):
        found = [c for c in node.children if c.dep_ == "nsubj" and not (quotes and quotes.inside(c.idx))]
        if node is tok and any(c.dep_ == "auxpass" and c.lower_ not in ("'s", "’s") for c in tok.children):
            found = []        # "France is value added": a passive's active subject is a misparse ("who's called
            #                   for" may be "who has")
        if node is tok and found and _vocative(found[0], tok):
            return None       # "Secretary Blinken, thank you for joining us": whom the speaker thanks
        own = _whose_duty(node, found)
        if own is not None:
            return own
        if found and node is not tok and found[0].lower_ == "it" and any(c.dep_ in ("acomp", "attr")
                                                                          for c in node.children):
            return None       # "It is so good to see ...": the expletive "it" of a copula sees nothing
        if found:
            # '"Full panic mode," said Wimes': the quoted noun is no subject; "which critics say hurts poor
            # schools": not the relative pronoun; "Wikileaks editor-in-chief Kristinn Hrafnsson said" and "his sister,
            # Ann Lee said", parsed with two subjects: the name
            before = [c for c in found if c.i < node.i]
            relative = found[0].lower_ in ("which", "that") and len(before) > 1
            named = len(before) > 1 and (before[-1].ent_type_ == "PERSON" or (
                before[-1].pos_ == "PROPN" and before[0].pos_ == "NOUN"))
            return before[-1] if relative or named else found[0]
        misread = title_read_as_preposition(node)
        if misread is not None:
            return misread
        posted = _postposed_object(tok) if node is tok else None
        if posted is not None:
            return posted
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.i != node.head.i:
            node = node.head.head                      # "after saying", "by announcing"
        elif node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in ("NOUN", "PROPN"):
            return _deliverer(node.head) or node.head       # "a new poll showing ...", "a statement condemning ..."
        elif node.dep_ in ("advcl", "xcomp", "conj", "acl") and node.head.i != node.i:
            node = node.head
        else:
            break
    return None


def _whose_duty(node: Token, subjects: List[Token]) -> Optional[Token]:
    """'It is my duty to inform you that ...', 'It is our pleasure to announce ...': the speaker is the
    possessor of the role the expletive "it" introduces."""
    if node.lemma_ != "be" or [s.lower_ for s in subjects] != ["it"]:
        return None
    attr = next((c for c in node.children if c.dep_ == "attr"), None)
    return next((c for c in attr.children if c.dep_ == "poss" and c.pos_ == "PRON"), None) if attr is not None else None


def _postposed_object(tok: Token) -> Optional[Token]:
    """'..., said a second witness before the inquiry, Ann Morton.': a postposed speaker the parser read as the
    object of the verb, right after it, with the clause said before the verb."""
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.left_edge.i == tok.i + 1), None)
    said_before = any(c.dep_ in ("ccomp", "parataxis") and c.i < tok.i for c in tok.children)
    return obj if obj is not None and said_before and obj.pos_ in ("NOUN", "PROPN") else None


def before_apposition(toks: Span) -> Token:
    """'..." Flynn, a top Trump surrogate, said': the name before an apposition that ends right before the cue
    (no verb in it), else the token before the cue."""
    last = toks[-1]
    for t in reversed(toks):
        if t.pos_ in ("VERB", "AUX") or t.is_quote:
            return last
        if t.text == "," and t.i > toks.start:
            name = t.doc[t.i - 1]
            return name if name.pos_ in ("PROPN", "PRON") else last
    return last


def adjacent_subject(tok: Token, quotes: QuoteIndex) -> Optional[Token]:
    """'"...," Tulsa police Chief Mark Dean said Monday.' parsed with no subject: the name or pronoun right
    before the speech verb, when a quotation closes just before that name."""
    doc = tok.doc
    if tok.i == 0:
        return None
    prev = doc[tok.i - 1]
    if prev.text == "," and prev.i > tok.sent.start:
        prev = before_apposition(doc[tok.sent.start:prev.i])
    if prev.pos_ not in ("PROPN", "PRON") or quotes.inside(prev.idx) or prev.lower_ in NOT_SOURCES:
        return None
    window = doc[max(tok.sent.start, prev.i - 7):prev.i]
    return prev if any(t.is_quote and quotes.inside(t.idx) for t in window) else None


def past_dateline(subj: Token) -> Token:
    """'WASHINGTON -- President Obama, opening ..., said': a dateline the parse took for the subject stands
    for the name in apposition after its dash."""
    doc = subj.doc
    if not subj.is_upper:
        return subj
    dash = next((t.i for t in doc[subj.i + 1:min(len(doc), subj.i + 10)] if t.text in ("--", "—", "–", "-")), None)
    if dash is None:          # "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper ... accused"
        return subj
    return next((c for c in subj.children if c.dep_ == "appos" and c.i > dash), subj)


def agent(tok: Token) -> Optional[Token]:
    """'was first reported by the local paper': the source of a passive cue is the object of 'by'."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def source_mention(subj: Token, actors: DocActors) -> Tuple[Token, Tuple[int, int, str], Optional[Tuple[int, int]]]:
    """For the source token ``subj`` of a cue: the token naming the speaker (a relative pronoun's antecedent, the
    name after a dateline taken for the subject), its span as :func:`span_of` gives it, and the characters that
    stand for the speaker in the cue's own clause when they are not that name ("who"), else None."""
    relative = past_dateline(subj)
    named = antecedent(relative)
    mention = (relative.idx, relative.idx + len(relative)) if relative is not named else None
    return named, span_of(named, actors), mention


def source_span(subj: Token, actors: DocActors) -> Tuple[int, int]:
    """Character span a statement gives for the source token ``subj`` (``RawStatement.source_span``): the
    relative pronoun itself ("who"), else the name or noun phrase of the speaker."""
    _, span, mention = source_mention(subj, actors)
    return mention or span[:2]
