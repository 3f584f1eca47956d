"""A tagged PDF: a structure tree in reading order, headings, and alternative text for figures.

PDF/A-2b (what the report claims) allows tagging without requiring it; this adds the logical
structure a screen reader or a reflowing viewer uses, and the report stays valid PDF/A-2b. It
does **not** claim PDF/A-2a or PDF/UA: the running header and footer, rules and table
backgrounds are not marked as artifacts and tables are not tagged as tables.

How it works: while the report is drawn, flowables that know their role mark their content
in the page's content stream (:func:`begin` / :func:`end`): a heading as ``/H2``, a damage
map or detail crop as ``/Figure`` with its alternative text in the property list. After
rendering, :func:`tag_pdf` walks each page's content stream in order, gives every marked
sequence a marked-content id (MCID) and wraps every other run of text (``BT … ET``) in a
``/P`` sequence; each sequence becomes one structure element of the document, in content
order, which is the reading order of the report (header, body top to bottom, footer).
"""

from __future__ import annotations

#: Roles a flowable may mark while drawing.
ROLES = ("H1", "H2", "P", "Figure")


def _pdf_string(text: str) -> str:
    """``text`` as a PDF hex string (UTF-16BE with BOM), safe in a content stream."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def begin(canv, role: str, alt: str | None = None) -> None:
    """Start a marked-content sequence of ``role`` on ``canv`` (a reportlab canvas)."""
    if role not in ROLES:
        raise ValueError(f"unknown structure role {role}")
    props = f"/Alt {_pdf_string(alt)} " if alt else ""
    canv._code.append(f"/{role} <<{props}>> BDC")


def end(canv) -> None:
    """End the marked-content sequence started by :func:`begin`."""
    canv._code.append("EMC")


def tag_pdf(pdf, lang: str) -> int:
    """Build the structure tree of ``pdf`` (a pikepdf.Pdf); returns the number of elements."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Operator

    root = pdf.Root
    struct_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, P=struct_root, Lang=pikepdf.String(lang))
    )
    kids = Array()
    parent_tree = Array()
    count = 0
    for page_no, page in enumerate(pdf.pages):
        ops = pikepdf.parse_content_stream(page)
        out: list = []
        page_elems = Array()
        depth = 0  # nesting of marked content (ours or reportlab's)
        open_p = False
        mcid = 0

        def new_elem(role: str, alt=None, page_obj=page.obj, elems=page_elems) -> int:
            nonlocal mcid, count
            elem = Dictionary(
                Type=Name.StructElem,
                S=Name("/" + role),
                P=document,
                Pg=page_obj,
                K=mcid,
            )
            if alt is not None:
                elem.Alt = alt
            elem = pdf.make_indirect(elem)
            kids.append(elem)
            elems.append(elem)
            count += 1
            mcid += 1
            return mcid - 1

        for operands, op in ops:
            name = str(op)
            if name == "BDC" and depth == 0 and str(operands[0]).lstrip("/") in ROLES:
                if open_p:
                    out.append(([], Operator("EMC")))
                    open_p = False
                role = str(operands[0]).lstrip("/")
                props = operands[1] if len(operands) > 1 else Dictionary()
                alt = props.get("/Alt") if isinstance(props, Dictionary) else None
                n = new_elem(role, alt)
                out.append(([Name("/" + role), Dictionary(MCID=n)], Operator("BDC")))
                depth += 1
                continue
            if name in ("BDC", "BMC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
            elif name == "BT" and depth == 0 and not open_p:
                n = new_elem("P")
                out.append(([Name.P, Dictionary(MCID=n)], Operator("BDC")))
                open_p = True
            elif open_p and name in ("Do", "re", "m", "f", "F", "S", "s", "B", "b", "sh"):
                # a picture or a drawing after a run of text: the text's sequence ends here
                out.append(([], Operator("EMC")))
                open_p = False
            out.append((operands, op))
        if open_p:
            out.append(([], Operator("EMC")))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        page.obj.StructParents = page_no
        page.obj.Tabs = Name.S
        parent_tree.append(page_no)
        parent_tree.append(pdf.make_indirect(page_elems))
    document.K = kids
    struct_root.K = document
    struct_root.ParentTree = pdf.make_indirect(Dictionary(Nums=parent_tree))
    struct_root.ParentTreeNextKey = len(pdf.pages)
    root.StructTreeRoot = struct_root
    root.MarkInfo = Dictionary(Marked=True)
    prefs = root.get("/ViewerPreferences") or Dictionary()
    prefs.DisplayDocTitle = True
    root.ViewerPreferences = prefs
    return count
