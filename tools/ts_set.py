"""Set translations in the ``.ts`` catalogues from a JSON file (for bulk drafting).

``python tools/ts_set.py FILE.json`` where FILE holds
``{"<lang>": {"<context>": {"<source>": "translation" | ["form 1", "form 2", ...]}}}``.
Messages keep Linguist's ``unfinished`` flag (= awaiting review, see the translations README).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"


def apply(table: dict) -> int:
    changed = 0
    for lang, contexts in table.items():
        path = TS_DIR / f"conservator_{lang}.ts"
        tree = ET.parse(path)
        for ctx in tree.getroot().iter("context"):
            wanted = contexts.get(ctx.findtext("name") or "")
            if not wanted:
                continue
            for msg in ctx.iter("message"):
                text = wanted.get(msg.findtext("source"))
                if text is None:
                    continue
                tr = msg.find("translation")
                if msg.get("numerus") == "yes":
                    forms = text if isinstance(text, list) else [text]
                    for f in list(tr):
                        tr.remove(f)
                    tr.text = None
                    for form in forms:
                        ET.SubElement(tr, "numerusform").text = form
                else:
                    tr.text = text[0] if isinstance(text, list) else text
                tr.set("type", "unfinished")
                changed += 1
        ET.indent(tree, space="    ")
        body = ET.tostring(tree.getroot(), encoding="unicode")
        path.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
            encoding="utf-8",
        )
    return changed


if __name__ == "__main__":
    print(apply(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
