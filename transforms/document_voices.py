"""Documents that speak: who wrote the message, letter, statement, study or figures that say something ("Putin's
message said", "a CDC study found", "the letter signed by the mayors", "X said in a statement ... the statement
said"), and whose office speaks ("his office said"). Pure functions over the parse; the resolver passes itself in.
"""
from __future__ import annotations

from typing import Callable, Optional, Tuple

from spacy.tokens import Token

from communique.transforms.actors import COUNTRY, GROUP, PERSON, ActorRef, DocActors

DOCUMENTS = {"message", "letter", "statement", "communique", "communiqué", "declaration", "memo", "memorandum",
             "note", "telegram", "report", "readout", "affidavit", "indictment", "complaint", "filing", "lawsuit",
             "petition"}         # documents that "say" what their author wrote
FINDINGS = {"figure", "data", "statistic", "study", "survey", "poll", "finding", "analysis"}   # only with their source
_SENDING = {"send", "write", "issue", "address", "release", "publish", "deliver"}


LastSaid = Optional[Tuple[int, Optional[ActorRef]]]       # the last statement's sentence start and speaker, if near


def document_author(head: Token, resolve: Callable[[Token], Optional[ActorRef]], actors: DocActors,
                    last_said: LastSaid) -> Optional[ActorRef]:
    """'Putin's message said', 'a Kremlin statement said', 'the letter from the ministry says', 'the letter
    signed by the mayors': who wrote a document that speaks; "his office said": whose office it is; 'The message
    stressed' after "X sent a message": X; "Figures from the health agency revealed", "a CDC study found": who
    the findings are from."""
    findings = head.lemma_.lower() in FINDINGS
    if head.lower_ == "office":          # "His office said", "Varga's office said": the office holder's voice
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        found = resolve(owner) if owner is not None else None
        return found if found is not None and found.actor_type == PERSON else None
    if head.lemma_.lower() not in DOCUMENTS and not findings:
        return None
    for child in head.children:
        if child.dep_ in ("poss", "compound") or (child.dep_ == "prep" and child.lower_ in ("from", "by", "of")):
            target = child if child.dep_ != "prep" else next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ == "acl" and child.lemma_.lower() in ("sign", "write", "issue", "send"):
            target = next((c for p in child.children if p.dep_ == "agent" for c in p.children
                           if c.dep_ == "pobj"), None)
        else:
            continue
        found = resolve(target) if target is not None else None
        if found is not None and found.actor_type in (PERSON, "ORG", COUNTRY, GROUP):
            return found
    if findings or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    for tok in reversed(head.doc[:head.i]):      # "X sent a message to Y ... The message stressed"
        if tok.lemma_.lower() == head.lemma_.lower() and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _SENDING:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            return resolve(subj) if subj is not None else None
    return _said_in(head, actors, last_said) or actors.title_sender(head.lemma_.lower())


def _said_in(head: Token, actors: DocActors, last_said: LastSaid) -> Optional[ActorRef]:
    """'X said in a statement ... "...," the statement said': the speaker of the statement just before, when
    its sentence names that document."""
    if last_said is None or last_said[1] is None:
        return None
    at = actors.doc.char_span(last_said[0], last_said[0] + 1, alignment_mode="expand")
    named = at is not None and any(t.lemma_.lower() == head.lemma_.lower() for t in at[0].sent)
    return last_said[1] if named else None
