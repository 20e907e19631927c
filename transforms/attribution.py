"""Who said what: reporting cues, their speakers and their content, from a parsed ``Doc``.

A statement is anchored on a reporting cue outside quotation marks ("said", "told", "pointed out", "called
on", "according to", "threatened"), or on a verb the learned cue model takes for one ("Russian leaders oppose
the plan": :mod:`learned_cues`). Its speaker is the cue's subject (or the subject of the clause the cue
hangs from: "..., remarking that"), resolved through :class:`~communique.transforms.actors.DocActors`. Its
content is the cue's complement clause, or, for a parenthetical or postposed cue ('"...," Putin said'), the
rest of the sentence; a quotation it touches is taken whole. A quoted sentence with no cue of its own continues
the statement before it. Cues inside another statement's content ("He said the Russians agreed to ...") do not
make statements of their own: they give the outer statement its act (see :mod:`acts`), unless they are the same
speaker's next statement ("said ... and warned ...", :mod:`cue_relations`); the learned model decides on its own
whether a verb inside another statement's content is an attribution of its own. A subject that names several
speakers ("The two leaders affirmed ...") gives a row to each.
"""
from __future__ import annotations

from typing import List, NamedTuple, Optional

from spacy.tokens import Doc, Span, Token

from communique.transforms import acts, lexicons
from communique.transforms.actors import COUNTRY, GROUP, PERSON, ActorRef, DocActors
from communique.transforms.cue_subjects import adjacent_subject, agent, source_mention, subject, usable_source
from communique.transforms.cues import (FEELING, cue_of, feeling_clause, feeling_subject, hypothetical_speech,
                                        planned_speech, sentence_cues, wrapped_cue, wraps_a_cue)
from communique.transforms.layout_attribution import (Turn, layout_attributions, layout_raw_statements, turn_at,
                                                       without_turn_remarks)
from communique.transforms.learned_cues import LEARNED, CueModel, learned_cue, learned_cues, packaged_model
from communique.transforms.nlp_model import doc_text
from communique.transforms.nominal_attribution import nominal_statements
from communique.transforms.own_voice import official_voice, own_voice_statements
from communique.transforms.source_phrases import according_to_statements
from communique.transforms.cue_relations import (continues, discourse_marker, end_before, framing_speech, joint_rows,
                                                  relative_report, sibling_cue)
from communique.transforms.cue_complements import (ADDRESSEE_CUES, COMPLEMENT_DEPS, PRAISE_CUES, as_reading, complement,
                                                    found_thing, learned_complement, object_reading)
from communique.transforms.content_extent import (around_frame, attribution_gap, quote_before, quote_ending_before,
                                                  quoted_part, rest_of_sentence, second_clause)
from communique.transforms.raw_statements import LEXICON, MODEL, RawStatement, extend_to_quotes, quote_type, trim_tokens
from communique.transforms.quotes import QuoteIndex
from communique.transforms.document_voices import FINDINGS
from communique.transforms.speakers import SpeakerResolver, plural_country

_FRAME_CHILD_DEPS = {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "prt", "punct", "cc", "npadvmod",
                     "dobj", "dative", "prep", "mark", "intj"}
_ACT_SPEAKER_TYPES = (PERSON, "ORG", COUNTRY, GROUP)
_NOT_AGENTS = {"MONEY", "QUANTITY", "DATE", "TIME", "CARDINAL", "ORDINAL"}     # no learned cue's source
_WITH_CUES = {"discuss", "talk", "speak", "consult"}
_PERSONAL = {"i", "we", "he", "she", "they"}


def _span_root(doc: Doc, start: int, end: int) -> Optional[int]:
    """The verb heading a token range (its token whose head lies outside), for the act of postposed content."""
    heads = [t for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    verbs = [t for t in heads if t.pos_ in ("VERB", "AUX")]
    return verbs[0].i if len(verbs) == 1 else None


def _new_nominal(subj: Token) -> bool:
    """A common-noun subject that names its own referent ('the company', 'many European countries'), not one
    that points back at actors named earlier ('both parties', 'each side')."""
    return subj.pos_ == "NOUN" and not any(c.lower_ in ("both", "each", "all", "either", "neither")
                                           for c in subj.children if c.dep_ in ("det", "predet", "amod", "nummod"))


def _addressees(cue: Token, extra: List[Token], resolver: SpeakerResolver, quotes: QuoteIndex) -> List[ActorRef]:
    heads = [c for c in cue.children if c.dep_ in ("dative",) or (c.dep_ == "dobj" and cue.lemma_.lower() in
                                                                   ADDRESSEE_CUES | PRAISE_CUES)]
    heads += [o for p in extra for o in p.children if o.dep_ == "pobj" and p.lower_ in ("on", "upon")]
    nouns = [x for x in extra if x.pos_ == "NOUN"]    # a verb-object cue: "expressed gratitude to", "an ultimatum to"
    if nouns:
        heads += [o for h in [cue] + nouns for p in h.children if p.dep_ == "prep" and p.lower_ == "to"
                  for o in p.children if o.dep_ == "pobj"]
    if cue.lemma_.lower() in _WITH_CUES:        # "discussed the ceasefire with Foreign Minister Shoukry"
        # "Biden and King Abdullah discussed ...": the co-subject is the counterpart
        heads += [c for s in cue.children if s.dep_ == "nsubj" for c in s.children if c.dep_ == "conj"]
        holders = [cue] + [c for c in cue.children if c.dep_ == "dobj"]      # the parse may hang it on the object
        heads += [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "with"
                  for o in p.children if o.dep_ == "pobj"]
    found = []
    for head in heads:
        for tok in [head] + [c for c in head.children if c.dep_ == "conj"]:
            ref = resolver.resolve(tok, quotes) or plural_country(tok)
            if ref and ref.name not in [r.name for r in found]:
                found.append(ref)
    return found


def _add_statement(found: List[RawStatement], tok: Token, cue: lexicons.Cue, extra: List[Token], sibling: bool,
                   sent: Span, actors: DocActors, resolver: SpeakerResolver, quotes: QuoteIndex,
                   following: Optional[Span], source: Optional[RawStatement] = None) -> bool:
    """The statement a cue makes, appended to ``found`` (or merged into the same speaker's statement there);
    False when the cue has no source or says nothing. ``source``: the statement whose speaker makes this one too
    (see :func:`~communique.transforms.cue_relations.continues`)."""
    doc = sent.doc
    adjacent = False
    if source is not None:
        named = doc.char_span(source.speaker_span[0], source.speaker_span[1], alignment_mode="expand")
        if named is None or not len(named):
            return False
        subj, speaker_span, mention, speaker = named.root, source.speaker_span, source.mention, source.speaker
    else:
        subj = feeling_subject(tok) if cue.kind == FEELING else subject(tok, quotes) or agent(tok)
        adjacent = subj is None and cue.kind == "speech"
        subj = subj or (adjacent_subject(tok, quotes) if adjacent else None)
        if not usable_source(subj, quotes) or discourse_marker(subj, tok):
            return False
        subj, speaker_span, mention = source_mention(subj, actors)
        speaker = resolver.resolve(subj, quotes)
    if cue.kind == FEELING and subj.lower_ not in ("i", "we") and feeling_clause(tok) is None:
        # "The United States remains committed to ...", with no clause
        issuer = resolver.author
        if issuer is None or issuer.actor_type != PERSON or speaker is None or speaker.country != issuer.country:
            return False            # a stance only the country's own official declares, in their release
        speaker = issuer
    joint = resolver.joint_speakers(subj, quotes) if source is None else []     # "The two leaders affirmed ..."
    speaker = joint[0] if joint else speaker
    actor_speaker = speaker is not None and speaker.actor_type in _ACT_SPEAKER_TYPES
    comp = complement(tok, extra) or (learned_complement(tok) if cue.kind == LEARNED else None)
    clause = comp is not None and comp[2].dep_ in COMPLEMENT_DEPS
    if cue.kind == "act" and cue.act in ("AGREE", "PROPOSE") and not actor_speaker and not (
            cue.act == "AGREE" and clause and speaker is None and _new_nominal(subj)):
        return False      # "the company agreed to clean up the mines" speaks; "the bill offers relief" does not
    if cue.act == "THREATEN" and cue.kind in ("act", LEARNED) and not (clause or extra or actor_speaker) and not (
            subj.pos_ == "PROPN" or subj.lower_ in _PERSONAL):
        return False      # "these practices threaten our security" endanger; "Moscow threatened sanctions"
    if cue.act == "REQUEST" and comp is None and not extra and speaker is None and subj.pos_ == "NOUN":
        return False      # "if the situation demands, ...": a demand of no one, about nothing
    if cue.kind == LEARNED and cue.act in ("AGREE", "PROPOSE") and speaker is None and not _new_nominal(subj):
        return False      # "they agreed to meet again", "both parties agreed": no one named
    key = speaker.name if speaker else speaker_span[2].lower()
    same = None if sibling else next((s for s in found if s.key == key), None)
    if same is not None and sibling_cue(tok, same):
        same = None          # '"...," Trump said, adding that ...': two statements, one speaker
    if cue.kind == "belief" and not (clause or as_reading(tok, comp)):
        return False
    if planned_speech(tok) or hypothetical_speech(tok):
        return False          # "will announce its plan": nothing said yet (a commitment to say it); "if X agrees"
    if cue.kind == FEELING and comp is None:
        return False          # "the region is alarmed": a feeling about nothing said
    if comp is not None and cue.kind != LEARNED and object_reading(tok, comp[2]):
        return False          # "maintains a lead", "continues to grow", "added a new title": no speech
    if any(ch in speaker_span[2] for ch in '=<>{}'):
        return False          # markup left in the text (datetime="2016 ...)
    if cue.kind == "report" and (comp is None or comp[2].dep_ not in COMPLEMENT_DEPS + ("dobj",)):
        return False
    if cue.kind == "report" and comp[2].dep_ == "dobj" and (
            (speaker is not None and speaker.actor_type == PERSON and subj.lemma_.lower() not in FINDINGS)
            or subj.pos_ == "PRON"
            or (speaker is None and subj.pos_ == "PROPN" and subj.ent_type_ in ("", "PERSON"))):
        return False      # "Polls show a close race" is a finding; "Jones shows her car" is not
    if cue.kind == "report" and tok.lemma_.lower() == "find" and comp[2].dep_ == "dobj" and found_thing(subj, comp[2]):
        return False      # "A neighbour found the car", "firms have found ways": no finding reported
    if cue.phrase == "call" and (comp is None or comp[2].dep_ not in ("oprd",) + COMPLEMENT_DEPS):
        return False
    if comp:
        s_i, e_i = trim_tokens(doc, comp[0], comp[1])
        root = comp[2].i
        e_i = second_clause(tok, comp[2], quotes) or e_i      # '“A,” she said, “and B.”'
    else:
        frame = {t.i for t in subj.subtree} | {tok.i} | {t.i for t in extra}
        if tok.dep_ == "xcomp" and wraps_a_cue(tok.head):      # "I would like to report on ...": the wish too
            frame |= {tok.head.i} | {c.i for c in tok.head.children if c.dep_ in ("aux", "neg", "advmod")}
        frame |= {t.i for c in tok.children if c.dep_ in _FRAME_CHILD_DEPS
                  for t in ([c] if c.dep_ == "punct" else c.subtree)}
        also_said = [c for c in tok.children if c.dep_ in ("advcl", "conj") and cue_of(c)]      # ', adding ...'
        frame |= {t.i for c in also_said for t in c.subtree}
        frame |= {t.i for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > tok.i and not any(
            g.dep_.startswith("nsubj") for g in c.children) for t in c.subtree}     # ', Moore said, and walked out'
        if adjacent:      # the whole name between the closing quote and the verb: 'police Chief Mark Dean'
            first = tok.i - 1
            while first > sent.start and not doc[first - 1].is_punct:
                first -= 1
            frame |= set(range(first, tok.i))
        rest = quote_before(sent, quotes, doc[min(frame)].idx)      # '"You winning?" she said, but ...'
        if rest is None and tok.dep_ != "ROOT":       # a participial cue: its content lies in its own clause, else around it
            own = {t.i for t in tok.subtree}
            rest = rest_of_sentence(sent, frame | (set(range(sent.start, sent.end)) - own))
            frame |= own
        rest = rest or rest_of_sentence(sent, frame)
        if rest and not also_said:
            rest = around_frame(sent, frame, rest, quotes)      # '“A,” she said, “B.”'
        if rest is None and following is not None and sent.text.rstrip().endswith(":"):
            rest = trim_tokens(doc, following.start, following.end)       # 'He said:' + the next paragraph
        if rest is None:
            rest = quoted_part(sent, quotes, frame_start=doc[min(frame)].idx)
        if rest is None and all(t.i in frame or t.is_punct for t in sent):
            rest = quote_ending_before(sent, quotes)      # '“... sign the order?” | Moore testified.'
        if rest is None:
            return False
        s_i, e_i = rest
        root = _span_root(doc, s_i, e_i)
    if e_i <= s_i or all(t.pos_ in ("ADP", "DET", "PUNCT", "CCONJ", "PART") for t in doc[s_i:e_i]):
        return False      # nothing said: "was rejected by"
    if cue.kind == LEARNED and (sum(t.is_alpha for t in doc[s_i:e_i]) < 2 or subj.ent_type_ in _NOT_AGENTS):
        return False      # "Thank you", "feels that"; "another $10 million supports programs"
    start, end = extend_to_quotes(doc[s_i].idx, doc[e_i - 1].idx + len(doc[e_i - 1]), quotes)
    if same is not None:          # 'Gates said U.S. officials "remain eager ...," he said.'
        same.content = (min(same.content[0], start), max(same.content[1], end))
        return True
    cue_end_tok = max([tok] + extra, key=lambda t: t.i)
    found.append(RawStatement(
        speaker=speaker, speaker_span=speaker_span,
        mention=mention,
        cue=doc[tok.i:cue_end_tok.i + 1].text if extra and extra[0].i == tok.i + 1 else
        " ".join([tok.text] + [t.text for t in extra]),
        cue_span=(tok.idx, cue_end_tok.idx + len(cue_end_tok)), cue_act=acts.cue_act(tok, cue), cue_token=tok.i,
        content=(start, end), sentence=(min(sent.start_char, start), max(sent.end_char, end)), complement_root=root,
        addressees=_addressees(tok, extra, resolver, quotes), found_by=MODEL if cue.kind == LEARNED else LEXICON))
    found[-1].gap = attribution_gap(doc_text(doc), found[-1], quotes)
    if joint:
        first = found.pop()
        found.extend(joint_rows(first, joint, tok.lemma_.lower() in _WITH_CUES))
    return True


def sentence_statements(sent: Span, actors: DocActors, resolver: SpeakerResolver,
                        quotes: QuoteIndex, following: Optional[Span] = None,
                        cue_model: Optional[CueModel] = None) -> List[RawStatement]:
    """Statements whose cue is in this sentence, outermost lexicon cue first, then the verbs ``cue_model``
    takes for cues the lexicon misses."""
    found: List[RawStatement] = []
    said = set()         # lexicon cues that made or extended a statement
    cues = [(tok, cue_of(tok)) for tok in sentence_cues(sent) if not quotes.inside(tok.idx)]
    cues.sort(key=lambda tc: (wraps_a_cue(tc[0]), len(list(tc[0].ancestors))))      # "would like to" after "stress"
    for tok, (cue, extra) in cues:
        wrapped = wrapped_cue(tok)
        if (wrapped is not None and wrapped.i in said) or framing_speech(tok):
            continue
        outer = next((s for s in found if s.holds(tok.idx)), None)
        sibling = outer is not None and sibling_cue(tok, outer)
        if outer is not None and relative_report(tok):      # "..., which it said sank": its own statement,
            resolver.said(sent.start_char, outer.speaker)    # "it" the speaker around it if it fits
            sibling = True
        if outer is not None and not sibling and continues(tok, outer) and _add_statement(
                found, tok, cue, extra, True, sent, actors, resolver, quotes, following, outer):
            said.add(tok.i)
            end_before(outer, tok, found[-1])
            continue
        if outer is not None and not sibling:
            outer.nested_cues.append(tok.i)
            continue
        if _add_statement(found, tok, cue, extra, sibling, sent, actors, resolver, quotes, following):
            said.add(tok.i)
    if cue_model is not None:
        for tok in learned_cues(sent, found, said, quotes, cue_model):
            _add_statement(found, tok, learned_cue(tok), [], True, sent, actors, resolver, quotes, following)
    return found


def _turn_remark(statement: RawStatement, turns: List[Turn]) -> bool:
    """A transcript turn's own remark that the turn's statement makes: a stance ("I am pleased that ...") or the
    speaker's view ("in our view, ...")."""
    turn = turn_at(turns, statement.cue_span[0])
    if turn is None:
        return False
    cue = lexicons.cues().get(statement.cue.lower())
    own_view = statement.cue.startswith("in ") and statement.speaker == turn[0]
    return (cue is not None and cue.kind == FEELING) or own_view


class Attributions(NamedTuple):
    statements: List[RawStatement]
    turns: List[Turn]          # a transcript's turns: whose "I" and "we" the text between two labels is


def find_statements(doc: Doc, actors: DocActors, quotes: QuoteIndex, author: Optional[ActorRef] = None,
                    cue_model: Optional[CueModel] = None) -> List[RawStatement]:
    """All statements of a document in text order (see :func:`find_attributions`)."""
    return find_attributions(doc, actors, quotes, author, cue_model).statements


def find_attributions(doc: Doc, actors: DocActors, quotes: QuoteIndex, author: Optional[ActorRef] = None,
                      cue_model: Optional[CueModel] = None) -> Attributions:
    """All statements of a document in text order, quoted continuations merged into their statement, and its
    transcript turns. Verbs the lexicon misses become cues when ``cue_model`` (by default the shipped one;
    ``learned_cues.OFF``: none) takes them."""
    cue_model = cue_model or packaged_model()
    layout, turns = layout_attributions(doc, actors, quotes)
    resolver = SpeakerResolver(actors, author, turns)
    statements: List[RawStatement] = []
    sents = list(doc.sents)
    labelled = [(min(ls.source[0], ls.content[0]), max(ls.content[1], ls.source[1])) for ls in layout]
    for k, sent in enumerate(sents):      # headlines count too; chrome has no reporting clause
        if statements and sent.start_char < statements[-1].sentence[1]:
            continue      # already covered by a quote that ran past its sentence
        found = sentence_statements(sent, actors, resolver, quotes, sents[k + 1] if k + 1 < len(sents) else None,
                                    cue_model)
        found = [f for f in found if not (f.learned and any(s <= f.cue_span[0] < e for s, e in labelled))]
        found += [a for a in according_to_statements(sent, actors, resolver, quotes)
                  if not any(f.holds(a.cue_span[0]) for f in found)]
        found = [f for f in found if not _turn_remark(f, turns)]
        found += nominal_statements(sent, actors, resolver, quotes, found)
        if found:
            statements.extend(found)
            outer = [f for f in found if not any(o is not f and o.holds(f.cue_span[0]) for o in found)]
            resolver.said(sent.start_char, (outer or found)[-1].speaker)      # not a statement it reports
        elif statements and _is_quoted_continuation(sent, quotes, statements[-1]) and \
                not any(s < sent.end_char and sent.start_char < e for s, e in labelled):
            last = statements[-1]
            end = extend_to_quotes(sent.start_char, sent.start_char + len(sent.text.rstrip()), quotes)[1]
            if any(_has_cue(later, quotes) for later in sents[k + 1:] if later.start_char < end):
                continue      # the quote runs on to a sentence with its own cue: it is that cue's content
            last.content = (last.content[0], max(last.content[1], end))
            last.sentence = (last.sentence[0], max(last.sentence[1], end))
    statements = without_turn_remarks(doc, statements + layout_raw_statements(doc, layout, statements, turns))
    statements += own_voice_statements(doc, author, statements, quotes, turns)
    official_voice(statements, author, quotes, turns)         # "The United States welcomes ..." in her remarks
    statements.sort(key=lambda st: st.content[0])
    text = doc_text(doc)
    for st in statements:
        st.gap = attribution_gap(text, st, quotes)
        st.quote_type = quote_type(text, st.pieces, quotes)
    return Attributions(statements, turns)


def _has_cue(sent: Span, quotes: QuoteIndex) -> bool:
    return any(not quotes.inside(tok.idx) for tok in sentence_cues(sent))


def _is_quoted_continuation(sent: Span, quotes: QuoteIndex, last: RawStatement) -> bool:
    """A sentence wholly inside quotation marks, right after a statement with quoted content, or opening a
    paragraph after a statement of a known speaker ("The governor said he would publish the report. / “The
    inquiry ...”")."""
    text = sent.text.strip()
    letters = sum(1 for c in text if c.isalnum())
    quoted = sum(1 for s, e in quotes.overlapping(sent.start_char, sent.end_char)
                 for c in sent.text_with_ws[max(s, sent.start_char) - sent.start_char:min(e, sent.end_char) - sent.start_char]
                 if c.isalnum())
    near = sent.start_char - last.sentence[1] < 400
    whole = doc_text(sent.doc)
    line_break = whole.rfind("\n", 0, sent.start_char)        # only spaces between it and the sentence
    opens_paragraph = sent.start_char == 0 or (
        line_break >= 0 and not whole[line_break + 1:sent.start_char].strip(" \t"))
    quoting = bool(quotes.overlapping(*last.content)) or (last.speaker is not None and opens_paragraph)
    return letters > 0 and quoted >= 0.9 * letters and near and quoting
