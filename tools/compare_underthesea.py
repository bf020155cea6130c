"""Scores underthesea's named-entity recogniser on articled's labelled evaluation set,
with the rules `tests/eval.rs` applies to articled, and times it.

    python3 -m venv /tmp/uts && /tmp/uts/bin/pip install underthesea==9.5.0
    /tmp/uts/bin/python tools/compare_underthesea.py [SET...]

Each article's file is given whole (a web page with its tags stripped), as articled is
given it. underthesea tags mentions (B-/I-PER, LOC, ORG); the distinct names of each
article, with PER as person, LOC as place and ORG as organisation, are its entities. An
entity is right when a labelled entity of the same kind has it as name or alias; names
in a label's `ignore` list are not counted either way. Names are compared in NFC with
the modern tone-mark placement, as in `tests/eval.rs`.
"""

import html.parser
import json
import pathlib
import re
import sys
import time
import unicodedata

from underthesea import ner

EVAL = pathlib.Path(__file__).resolve().parent.parent / "tests" / "eval"
KINDS = {"PER": "person", "LOC": "place", "ORG": "organization"}
OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
OLD_RE = re.compile(r"(?<![qQ])(" + "|".join(OLD_TONES) + r")(?!\w)", re.IGNORECASE)


def norm(s):
    s = unicodedata.normalize("NFC", s.strip())

    def swap(m):
        old = m.group(1)
        new = OLD_TONES[old.lower()]
        return "".join(n.upper() if o.isupper() else n for o, n in zip(old, new))

    return OLD_RE.sub(swap, s)


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def read(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        parser = Text()
        parser.feed(text)
        text = "\n".join(parser.parts)
    return unicodedata.normalize("NFC", text)


def entities(text):
    found, current = [], None
    for line in text.split("\n"):
        if not line.strip():
            continue
        for word, _pos, _chunk, tag in ner(line):
            if tag.startswith("B-") and tag[2:] in KINDS:
                current = [KINDS[tag[2:]], word]
                found.append(current)
            elif tag.startswith("I-") and current and KINDS.get(tag[2:]) == current[0]:
                current[1] += " " + word
            else:
                current = None
    return {(kind, norm(name)) for kind, name in found}


def main(sets):
    tp = fp = fn = 0
    articles, seconds, chars = 0, 0.0, 0
    for name in sets:
        s_tp = s_fp = s_fn = 0
        for label in sorted((EVAL / name).glob("*.json")):
            gold = json.loads(label.read_text())
            if "entities_not_scored" in gold:
                continue
            if "file" in gold:
                path = label.parent / gold["file"]
            else:
                path = next(p for e in (".txt", ".html") if (p := label.with_suffix(e)).exists())
            text = read(path)
            started = time.perf_counter()
            found = entities(text)
            seconds += time.perf_counter() - started
            articles += 1
            chars += len(text.encode())
            labelled = [
                (e["kind"], {norm(e["name"]), *map(norm, e.get("aliases", []))})
                for e in gold["entities"]
            ]
            ignore = {norm(n) for n in gold.get("ignore", [])}
            matched = [False] * len(labelled)
            for kind, found_name in sorted(found):
                hit = next((i for i, (k, names) in enumerate(labelled) if k == kind and found_name in names), None)
                if hit is not None and not matched[hit]:
                    matched[hit] = True
                    s_tp += 1
                elif hit is None and found_name in ignore:
                    pass
                else:
                    s_fp += 1
            s_fn += matched.count(False)
        p = s_tp / max(s_tp + s_fp, 1)
        r = s_tp / max(s_tp + s_fn, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        print(f"{name}: entities P {p:.3f} R {r:.3f} F1 {f1:.3f} (tp {s_tp}, fp {s_fp}, fn {s_fn})")
        tp, fp, fn = tp + s_tp, fp + s_fp, fn + s_fn
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    print(f"all: entities P {p:.3f} R {r:.3f} F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn})")
    print(f"speed: {articles} articles in {seconds:.2f} s of ner(): {articles / seconds:.2f} articles/s, {chars / seconds / 1e6:.3f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1:] or ["dev", "heldout", "heldout2", "heldout3", "heldout4"])
