"""Reading subjects, objects and agents off a sentence with function words."""

from __future__ import annotations

from warta.events.lexicon import Grammar
from warta.events.view import ADVERBS, DEMONSTRATIVES, Phrase, SentenceView, verbish
from warta.model import (
    Actor,
)


def group_at(sv: SentenceView, idx: int, gr: Grammar, direction: int) -> list[Phrase]:
    """The phrase at list index ``idx`` with the phrases joined to it by conjunctions."""
    ph = sv.phrases
    group = [ph[idx]]
    joins: list[str] = []
    k = idx
    while 0 <= k + direction < len(ph):
        a, b = (ph[k], ph[k + direction]) if direction > 0 else (ph[k + direction], ph[k])
        between = sv.low[a.j : b.i]
        nxt = ph[k + direction]
        placeish = nxt.actor.country is None and nxt.actor.sector is None
        if nxt.i > 0 and sv.low[nxt.i - 1] in gr["location_preps"]:
            placeish = True
        if (
            between
            and len(between) <= 2
            and all(w in gr["conjunctions"] for w in between)
            and not placeish
        ):
            group.append(ph[k + direction])
            joins.extend(between)
            k += direction
            continue
        break
    if joins and all(w == "," for w in joins):
        # commas alone mark an apposition ("Dubes Korut untuk PBB, Ja Song Nam"), not a list
        return [ph[idx]]
    return sorted(group, key=lambda p: p.i)


def phrase_index_at(sv: SentenceView, tok: int) -> int | None:
    for n, p in enumerate(sv.phrases):
        if p.i <= tok < p.j:
            return n
    return None


def _appositive(sv: SentenceView, k: int, verb: int | None = None) -> bool:
    """Whether token k lies in ", sebuah/seorang/yang ... ," (skipped by subject search)."""
    left = k
    while left > 0 and sv.low[left - 1] != ",":
        left -= 1
    if left == 0:
        return False
    right = k
    while right < len(sv.low) and sv.low[right] != ",":
        right += 1
    if right >= len(sv.low) or (verb is not None and right > verb):
        return False
    return sv.low[left] in {"sebuah", "seorang", "salah", "yang", "a", "an", "which", "who"}


def _main_subject(sv: SentenceView, k: int, gr: Grammar) -> list[Phrase]:
    """The first actor group of the sentence before token k that is not a prepositional object."""
    for n, p in enumerate(sv.phrases):
        if p.i >= k:
            break
        prev = sv.low[p.i - 1] if p.i > 0 else ""
        if prev in gr["recipient_preps"] | gr["location_preps"] | gr["source_preps"]:
            continue
        return group_at(sv, n, gr, +1)
    return []


def subject_group(
    sv: SentenceView, k: int, gr: Grammar, *, through_speech: bool = False
) -> list[Phrase]:
    """The actor group left of token k in its clause (the grammatical subject)."""
    q = k - 1
    while q >= 0 and sv.low[q] in ADVERBS:
        q -= 1
    if q >= 1 and sv.low[q] in {"dan", "serta", "and"} and sv.low[q - 1] == ",":
        # a coordinated verb phrase shares the sentence subject: "X memberi ..., dan memperingatkan"
        return _main_subject(sv, k, gr)
    if q >= 1 and sv.low[q] in {"dan", "serta", "and"}:
        # "X bertemu Y dan terus berkoordinasi": the first verb's subject
        for v in range(q - 1, max(-1, q - 10), -1):
            if sv.low[v] in gr["clause_breaks"] and sv.low[v] not in {","}:
                break
            w = sv.low[v]
            if phrase_index_at(sv, v) is None and len(w) > 4 and w.startswith(("me", "ber")):
                return subject_group(sv, v, gr)
    relative_ok = q >= 0 and sv.low[q] in gr["relative"]
    first: list[Phrase] = []
    m = k - 1
    while m >= 0:
        lw = sv.low[m]
        pi = phrase_index_at(sv, m)
        if pi is not None and not _appositive(sv, m, k):
            p = sv.phrases[pi]
            # an object of a preposition is not a subject
            if p.i > 0 and sv.low[p.i - 1] in gr["recipient_preps"] | gr["location_preps"]:
                m = p.i - 1
                continue
            group = group_at(sv, pi, gr, -1)
            if any(g.actor.country for g in group):
                return first or group
            # "pihak otoritas di negara itu": an unresolved head; a named actor may precede
            first = first or group
            m = group[0].i - 1
            continue
        if lw in gr["relative"]:
            if not relative_ok:
                return first
            # a relative clause takes the noun before "yang" as its subject
            q = m - 1
            if q >= 0 and sv.low[q] == ",":
                q -= 1
            pi = phrase_index_at(sv, q) if q >= 0 else None
            if pi is not None:
                return group_at(sv, pi, gr, -1)
            # "X mengeluarkan surat yang meminta ...": the antecedent's owner acts
            m = q
            continue
        if (
            lw in gr["speech_verbs"]
            and first
            and not any(p.actor.country for p in first)
            and first[-1].j < len(sv.low)
            and sv.low[first[-1].j] in DEMONSTRATIVES
        ):
            # "X mengaku negara itu akan ...": the anaphoric noun is the sayer's state
            said = subject_group(sv, m, gr)
            if any(p.actor.country for p in said):
                return said
        if lw in gr["speech_verbs"] and (
            through_speech
            or m == k - 1
            or (m == k - 2 and sv.low[k - 1] in ADVERBS | gr["speech_verbs"])
        ):
            # a subject-less complement shares the sayer: "X mengaku dihubungi Y"
            m -= 1
            continue
        if lw in gr["clause_breaks"]:
            return first
        m -= 1
    return first


def _governed_by(sv: SentenceView, i: int, preps: frozenset[str], gr: Grammar) -> bool:
    """Whether a preposition of ``preps`` stands before token i with at most three plain
    nouns between ("terhadap dugaan campur tangan Rusia")."""
    for d in range(1, 5):
        q = i - d
        if q < 0:
            return False
        w = sv.low[q]
        if w in preps:
            return True
        if (
            phrase_index_at(sv, q) is not None
            or w in gr["clause_breaks"]
            or w in gr["recipient_preps"]
            or verbish(w)
            or not w[:1].isalpha()
        ):
            return False
    return False


def object_group(
    sv: SentenceView, k: int, gr: Grammar, *, preps: frozenset[str] | None = None, limit: int = 12
) -> list[Phrase]:
    """The first actor group right of token k in its clause (not a location after "di")."""
    stop = gr["clause_breaks"] - gr["relative"] - {"bahwa", "that"}
    first: list[Phrase] = []
    m = k
    while m < len(sv.low) and m - k < limit:
        lw = sv.low[m]
        if lw in stop and lw not in {",", "dan", "and"}:
            break
        if lw in gr["relative"]:
            break
        pi = phrase_index_at(sv, m)
        if pi is not None:
            p = sv.phrases[pi]
            prev = sv.low[p.i - 1] if p.i > 0 else ""
            if prev in gr["location_preps"] and prev not in gr["recipient_preps"]:
                m = p.j
                continue
            if preps is not None and not _governed_by(sv, p.i, preps, gr):
                m = p.j
                continue
            group = group_at(sv, pi, gr, +1)
            if any(g.actor.country for g in group):
                return group
            # an unresolved phrase ("Kepala Manajemen", "pihak"): a resolved one may follow;
            # a bare name with neither country nor sector (a weapon, a place) is no recipient
            if any(g.actor.sector for g in group):
                first = first or group
            m = group[-1].j
            continue
        m += 1
    return first


def agent_group(sv: SentenceView, k: int, gr: Grammar) -> list[Phrase]:
    """The agent after "oleh"/"by" (may cross a relative clause)."""
    for m in range(k, len(sv.low)):
        if sv.low[m] in gr["agent_markers"]:
            for q in range(m + 1, min(m + 4, len(sv.low))):
                pi = phrase_index_at(sv, q)
                if pi is not None:
                    return group_at(sv, pi, gr, +1)
            return []
        if sv.low[m] in {";"}:
            break
    return []


def relative_agent(sv: SentenceView, k: int, gr: Grammar) -> list[Phrase]:
    """ "... yang dilakukan/diperintahkan (oleh) X": the agent of a nominal event."""
    for m in range(k, min(k + 8, len(sv.low) - 1)):
        if sv.low[m] in gr["relative"]:
            q = m + 1
            while q < len(sv.low) and sv.low[q] in {"telah", "sudah", "juga", "kerap", "sering"}:
                q += 1
            if q < len(sv.low) and sv.low[q].startswith("di") and len(sv.low[q]) > 4:
                if q + 1 < len(sv.low) and sv.low[q + 1] in gr["agent_markers"]:
                    q += 1
                pi = phrase_index_at(sv, q + 1) if q + 1 < len(sv.low) else None
                if pi is not None:
                    return group_at(sv, pi, gr, +1)
            return []
        if sv.low[m] in {";", "."}:
            break
    return []


def nominal_actor(sv: SentenceView, k: int, gr: Grammar) -> list[Phrase]:
    """The possessor right after a nominal trigger: "serangan (udara) AS"."""
    preps = gr["recipient_preps"] | gr["location_preps"] | gr["clause_breaks"] | gr["source_preps"]
    for m in range(k, min(k + 4, len(sv.low))):
        if sv.low[m] in preps:
            break
        pi = phrase_index_at(sv, m)
        if pi is not None:
            return [sv.phrases[pi]]
    for m in range(k, min(k + 4, len(sv.low))):
        if sv.low[m] in gr["source_preps"]:
            return object_group(sv, m + 1, gr, limit=8)
    return []


def actors_of(group: list[Phrase]) -> list[Actor]:
    return [p.actor for p in group]


def names_danger(sv: SentenceView, ti: int, tj: int, gr: Grammar) -> bool:
    """A threat noun naming a danger: after "di tengah" / "menghadapi" / "evaluasi" ...
    (quote marks skipped) or before "yang ditimbulkan/dihadapi"."""
    k = ti - 1
    while k >= 0 and not sv.low[k][:1].isalnum():
        k -= 1
    if k >= 0 and sv.low[k] in gr["danger_cues"]:
        return True
    after = sv.low[tj : tj + 2]
    return len(after) == 2 and after[0] in gr["relative"] and after[1] in gr["danger_followers"]


def in_place(sv: SentenceView, k: int) -> bool:
    """Token k lies inside a place name of the place layer."""
    if k < 0:
        return False
    s, e = sv.toks[k]
    return any(p.start <= s and e <= p.end for p in sv.doc.places)
