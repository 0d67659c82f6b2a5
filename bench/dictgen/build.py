#!/usr/bin/env python3
"""Assemble rules/phrases/<domain>.tsv from header_<domain>.tsv + out/<domain>.tsv.

Run gen.py first.  Usage: python bench/dictgen/build.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
for d in ("science", "medical", "business"):
    head = open(os.path.join(HERE, "header_%s.tsv" % d), encoding="utf-8").read()
    body = open(os.path.join(HERE, "out", d + ".tsv"), encoding="utf-8").read()
    extra = os.path.join(HERE, "extras_%s.tsv" % d)
    if os.path.exists(extra):
        keys = {l.split("\t")[0] for l in body.splitlines()}
        for line in open(extra, encoding="utf-8"):
            if line.strip() and not line.startswith("#") and line.split("\t")[0] not in keys:
                body += line if line.endswith("\n") else line + "\n"
    dst = os.path.join(REPO, "rules", "phrases", d + ".tsv")
    with open(dst, "w", encoding="utf-8") as f:
        f.write(head.rstrip("\n") + "\n")
        f.write(body)
    print(dst, body.count("\n"), "entries")
