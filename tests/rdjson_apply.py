"""Apply an rdjson report's suggestions as reviewdog would (ranges: line from 1, column in UTF-8 bytes from 1, end
exclusive) and print, for each file a suggestion touches, whether the result equals that file in a repaired copy.
Usage: rdjson_apply.py REPORT.rdjson SRC_DIR FIXED_DIR   Exit 1 on a mismatch or a bad range."""
import json
import os
import sys

report, src_dir, fixed_dir = sys.argv[1:4]
with open(report, encoding="utf-8") as f:
    doc = json.load(f)
edits = {}
for d in doc.get("diagnostics", []):
    for s in d.get("suggestions", []):
        edits.setdefault(d["location"]["path"], []).append(s)
bad = 0
for path, sugg in edits.items():
    with open(os.path.join(src_dir, path), "rb") as f:
        data = f.read()
    starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]

    def offset(pos):
        line, col = pos["line"], pos.get("column", 1)
        if not 1 <= line <= len(starts) or col < 1:
            raise ValueError(f"{path}: position {pos} outside the file")
        return starts[line - 1] + col - 1

    spans = sorted(((offset(s["range"]["start"]), offset(s["range"].get("end", s["range"]["start"])),
                     s["text"].encode()) for s in sugg), reverse=True)
    for a, b, text in spans:
        data = data[:a] + text + data[b:]
    with open(os.path.join(fixed_dir, path), "rb") as f:
        want = f.read()
    if data != want:
        print(f"FAIL {report}: {path}: the suggestions applied differ from --fix's result")
        bad += 1
    else:
        print(f"ok {path}")
sys.exit(1 if bad else 0)
