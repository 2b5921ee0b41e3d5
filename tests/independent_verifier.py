#!/usr/bin/env python3
"""An independent verifier of votedesk logs, written from docs/log-format.md alone.

It checks what the document's "Verifying" section lists, by its numbers: framing and record
fields (1), sequence (2), the hash chain (3), the binding and its embedded files and session
model (4), the event rules replayed from the session model (5), every declared outcome
against a recount from the ballots (6), and the closing record (7). It needs no RON parser:
the rules come from `session_model`, bound by its hash.

With `--stations DIR` it also reads every station log in DIR on its own (its chain from
its binding) and checks that each imported ballot box equals its station logs exactly:
the entries, the comparison, a decision for each difference, and the ballots recorded.

Usage: independent_verifier.py LOG [--stations DIR]
       prints JSON, exits 0 verified / 1 not verified.
"""
import hashlib
import os
import json
import unicodedata
import re
import sys

ENTRY = b"votedesk/v1/entry\n"
GENESIS = b"votedesk/v1/genesis\n"
FIELDS = ["v", "session", "seq", "prev", "time", "operator", "event"]
HEX = set("0123456789abcdef")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ABSTAIN = "弃权"

# Each event's fields ("Events" in the document): required, then those that may be left out.
# A field's kind: int (a non-negative integer), str, or any (checked by the rules).
EVENTS = {
    "session_bound": ({"program_version": str, "session_file": str, "session_sha256": str,
                       "session_text": str, "items": list, "session_model": str,
                       "session_model_sha256": str},
                      {"roster_file": "any", "roster_sha256": "any", "roster_text": "any",
                       "roster_hex": "any"}),
    "checked_in": ({"seat": int}, {}),
    "marked_on_leave": ({"seat": int}, {}),
    "marked_absent": ({"seat": int}, {}),
    "round_opened": ({"item": str, "from": str, "round": int, "reason": str,
                      "candidates": list}, {"places": "any"}),
    "item_opened": ({"item": str, "issued": int}, {}),
    "ballot_recorded": ({"item": str, "ballot": int, "marks": dict},
                        {"seat": "any", "replaces": "any"}),
    "ballot_voided": ({"item": str, "ballot": int, "reason": str}, {}),
    "ballots_imported": ({"item": str, "file": str, "sha256": str, "ballots": int}, {}),
    "item_closed": ({"item": str}, {}),
    "result_declared": ({"item": str, "outcome": dict}, {}),
    "session_resumed": ({}, {}),
    "tail_repaired": ({"bytes": int, "sha256": str, "batch_records": int, "side_file": str}, {}),
    "session_closed": ({"records": int, "declared": list}, {}),
    "batch": ({"records": int}, {}),
    "box_imported": ({"item": str, "box": str, "entries": list, "comparison": str,
                      "decisions": list, "confirmed_by": list, "ballots": int}, {}),
    "boxes_sealed": ({"item": str, "boxes": list, "collected": int}, {}),
    "boxes_reconciled": ({"item": str, "counted": int, "collected": int, "missing": list,
                          "reason": str}, {}),
    # Station log records: known, but never allowed in a session log (check 5).
    "station_bound": ({"session_log": str, "round_record": int, "round_hash": str, "item": str,
                       "title": str, "choices": list, "secret": bool, "box": str,
                       "teller": str, "hand_count": int, "order_kept": bool}, {}),
    "station_closed": ({"ballots": int, "records": int}, {}),
}


def event_ok(ev):
    """The event has a known type and exactly its fields, of their kinds."""
    spec = EVENTS.get(ev.get("type"))
    if spec is None:
        return False
    required, optional = spec
    keys = set(ev) - {"type"}
    if not set(required) <= keys or not keys <= set(required) | set(optional):
        return False
    for k, kind in required.items():
        v = ev[k]
        if kind is int and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            return False
        if kind is not int and not isinstance(v, kind):
            return False
    return True


class Papers:
    """Paper numbers of a round's or a station log's entries ("Paper numbers")."""

    def __init__(self):
        self.standing = {}   # paper -> entries standing for it
        self.live = set()    # papers of live entries
        self.rekeyed = set()  # entries keyed again

    def next(self):
        return max(self.standing, default=0) + 1

    def rekey(self, entries, rep, seat):
        """The paper's number of entry `rep` keyed again, or None when it may not be."""
        if not isinstance(rep, int) or isinstance(rep, bool) or not 1 <= rep <= len(entries):
            return None
        old = entries[rep - 1]
        if not old["voided"] or rep in self.rekeyed or old["seat"] != seat \
                or old["paper"] in self.live:
            return None
        return old["paper"]

    def keyed(self, paper, rep):
        self.standing[paper] = self.standing.get(paper, 0) + 1 + (rep is not None)
        self.live.add(paper)
        if rep is not None:
            self.rekeyed.add(rep)

    def withdrawn(self, entry, paper):
        self.live.discard(paper)
        if entry not in self.rekeyed:
            self.standing[paper] -= 1
            if self.standing[paper] == 0:
                del self.standing[paper]


def box_key(label):
    """The key a box label is compared by ("Station logs" in the document)."""
    out = []
    for c in label:
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - 0xFEE0)
        elif c == "\u3000":
            c = " "
        if c.isspace():
            continue
        out.append(c.lower() if c.isascii() else c)
    key = "".join(out)
    if key and all("0" <= c <= "9" for c in key):
        key = key.lstrip("0") or "0"
    return key


def hex64(v):
    return isinstance(v, str) and len(v) == 64 and set(v) <= HEX


def sha(b):
    return hashlib.sha256(b).hexdigest()


class Refused(Exception):
    """An event the rules do not allow (check 5), or a declared result that differs (6)."""

    def __init__(self, why, check=5):
        super().__init__(why)
        self.check = check


# ---- Counting ("Counting" in the document) -------------------------------------------


def met(threshold, count, base):
    (kind, (a, b)), = threshold.items()
    return count * b > base * a if kind == "MoreThan" else count * b >= base * a


def mark_limit(defn, rnd):
    """Most marks a valid ballot may carry (ticks, or 赞成 on the per-candidate form)."""
    if "Rating" in defn:
        return None
    p = defn["ProjectVote"]
    n = p["form"]["TickAtMost"] if isinstance(p["form"], dict) else p["max_for"]
    if n is None:
        return None
    if rnd["round"] > 1 and rnd["places"] is not None:
        return min(rnd["places"], n)
    return n


def valid_ballot(marks, limit):
    form = marks["form"]
    if form in ("spoiled", "void"):
        return False
    if form == "ticks":
        return limit is None or len(marks["ticked"]) <= limit
    if form == "choices":
        return limit is None or sum(1 for c in marks["choices"] if c == "for") <= limit
    if form == "election":
        chosen = sum(1 for c in marks["choices"] if c == "for") + len(marks["write_ins"])
        return limit is None or chosen <= limit
    return True


def votes(p, rnd, valid):
    """Ids and 赞成 per candidate of the round, then per person written in (first written
    first), over the valid entries."""
    ids = [p["candidates"][c]["id"] for c in rnd["choices"]]
    yes = [0] * len(ids)
    for m in valid:
        if m["form"] in ("choices", "election"):
            for i, c in enumerate(m["choices"]):
                yes[i] += c == "for"
        elif m["form"] == "ticks":
            for t in m["ticked"]:
                yes[ids.index(t)] += 1
        for name in m.get("write_ins", []) if m["form"] == "election" else []:
            wid = "write-in:" + name
            if wid not in ids:
                ids.append(wid)
                yes.append(0)
            yes[ids.index(wid)] += 1
    return ids, yes


def recount(model, rnd):
    """The outcome a round's declaration must carry."""
    defn = model["items"][rnd["def"]]
    live = [b["marks"] for b in rnd["ballots"] if not b["voided"]]
    limit = mark_limit(defn, rnd)
    valid = [m for m in live if valid_ballot(m, limit)]
    returned, issued = len(live), rnd["issued"]
    vote_valid = returned <= issued
    if "Rating" in defn:
        r = defn["Rating"]
        if not vote_valid:
            return {"kind": "rating", "vote_valid": False, "grades": []}
        base = {"Seated": model["seated"], "Present": issued, "Returned": returned,
                "Valid": len(valid)}[r["base"]]
        grades = []
        for i, s in enumerate(rnd["choices"]):
            counts = {label: 0 for label in r["scale"]}
            for m in valid:
                label = m["labels"][i]
                if label in counts:
                    counts[label] += 1

            def total(labels):
                return sum(counts.get(label, 0) for label in labels)

            grade, permille = None, None
            rule = r["rule"]
            if base > 0 and "Tiers" in rule:
                tiers = rule["Tiers"]["tiers"]
                grade = next((t["grade"] for t in tiers if met(t["threshold"], total(t["counted"]), base)),
                             rule["Tiers"]["otherwise"])
                permille = total(tiers[-1]["counted"]) * 1000 // base if tiers else 0
            elif base > 0:
                count = total(rule["Rate"]["counted"])
                permille = count * 1000 // base
                cutoff = rule["Rate"]["cutoff"]
                if cutoff is not None:
                    grade = "met" if met(cutoff, count, base) else "not met"
            grades.append({"subject": r["subjects"][s]["id"], "grade": grade,
                           "rate_permille": permille})
        return {"kind": "rating", "vote_valid": True, "grades": grades}

    p = defn["ProjectVote"]
    if not vote_valid:
        return {"kind": "vote", "vote_valid": False, "adopted": [], "tied": [],
                "tied_places": 0, "unfilled": 0}
    ids, yes = votes(p, rnd, valid)
    base = {"Seated": model["seated"], "Present": issued, "Valid": len(valid)}[p["pass_base"]]
    ranking = sorted(range(len(ids)), key=lambda i: (-yes[i], i))
    passed = [i for i in ranking if 2 * yes[i] > base]
    adopted, tied, tied_places, unfilled = passed, [], 0, 0
    places = rnd["places"]
    if places is not None:
        if len(passed) <= places:
            unfilled = places - len(passed)
        else:
            cut = yes[passed[places - 1]]
            if yes[passed[places]] == cut:
                adopted = [i for i in passed if yes[i] > cut]
                tied = [i for i in passed if yes[i] == cut]
                tied_places = places - len(adopted)
            else:
                adopted = passed[:places]
    return {"kind": "vote", "vote_valid": True, "adopted": [ids[i] for i in adopted],
            "tied": [ids[i] for i in tied], "tied_places": tied_places, "unfilled": unfilled}


# ---- The event rules ("Event rules" in the document) ---------------------------------


class Session:
    def __init__(self, model):
        self.model = model
        self.seats = {d["seat"]: "absent" for d in model["roster"]}
        self.rounds = []
        for i, item in enumerate(model["items"]):
            (kind, body), = item.items()
            n = len(body["candidates"] if kind == "ProjectVote" else body["subjects"])
            places = body.get("places") if kind == "ProjectVote" else None
            self.rounds.append(self.pending(body["id"], i, 1, list(range(n)), places))
        self.open = None
        self.closed = False
        self.records = 0
        self.batch = None  # [header record number, records still due]
        self.import_left = None  # [item, ballots still due]

    @staticmethod
    def pending(rid, d, number, choices, places):
        return {"id": rid, "def": d, "round": number, "choices": choices, "places": places,
                "phase": "pending", "issued": 0, "ballots": [], "voted": set(),
                "declared": None, "further": None, "boxes": [], "sealed": None,
                "box_ballots": 0, "reconciled": False, "papers": Papers()}

    @staticmethod
    def missing(r):
        """Sealed boxes not imported, in the order sealed."""
        got = [box_key(b) for b in r["boxes"]]
        return [b for b in (r["sealed"] or {}).get("boxes", []) if box_key(b) not in got]

    def boxes_differ(self, r):
        return r["sealed"] is not None and not r["reconciled"] and (
            r["sealed"]["collected"] != r["box_ballots"] or bool(self.missing(r)))

    def defn(self, rnd):
        (body,) = self.model["items"][rnd["def"]].values()
        return body

    def round(self, rid):
        for r in self.rounds:
            if r["id"] == rid:
                return r
        raise Refused(f"unknown item {rid}")

    def open_round(self, rid):
        r = self.round(rid)
        if r["phase"] != "open":
            raise Refused(f"{rid} is not open")
        return r

    def present(self):
        return sum(1 for a in self.seats.values() if a == "present")

    def quorum(self):
        p, s = self.present(), self.model["seated"]
        return p * 3 >= s * 2 if self.model["body"] == "Congress" else p * 2 > s

    def further_round(self, rid, chosen=None):
        r = self.round(rid)
        if r["further"] is not None or r["declared"] is None:
            raise Refused(f"{rid} needs no further round")
        out = r["declared"]
        all_ids = [c["id"] for c in self.defn(r).get("candidates", [])] or \
                  [s["id"] for s in self.defn(r)["subjects"]]
        if not out["vote_valid"]:
            reason, cands, places = "void_vote", [all_ids[c] for c in r["choices"]], r["places"]
        elif out["kind"] != "vote":
            raise Refused(f"{rid} needs no further round")
        elif out["tied"]:
            if any(t.startswith("write-in:") for t in out["tied"]):
                raise Refused(f"{rid}: a tie with a person written in is nominated anew")
            reason, cands, places = "tie", list(out["tied"]), out["tied_places"]
        elif out["unfilled"] > 0 and self.defn(r).get("kind") == "Election":
            # 另行选举: the candidates not elected in rank order, places + 1 (two for one).
            d = self.defn(r)
            live = [b["marks"] for b in r["ballots"] if not b["voided"]]
            valid = [m for m in live if valid_ballot(m, mark_limit({"ProjectVote": d}, r))]
            ids, yes = votes(d, r, valid)
            n = len(r["choices"])
            ranked = sorted(range(n), key=lambda i: (-yes[i], i))
            rest = [ids[i] for i in ranked if ids[i] not in out["adopted"]]
            u = out["unfilled"]
            sizes = [2] if u == 1 else [u + 1, u + 2, u + 3]
            lists = [rest[:k] for k in sizes if k <= len(rest)]
            if not lists:
                raise Refused(f"{rid}: too few candidates left for a further election")
            # The presidium may take any of these lists; the event says which.
            cands = next((c for c in lists if c == chosen), lists[0])
            reason, places = "unfilled", u
        elif out["unfilled"] > 0 and any(all_ids[c] not in out["adopted"] for c in r["choices"]):
            reason = "unfilled"
            cands = [all_ids[c] for c in r["choices"] if all_ids[c] not in out["adopted"]]
            places = out["unfilled"]
        else:
            raise Refused(f"{rid} needs no further round")
        number = max(x["round"] for x in self.rounds if x["def"] == r["def"]) + 1
        base = self.defn(r)["id"]
        return {"type": "round_opened", "item": f"{base}#{number}", "from": rid,
                "round": number, "reason": reason, "candidates": cands, "places": places}

    def check_extent(self, ev):
        kind = ev["type"]
        if self.import_left and not (kind == "ballot_recorded" and ev["item"] == self.import_left[0]):
            raise Refused("import interrupted")
        if kind == "batch" and (ev["records"] == 0 or self.batch):
            raise Refused("batch misplaced")
        if kind in ("ballots_imported", "box_imported"):
            in_batch = self.batch[1] - 1 if self.batch and self.batch[0] + 1 == self.records else 0
            if ev["ballots"] == 0 or ev["ballots"] != in_batch:
                raise Refused("import extent")

    def fold_extent(self, ev):
        if ev["type"] == "batch":
            self.batch = [self.records, ev["records"]]
        elif self.batch:
            self.batch[1] -= 1
            if self.batch[1] == 0:
                self.batch = None
        if ev["type"] in ("ballots_imported", "box_imported"):
            self.import_left = [ev["item"], ev["ballots"]]
        elif self.import_left:
            self.import_left[1] -= 1
            if self.import_left[1] == 0:
                self.import_left = None

    def apply(self, ev, index):
        """Apply one event of record `index`, or raise Refused (the record still counts)."""
        if self.closed:
            raise Refused("a record follows the closing record", check=7)
        try:
            self.check_extent(ev)
            if index > 0:  # record 0 is the binding, checked under 4
                self.rule(ev)
        except Refused:
            if ev["type"] != "batch":
                self.fold_extent(ev)
            self.records += 1
            raise
        self.fold_extent(ev)
        self.records += 1

    def rule(self, ev):
        kind = ev["type"]
        if kind == "session_bound":
            raise Refused("a second binding")
        if kind in ("checked_in", "marked_on_leave", "marked_absent"):
            seat = ev["seat"]
            if seat not in self.seats:
                raise Refused(f"unknown seat {seat}")
            if self.open is not None:
                raise Refused("attendance while an item is open")
            to = {"checked_in": "present", "marked_on_leave": "on_leave",
                  "marked_absent": "absent"}[kind]
            if self.seats[seat] == to:
                raise Refused("attendance unchanged")
            self.seats[seat] = to
        elif kind == "round_opened":
            expected = self.further_round(ev["from"], ev.get("candidates"))
            if expected != ev:
                raise Refused("round_opened differs from the round needed")
            frm = self.round(ev["from"])
            all_ids = [c["id"] for c in self.defn(frm).get("candidates", [])] or \
                      [s["id"] for s in self.defn(frm)["subjects"]]
            frm["further"] = len(self.rounds)
            self.rounds.append(self.pending(ev["item"], frm["def"], ev["round"],
                                            [all_ids.index(c) for c in ev["candidates"]],
                                            ev["places"]))
        elif kind == "item_opened":
            r = self.round(ev["item"])
            if self.open is not None:
                raise Refused("another item is open")
            if r["phase"] != "pending":
                raise Refused("already opened")
            if not self.quorum():
                raise Refused("no quorum")
            if ev["issued"] != self.present():
                raise Refused("issued is not the number present")
            r["phase"], r["issued"], self.open = "open", ev["issued"], r
        elif kind == "ballot_recorded":
            r = self.open_round(ev["item"])
            if r["sealed"] is not None and not self.import_left:
                raise Refused("a ballot keyed outside a box in a round counted in sealed boxes")
            if ev["ballot"] != len(r["ballots"]) + 1:
                raise Refused("ballot number")
            d, seat = self.defn(r), ev.get("seat")
            if d["secret"] and seat is not None:
                raise Refused("a secret ballot names a seat")
            if not d["secret"]:
                if seat is None:
                    raise Refused("a named ballot without a seat")
                if self.seats.get(seat) != "present":
                    raise Refused("the seat is not present")
                if seat in r["voted"]:
                    raise Refused("the seat already voted")
            self.check_marks(r, ev["marks"])
            rep = ev.get("replaces")
            if rep is None:
                paper = r["papers"].next()
            else:
                paper = r["papers"].rekey(r["ballots"], rep, seat)
                if paper is None:
                    raise Refused("keys again an entry it may not")
            r["papers"].keyed(paper, rep)
            r["ballots"].append({"seat": seat, "marks": ev["marks"], "voided": None,
                                 "replaces": rep, "paper": paper})
            if seat is not None:
                r["voted"].add(seat)
        elif kind == "ballot_voided":
            r = self.open_round(ev["item"])
            if r["sealed"] is not None:
                raise Refused("a correction in the session log of a round counted in sealed boxes")
            n = ev["ballot"]
            if not 1 <= n <= len(r["ballots"]):
                raise Refused("no such ballot")
            b = r["ballots"][n - 1]
            if b["voided"]:
                raise Refused("already withdrawn")
            if not ev["reason"].strip():
                raise Refused("no reason")
            b["voided"] = ev["reason"]
            r["voted"].discard(b["seat"])
            r["papers"].withdrawn(n, b["paper"])
        elif kind == "ballots_imported":
            if self.open_round(ev["item"])["sealed"] is not None:
                raise Refused("an import file into a round counted in sealed boxes")
        elif kind == "boxes_sealed":
            r = self.open_round(ev["item"])
            labels = ev["boxes"]
            if r["sealed"] is not None or r["ballots"] or not labels:
                raise Refused("boxes sealed twice, after a ballot, or none named")
            if not all(isinstance(b, str) and b.strip() and b.strip() == b for b in labels) \
                    or len({box_key(b) for b in labels}) != len(labels):
                raise Refused("a sealed box label blank, padded or named twice")
            r["sealed"] = {"boxes": list(labels), "collected": ev["collected"]}
        elif kind == "boxes_reconciled":
            r = self.open_round(ev["item"])
            if r["sealed"] is None or r["reconciled"] or not ev["reason"].strip():
                raise Refused("a reconciliation without sealed boxes, twice, or without its reason")
            if (ev["counted"], ev["collected"], ev["missing"]) != \
                    (r["box_ballots"], r["sealed"]["collected"], self.missing(r)):
                raise Refused("a reconciliation that misstates the boxes")
            if not self.boxes_differ(r):
                raise Refused("a reconciliation where the boxes add up")
            r["reconciled"] = True
        elif kind == "box_imported":
            r = self.open_round(ev["item"])
            label, entries, decisions = ev["box"], ev["entries"], ev["decisions"]
            if len(ev["confirmed_by"]) != len(entries) or not all(
                    isinstance(n, str) and n.strip() for n in ev["confirmed_by"]):
                raise Refused("a station log head not confirmed against its signed sheet")
            if not label.strip() or box_key(label) in [box_key(b) for b in r["boxes"]]:
                raise Refused("box label empty, or the box already imported")
            if r["sealed"] is None or r["reconciled"] \
                    or box_key(label) not in [box_key(b) for b in r["sealed"]["boxes"]]:
                raise Refused("a box not sealed for the round, or after its reconciliation")
            want = {1: "single"}.get(len(entries))
            if len(entries) == 2:
                if entries[0]["teller"] == entries[1]["teller"]:
                    raise Refused("the same teller entered the box twice")
                want = ev["comparison"] if ev["comparison"] in ("by_order", "multiset") else None
            if want is None or ev["comparison"] != want:
                raise Refused("entries and comparison disagree")
            if any(not d["reason"].strip() for d in decisions):
                raise Refused("a decision without its reason")
            # One decision for each thing the comparison leaves open, and no other; a box
            # entered once says why.
            singles = sum(1 for d in decisions if d["kind"] == "single")
            if singles != (1 if ev["comparison"] == "single" else 0):
                raise Refused("a box entered once without its decision, or a single decision on a double entry")
            chosen_list = [d["chosen"] for d in decisions if d["kind"] == "entry"]
            if len(chosen_list) > 1 or (chosen_list and ev["comparison"] != "multiset"):
                raise Refused("an entry chosen twice, or where the entries were not compared as totals")
            chosen = chosen_list[0] if chosen_list else 1
            if not 1 <= chosen <= len(entries) or entries[chosen - 1]["ballots"] != ev["ballots"]:
                raise Refused("the recorded count is not the chosen entry's")
            seen = set()
            for d in decisions:
                if d["kind"] != "reading":
                    continue
                first, second, decided = d["first"], d["second"], d["decided"]
                if ev["comparison"] != "by_order" or d["ballot"] in seen or first == second \
                        or decided.get("seat") not in (first.get("seat"), second.get("seat")):
                    raise Refused("a reading decision that answers no difference")
                seen.add(d["ballot"])
            entry = entries[chosen - 1]
            hand = [d for d in decisions if d["kind"] == "hand_count"]
            due = entry["ballots"] != entry["hand_count"]
            answered = len(hand) == 1 and hand[0]["teller"] == entry["teller"] \
                and hand[0]["keyed"] == entry["ballots"] and hand[0]["hand_count"] == entry["hand_count"]
            if len(hand) > 1 or due != answered or (hand and not due):
                raise Refused("a hand-count decision missing, or where the recorded count is right")
            r["boxes"].append(label)
            r["box_ballots"] += ev["ballots"]
        elif kind == "item_closed":
            r = self.open_round(ev["item"])
            if self.boxes_differ(r):
                raise Refused("the boxes do not add up to the ballots collected, undecided")
            r["phase"], self.open = "closed", None
        elif kind == "result_declared":
            r = self.round(ev["item"])
            if r["phase"] != "closed":
                raise Refused("not closed, or already declared")
            counted = recount(self.model, r)
            if counted != ev["outcome"]:
                raise Refused("declared outcome differs from the recount", check=6)
            r["phase"], r["declared"] = "declared", counted
        elif kind in ("session_resumed", "tail_repaired", "batch"):
            pass
        elif kind in ("station_bound", "station_closed"):
            raise Refused("a station log's record in a session log")
        elif kind == "session_closed":
            if self.open is not None or any(r["phase"] == "closed" for r in self.rounds):
                raise Refused("an item is open or undeclared")
            declared = [r["id"] for r in self.rounds if r["phase"] == "declared"]
            if ev["records"] != self.records + 1 or ev["declared"] != declared:
                raise Refused("closing count or declared list")
            self.closed = True
        else:
            raise Refused(f"unknown event {kind}")

    def check_marks(self, r, marks):
        d, form = self.defn(r), marks["form"]
        n = len(r["choices"])
        if form == "spoiled":
            return
        if form == "void":
            if not isinstance(marks.get("reason"), str) or not marks["reason"].strip():
                raise Refused("a void ballot without its reason")
            return
        if "candidates" in d:
            if form == "choices" and d["form"] == "ForAgainstAbstain":
                if len(marks["choices"]) != n:
                    raise Refused("wrong number of choices")
                return
            if form == "election" and d["form"] == "Election":
                if len(marks["choices"]) != n:
                    raise Refused("wrong number of choices")
                names = marks["write_ins"]
                if names and not d.get("write_ins"):
                    raise Refused("names written in where the election takes none")
                titles = [d["candidates"][c]["title"] for c in r["choices"]]
                for name in names:
                    if not name or unicodedata.normalize("NFC", name).strip() != name:
                        raise Refused("a name written in is not normalised")
                    if name in titles:
                        raise Refused("a candidate written in")
                if len(set(names)) != len(names):
                    raise Refused("a name written in twice")
                return
            if form == "ticks" and isinstance(d["form"], dict):
                ids = [d["candidates"][c]["id"] for c in r["choices"]]
                t = marks["ticked"]
                if any(x not in ids for x in t) or len(set(t)) != len(t):
                    raise Refused("ticks")
                return
            raise Refused("marks of the wrong form")
        if form != "ratings" or len(marks["labels"]) != n:
            raise Refused("rating marks")
        for label in marks["labels"]:
            # "": the subject was left blank (not rated), counted under no label.
            if label != "" and label not in d["scale"] and not (d["abstain"] and label == ABSTAIN):
                raise Refused("label not on the scale")


# ---- Framing, chain, binding, and the replay ----------------------------------------


def binding_problems(ev):
    out = []
    if sha(ev["session_text"].encode("utf-8")) != ev["session_sha256"]:
        out.append("session text")
    roster = None
    if ev.get("roster_text") is not None:
        roster = ev["roster_text"].encode("utf-8")
    elif ev.get("roster_hex") is not None:
        roster = bytes.fromhex(ev["roster_hex"])
    if roster is not None and sha(roster) != ev["roster_sha256"]:
        out.append("roster")
    model_text = ev.get("session_model")
    if not isinstance(model_text, str) or sha(model_text.encode("utf-8")) != ev.get("session_model_sha256"):
        out.append("session model")
        return out, None
    model = json.loads(model_text)
    bound = [{"id": body["id"], "choices": [c["id"] for c in body.get("candidates", body.get("subjects", []))]}
             for item in model["items"] for body in item.values()]
    if ev.get("items") != bound:
        out.append("items")
    return out, model


def verify(data):
    problems = []  # (line, check, what)
    complete, _, residue = data.rpartition(b"\n")
    lines = complete.split(b"\n") if complete or data.startswith(b"\n") else []
    prev = None
    head = None
    session_id = None
    session = None
    broken = False  # checks 1-4 broke: nothing after is replayed
    outcomes = {}
    identity = None
    opened = {}  # round id -> [record number from 1, hash]

    def bad(n, check, what):
        problems.append((n, check, what))

    for i, line in enumerate(lines):
        n = i + 1
        if len(line) < 66 or line[64:65] != b" " or not set(line[:64].decode("latin-1")) <= HEX:
            bad(n, 1, "framing")
            prev, broken = None, True
            continue
        stated, body_bytes = line[:64].decode(), line[65:]
        if body_bytes.endswith(b"\r"):
            bad(n, 1, "CR LF")
        try:
            body = json.loads(body_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            bad(n, 1, "framing")
            prev, broken = None, True
            continue
        if not isinstance(body, dict) or sorted(body) != sorted(FIELDS) \
                or not isinstance(body.get("event"), dict):
            bad(n, 1, "fields")
            prev, broken = None, True
            continue
        ev = body["event"]
        if not event_ok(ev):
            bad(n, 1, "event fields")
            prev, broken = None, True
            continue
        # Record fields: v 1, one session throughout, RFC 3339 time, hex hashes.
        if body["v"] != 1:
            bad(n, 1, "version")
        if i == 0 and ev.get("type") == "session_bound":
            try:
                session_id = json.loads(ev.get("session_model", ""))["id"]
            except (ValueError, TypeError, KeyError):
                session_id = None
        if session_id is not None and body["session"] != session_id:
            bad(n, 1, "session id")
        if not isinstance(body["time"], str) or not RFC3339.match(body["time"]):
            bad(n, 1, "time")
        if not hex64(body["prev"]):
            bad(n, 1, "prev")
        for field in ("sha256", "session_sha256", "session_model_sha256"):
            if field in ev and not hex64(ev[field]):
                bad(n, 1, field)
        if ev.get("roster_sha256") is not None and not hex64(ev["roster_sha256"]):
            bad(n, 1, "roster_sha256")
        if ev.get("type") == "box_imported" and isinstance(ev.get("entries"), list) \
                and not all(isinstance(e, dict) and hex64(e.get("station_head")) for e in ev["entries"]):
            bad(n, 1, "station_head")
        if body["seq"] != i:
            bad(n, 2, "sequence")
            broken = True
        computed = sha(ENTRY + body_bytes)
        if i == 0:
            if ev.get("type") != "session_bound":
                bad(n, 4, "binding")
                broken = True
            else:
                prev = sha(GENESIS + ev["session_sha256"].encode())
                found, model = binding_problems(ev)
                for what in found:
                    bad(n, 4, what)
                if found:
                    broken = True
                else:
                    session = Session(model)
        if computed != stated or (prev is not None and body["prev"] != prev):
            bad(n, 3, "hash chain")
            broken = True
        prev = stated
        head = computed
        if i == 0:
            identity = computed
        if ev.get("type") == "item_opened":
            opened[ev["item"]] = [i + 1, stated]
        if session is not None and not broken:
            try:
                session.apply(ev, i)
                if ev.get("type") == "result_declared":
                    outcomes[ev["item"]] = ev["outcome"]
            except (Refused, KeyError, TypeError, ValueError, IndexError) as e:
                bad(n, getattr(e, "check", 5), str(e))
    if session is not None and not broken and session.batch:
        bad(session.batch[0] + 1, 5, "unfinished batch")
    closed = session is not None and session.closed
    if lines and not closed and not any(p[1] == 7 for p in problems):
        if not broken:
            bad(len(lines), 7, "not closed")
    problems.sort(key=lambda p: (p[0], p[1]))
    return {
        "records": len(lines),
        "head": head,
        "ok": bool(lines) and not problems and closed,
        "first_bad_line": problems[0][0] if problems else None,
        "first_bad_check": problems[0][1] if problems else None,
        "problems": [f"line {n}: check {c}: {p}" for n, c, p in problems],
        "outcomes": outcomes,
        "residue_bytes": len(residue),
        "identity": identity,
        "opened": opened,
    }


# ---- Counting stations ("Station logs" in the document) -------------------------------


def read_station(data):
    """A station log read on its own, or ValueError saying where it breaks."""
    if not data.endswith(b"\n"):
        raise ValueError("ends in an unfinished line")
    out, prev = None, None
    for i, line in enumerate(data[:-1].split(b"\n")):
        stated, body_bytes = line[:64].decode("latin-1"), line[65:]
        body = json.loads(body_bytes.decode("utf-8"))
        ev = body["event"]
        if sha(ENTRY + body_bytes) != stated or body["seq"] != i:
            raise ValueError(f"line {i + 1}: hash or sequence")
        if out is None:
            if ev["type"] != "station_bound" or body["operator"] != ev["teller"] \
                    or body["prev"] != sha(GENESIS + ev["session_log"].encode()):
                raise ValueError("line 1: not a station binding")
            out = {"binding": ev, "session": body["session"], "ballots": [], "numbers": [],
                   "keyed": 0, "records": 1, "head": stated, "closed": False,
                   "entries": [], "all": [], "papers": Papers()}
            prev = stated
            continue
        if body["prev"] != prev or body["operator"] != out["binding"]["teller"] \
                or body["session"] != out["session"] or out["closed"]:
            raise ValueError(f"line {i + 1}: chain, teller or session")
        item = out["binding"]["item"]
        if ev["type"] == "ballot_recorded" and ev["item"] == item:
            if ev["ballot"] != out["keyed"] + 1:
                raise ValueError(f"line {i + 1}: ballot number")
            out["keyed"] += 1
            # The paper's number: a withdrawn entry keyed again keeps it ("replaces").
            r = ev.get("replaces")
            paper = out["papers"].next() if r is None \
                else out["papers"].rekey(out["all"], r, ev.get("seat"))
            if paper is None:
                raise ValueError(f"line {i + 1}: keys again what it may not")
            out["papers"].keyed(paper, r)
            out["all"].append({"seat": ev.get("seat"), "voided": None, "replaces": r,
                               "paper": paper})
            out["ballots"].append({"seat": ev.get("seat"), "marks": ev["marks"]})
            out["numbers"].append(paper)
            out["entries"].append(ev["ballot"])
        elif ev["type"] == "ballot_voided" and ev["item"] == item and ev["reason"].strip():
            k = out["entries"].index(ev["ballot"])
            out["all"][ev["ballot"] - 1]["voided"] = ev["reason"]
            out["papers"].withdrawn(ev["ballot"], out["all"][ev["ballot"] - 1]["paper"])
            del out["numbers"][k], out["ballots"][k], out["entries"][k]
        elif ev["type"] == "station_closed" and ev["ballots"] == len(out["ballots"]) \
                and ev["records"] == i + 1:
            out["closed"] = True
        else:
            raise ValueError(f"line {i + 1}: {ev['type']} has no place here")
        out["records"] += 1
        out["head"] = stated
        prev = stated
    if out is None:
        raise ValueError("empty")
    return out


def key(reading):
    return json.dumps(reading, sort_keys=True, ensure_ascii=False)


def compare(a, b):
    """(comparison, differences): ballot by ballot, paired by the papers' numbers the
    stations showed, when both kept the order and hold the same numbers; else as totals."""
    if a["binding"]["order_kept"] and b["binding"]["order_kept"] \
            and sorted(a["numbers"]) == sorted(b["numbers"]):
        by_b = dict(zip(b["numbers"], b["ballots"]))
        diffs = sorted((n, x, by_b[n]) for n, x in zip(a["numbers"], a["ballots"])
                       if x != by_b[n])
        return "by_order", diffs
    counts = {}
    for r in a["ballots"]:
        counts.setdefault(key(r), [0, 0])[0] += 1
    for r in b["ballots"]:
        counts.setdefault(key(r), [0, 0])[1] += 1
    return "multiset", [(k, x, y) for k, (x, y) in sorted(counts.items()) if x != y]


def expected_box(logs, comparison, diffs, decisions):
    """The decisions and ballots the document's rules give for these station logs under the
    recorded answers, or None where an answer the rules need is missing."""
    want = []
    chosen = 1
    if comparison == "single":
        single = next((d for d in decisions if d["kind"] == "single"), None)
        if single is None:
            return None
        want.append(single)
    if comparison == "multiset" and diffs:
        entry = next((d for d in decisions if d["kind"] == "entry"), None)
        if entry is None or entry["chosen"] not in (1, 2):
            return None
        chosen = entry["chosen"]
        want.append(entry)
    log = logs[chosen - 1]
    ballots = list(log["ballots"])
    if comparison == "by_order":
        answers = {d["ballot"]: d for d in decisions if d["kind"] == "reading"}
        for n, x, y in diffs:
            d = answers.get(n)
            if d is None:
                return None
            want.append({"kind": "reading", "ballot": n, "first": x, "second": y,
                         "decided": d["decided"], "reason": d["reason"]})
            ballots[log["numbers"].index(n)] = d["decided"]
    b = log["binding"]
    if len(log["ballots"]) != b["hand_count"]:
        hand = next((d for d in decisions if d["kind"] == "hand_count"), None)
        if hand is None:
            return None
        want.append({"kind": "hand_count", "teller": b["teller"], "keyed": len(log["ballots"]),
                     "hand_count": b["hand_count"], "reason": hand["reason"]})
    return want, ballots


def audit_stations(log_data, stations, identity, opened):
    """Every box_imported batch against its station logs."""
    problems, checked = [], 0
    bodies = [json.loads(line[65:].decode("utf-8")) for line in log_data.split(b"\n") if line]
    i = 0
    while i < len(bodies):
        ev = bodies[i]["event"]
        if ev["type"] != "box_imported":
            i += 1
            continue
        recorded = [{"seat": b["event"].get("seat"), "marks": b["event"]["marks"]}
                    for b in bodies[i + 1:i + 1 + ev["ballots"]]]
        at = f"record {i + 1} (box {ev['box']})"
        i += 1 + ev["ballots"]
        logs = [next((s for s in stations if s["head"] == e["station_head"]), None)
                for e in ev["entries"]]
        if None in logs:
            problems.append(f"{at}: a station log is missing")
            continue
        bad = False
        for s, e in zip(logs, ev["entries"]):
            b = s["binding"]
            entry = {"teller": b["teller"], "station_head": s["head"],
                     "station_records": s["records"], "ballots": len(s["ballots"]),
                     "hand_count": b["hand_count"]}
            if b["session_log"] != identity or b["item"] != ev["item"] or b["box"] != ev["box"] \
                    or opened.get(ev["item"]) != [b["round_record"], b["round_hash"]] \
                    or not s["closed"] or entry != e:
                bad = True
        if bad:
            problems.append(f"{at}: an entry differs from its station log or binding")
            continue
        comparison, diffs = ("single", []) if len(logs) == 1 else compare(logs[0], logs[1])
        if comparison != ev["comparison"]:
            problems.append(f"{at}: comparison")
            continue
        expected = expected_box(logs, comparison, diffs, ev["decisions"])
        if expected is None or expected[0] != ev["decisions"]:
            problems.append(f"{at}: the decisions are not one for each difference and no other")
            continue
        if expected[1] != recorded:
            problems.append(f"{at}: the recorded ballots differ from the station logs and decisions")
            continue
        checked += 1
    for s in stations:
        if not s["closed"]:
            problems.append(f"a station log of box {s['binding']['box']} ({s['binding']['teller']}) is not closed")
    return {"boxes_checked": checked, "station_logs": len(stations), "problems": problems}


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    result = verify(data)
    if "--stations" in sys.argv:
        folder = sys.argv[sys.argv.index("--stations") + 1]
        stations, unreadable = [], []
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                raw = f.read()
            if b'"event":{"type":"station_bound"' not in raw.split(b"\n", 1)[0]:
                continue
            try:
                stations.append(read_station(raw))
            except (ValueError, KeyError, TypeError, IndexError) as e:
                unreadable.append(f"{name}: {e}")
        audit = audit_stations(data, stations, result["identity"], result["opened"])
        audit["problems"] += unreadable
        result["stations"] = audit
        result["ok"] = result["ok"] and not audit["problems"]
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(0 if result["ok"] else 1)
