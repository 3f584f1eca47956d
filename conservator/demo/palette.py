"""Paper tones, backing boards and scanner-bed sizes of the demo pages (no heavy imports,
so the command line can list them without loading OpenCV)."""

#: Scanner-bed sizes in millimetres (width, height, portrait).
SIZES_MM = {"a5": (148.0, 210.0), "a4": (210.0, 297.0), "a3": (297.0, 420.0)}

#: Paper base colours (sRGB) the generator chooses from.
PAPERS = {
    "white": (239, 235, 225),
    "cream": (236, 226, 200),
    "ivory": (231, 222, 196),
    "yellowed": (228, 210, 168),
    "grey": (216, 213, 204),
    "brown": (210, 188, 150),
}

#: Backing-board colours (sRGB): dark grey/black or saturated chroma boards.
BOARDS = {
    "black": (21, 21, 23),
    "darkgrey": (54, 55, 58),
    "blue": (30, 68, 158),
    "green": (26, 128, 74),
}
