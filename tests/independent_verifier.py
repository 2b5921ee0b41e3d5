#!/usr/bin/env python3
"""An independent verifier of votedesk logs, written from docs/log-format.md alone.

It checks framing, sequence, the hash chain, the binding's embedded file hashes, batch
extents (a `batch` record is followed by exactly that many records; a `ballots_imported`
note opens its batch and is followed by exactly its `ballots` ballots of its item) and the
closing record. Usage: independent_verifier.py LOG  (prints JSON, exit 0 ok / 1 not ok).
"""
import hashlib
import json
import re
import sys

ENTRY = b"votedesk/v1/entry\n"
GENESIS = b"votedesk/v1/genesis\n"
FIELDS = ["v", "session", "seq", "prev", "time", "operator", "event"]
HEX = set("0123456789abcdef")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def hex64(v):
    return isinstance(v, str) and len(v) == 64 and set(v) <= HEX


def sha(b):
    return hashlib.sha256(b).hexdigest()


def verify(data):
    problems = []
    complete, _, residue = data.rpartition(b"\n")
    lines = complete.split(b"\n") if complete or data.startswith(b"\n") else []
    prev = None
    head = None
    session_id = None
    closed_at = None
    batch_left = 0  # records still due in the open batch
    batch_line = None
    batch_first = False  # the record just read opened a batch
    import_left = 0
    import_item = None
    for i, line in enumerate(lines):
        n = i + 1
        if len(line) < 66 or line[64:65] != b" " or not set(line[:64].decode("latin-1")) <= HEX:
            problems.append((n, "framing"))
            prev = None
            continue
        stated, body_bytes = line[:64].decode(), line[65:]
        try:
            body = json.loads(body_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            problems.append((n, "framing"))
            prev = None
            continue
        if not isinstance(body, dict) or sorted(body) != sorted(FIELDS) or body["v"] != 1:
            problems.append((n, "fields"))
            prev = stated if isinstance(body, dict) else None
            continue
        # Record fields: one session throughout, an RFC 3339 time with offset, hex hashes.
        if i == 0:
            session_id = body["session"]
        elif body["session"] != session_id:
            problems.append((n, "fields"))
        if not isinstance(body["time"], str) or not RFC3339.match(body["time"]):
            problems.append((n, "fields"))
        ev = body["event"] if isinstance(body["event"], dict) else {}
        for field in ("sha256", "session_sha256"):
            if field in ev and not hex64(ev[field]):
                problems.append((n, "fields"))
        if ev.get("roster_sha256") is not None and not hex64(ev["roster_sha256"]):
            problems.append((n, "fields"))
        if body.get("seq") != i:
            problems.append((n, "sequence"))
        computed = sha(ENTRY + body_bytes)
        if computed != stated:
            problems.append((n, "hash"))
        event = body.get("event", {})
        if i == 0:
            if event.get("type") != "session_bound":
                problems.append((n, "binding"))
            else:
                prev = sha(GENESIS + event["session_sha256"].encode())
                if sha(event["session_text"].encode("utf-8")) != event["session_sha256"]:
                    problems.append((n, "binding"))
                roster = None
                if event.get("roster_text") is not None:
                    roster = event["roster_text"].encode("utf-8")
                elif event.get("roster_hex") is not None:
                    roster = bytes.fromhex(event["roster_hex"])
                if roster is not None and sha(roster) != event["roster_sha256"]:
                    problems.append((n, "binding"))
        if prev is not None and body.get("prev") != prev:
            problems.append((n, "link"))
        if closed_at is not None:
            problems.append((n, "after closing"))
        kind = event.get("type")
        opened_batch = batch_first
        batch_first = False
        if import_left > 0:
            if kind != "ballot_recorded" or event.get("item") != import_item:
                problems.append((n, "import interrupted"))
            import_left -= 1
        if kind == "batch":
            count = event.get("records")
            if batch_left > 0 or not isinstance(count, int) or count < 1:
                problems.append((n, "batch"))
            else:
                batch_left, batch_line, batch_first = count, n, True
        elif batch_left > 0:
            batch_left -= 1
        if kind == "ballots_imported":
            count = event.get("ballots")
            # The note opens its batch, and the rest of the batch is its ballots.
            if not opened_batch or not isinstance(count, int) or count < 1 or count != batch_left:
                problems.append((n, "import extent"))
            else:
                import_left, import_item = count, event.get("item")
        if kind == "session_closed":
            closed_at = n
            if event.get("records") != n:
                problems.append((n, "closing count"))
        prev = stated
        head = computed
    if batch_left > 0:
        problems.append((batch_line, "unfinished batch"))
    if closed_at is None:
        problems.append((len(lines), "not closed"))
    return {
        "records": len(lines),
        "head": head,
        "ok": not problems,
        "first_bad_line": problems[0][0] if problems else None,
        "problems": [f"line {n}: {p}" for n, p in problems],
        "residue_bytes": len(residue),
    }


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        result = verify(f.read())
    print(json.dumps(result))
    sys.exit(0 if result["ok"] else 1)
