#!/usr/bin/env python3
# Usage: python benchmarks/compare_sites.py SITE_BEFORE SITE_AFTER [N]: prints the first N page diffs.
"""Compare two built sites: each HTML file tokenised (attributes sorted, entities decoded, boolean
attributes and self-closing syntax unified, whitespace collapsed) and the token streams diffed."""
import sys, difflib
from html.parser import HTMLParser
from pathlib import Path
BOOL = {"checked", "selected", "disabled", "open", "hidden", "reversed", "multiple", "readonly"}
class N(HTMLParser):
    def __init__(s): super().__init__(convert_charrefs=True); s.out=[]
    def handle_starttag(s, tag, attrs):
        s.out.append(f"<{tag} " + " ".join(f'{k}="{"" if k in BOOL else v}"' for k, v in sorted(attrs)) + ">")
    handle_startendtag = handle_starttag
    def handle_endtag(s, tag): s.out.append(f"</{tag}>")
    def handle_data(s, d):
        d = " ".join(d.split())
        if d: s.out.append(d)
    def handle_comment(s, c): pass
def norm(t): n=N(); n.feed(t); return n.out
a, b = Path(sys.argv[1]), Path(sys.argv[2])
fa = sorted(p.relative_to(a) for p in a.rglob("*.html")); fb = sorted(p.relative_to(b) for p in b.rglob("*.html"))
print("html files", len(fa), len(fb), "only one side:", set(fa) ^ set(fb))
changed = 0
for rel in fa:
    x, y = norm((a/rel).read_text()), norm((b/rel).read_text())
    if x != y:
        changed += 1
        if changed <= int(sys.argv[3] if len(sys.argv) > 3 else 5):
            print("==", rel); print("\n".join(list(difflib.unified_diff(x, y, lineterm="", n=1))[:24]))
print("changed pages:", changed)
