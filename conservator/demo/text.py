"""Text content, fonts and the printed layer of a demo leaf (text, red heading, sepia illustration).

The printed layer is drawn with Pillow at full scan resolution in the leaf's own (unrotated)
frame as an RGB *transmittance* image: white where nothing is printed, the ink colour where ink
covers the paper. The page generator multiplies the paper by it after rotating it into place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont, features

from conservator.resources import resources_dir

#: Font files looked up in the project's ``resources/fonts`` folder.
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "fa": "Vazirmatn-Regular.ttf",
    "fa-bold": "Vazirmatn-Bold.ttf",
}

HEADINGS = {
    "en": [
        "Inventory of the Regional Archive",
        "Register of Letters Received",
        "Library Accessions",
    ],
    "ru": ["ОПИСЬ ДЕЛ ГУБЕРНСКОГО АРХИВА", "Реестр входящих писем", "Книга поступлений библиотеки"],
    "kk": ["ҚОЛЖАЗБАЛАР ҚОРЫНЫҢ ТІЗІМІ", "ІС ҚАҒАЗДАРЫНЫҢ ТІЗІЛІМІ"],
    "fa": ["فهرست اسناد کتابخانه ملی", "دفتر نامه‌های رسیده"],
}

BOLD_LINES = [
    "Fonds 12 · Inventory 3 · File 45 — Фонд 12, опись 3, дело 45",
    "Collection of manuscripts, vol. II — Собрание рукописей, т. II",
    "Қор 7 · Тізбе 2 · Іс 118 — Fonds 7, list 2, file 118",
]

SENTENCES = {
    "en": [
        "Letters received in the year 1894 concerning the repair of the library building.",
        "The purchase of writing paper, ink and sealing wax was approved by the committee.",
        "Registers were bound in half leather and returned to the reading room in autumn.",
        "A copy of the inventory was sent to the governor's office on the fifth of March.",
        "The keeper reports that several volumes were damaged by damp in the cellar.",
        "Maps of the district and plans of the new school are kept in the second cabinet.",
        "Accounts for firewood, candles and the wages of the porter are entered below.",
        "The old catalogue cards were copied by hand and checked against the shelves.",
    ],
    "ru": [
        "Письма о ремонте здания библиотеки, полученные в 1894 году.",
        "Покупка писчей бумаги, чернил и сургуча утверждена комитетом.",
        "Книги переплетены в полукожаный переплёт и возвращены в читальный зал.",
        "Копия описи отправлена в канцелярию губернатора пятого марта.",
        "Хранитель сообщает, что несколько томов пострадали от сырости в подвале.",
        "Карты уезда и планы новой школы хранятся во втором шкафу.",
        "Счета за дрова, свечи и жалованье сторожа внесены ниже.",
        "Старые карточки каталога переписаны от руки и сверены с полками.",
    ],
    "kk": [
        "Әлемдегі ең көне қолжазбалардың бірі Ұлттық кітапханада сақталған.",
        "Ғалымдар Қазақстан тарихы туралы құжаттарды зерттеп, мұрағатқа тапсырды.",
        "Өнер және әдебиет бөлімінің қорына жаңа кітаптар түсті.",
        "Үкімет қаулысы бойынша кітапхана ғимараты жөнделді.",
        "Һижра жылнамасы мен ескі жиһаз тізімі бөлек папкада тұр.",
        "Іс қағаздары хронологиялық тәртіппен нөмірленген.",
        "Қолжазбаның беттері қағаздың сарғаюы мен дақтарына байланысты тексерілді.",
        "Оқу залындағы көңілді оқырмандар ескі газеттерді парақтады.",
    ],
    "fa": [
        "این سند در آرشیو ملی نگهداری می‌شود.",
        "نامه‌ها درباره تعمیر ساختمان کتابخانه در سال ۱۲۷۳ نوشته شده‌اند.",
        "خرید کاغذ، مرکب و لاک مهر به تصویب انجمن رسید.",
        "دفترها با جلد نیم‌چرمی صحافی شد و به تالار مطالعه بازگشت.",
        "نگهبان گزارش می‌دهد که چند جلد در زیرزمین از رطوبت آسیب دیده است.",
        "نقشه‌های ناحیه و طرح مدرسه تازه در قفسه دوم نگهداری می‌شود.",
        "حساب هیزم، شمع و مزد دربان در زیر آمده است.",
    ],
}

#: Opens the first Kazakh paragraph of every page: it holds all of Ә Ғ Қ Ң Ө Ұ Ү Һ І.
KAZAKH_LETTERS_SENTENCE = (
    "Ғалымдар Ұлттық кітапхананың Өнер бөлімінде Үкімет қаулыларын, Һижра жылнамасын, "
    "Іс қағаздарын және ҚАЗАҚСТАННЫҢ Әдебиет қорын зерттеді."
)

CAPTIONS = [
    "Fig. 1. View of the library from the river, 1890s — Вид библиотеки с реки",
    "Fig. 2. The reading room — Читальный зал — Оқу залы",
    "Fig. 3. The old caravanserai — Старый караван-сарай",
]

#: Ink colours as sRGB: iron-gall / carbon black-brown for text, vermilion for the heading.
INK_COLOURS = [(38, 32, 30), (30, 30, 36), (48, 36, 28)]
RED_INKS = [(176, 38, 30), (160, 30, 36), (190, 60, 40)]


def _fonts_dir() -> Path | None:
    """The bundled fonts folder, or ``None`` when it cannot be found."""
    folder = resources_dir() / "fonts"
    return folder if folder.is_dir() else None


@lru_cache(maxsize=64)
def load_font(kind: str, size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont | None:
    """A font of ``kind`` (see :data:`FONT_FILES`) at ``size_px``, or ``None`` when missing."""
    fonts = _fonts_dir()
    if fonts is not None:
        path = fonts / FONT_FILES[kind]
        if path.exists():
            engine = ImageFont.Layout.RAQM if has_raqm() else ImageFont.Layout.BASIC
            return ImageFont.truetype(str(path), max(4, size_px), layout_engine=engine)
    if kind.startswith("fa"):
        return None  # no Persian without Vazirmatn
    return ImageFont.load_default(max(4, size_px))


@lru_cache(maxsize=1)
def has_raqm() -> bool:
    """Whether Pillow has libraqm (real shaping and bidi)."""
    try:
        return bool(features.check("raqm"))
    except Exception:
        return False


def shape_rtl(text: str) -> str:
    """Persian text prepared for a renderer without raqm: reshaped and in visual order."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


@dataclass
class Block:
    """Something printed on the leaf, for the page record (distractors included)."""

    kind: str
    lang: str | None
    box: tuple[float, float, float, float]  # x, y, w, h in leaf pixels
    text: str | None = None


@dataclass
class PrintLayer:
    """The printed layer in the leaf frame."""

    rgb: np.ndarray  # uint8 H×W×3 transmittance (255 = nothing printed)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, img: Image.Image, ppm: float):
        self.img = img
        self.draw = ImageDraw.Draw(img)
        self.ppm = ppm

    def length(self, font, text: str, rtl: bool) -> float:
        if rtl and has_raqm():
            return font.getlength(text, direction="rtl", language="fa")
        if rtl:
            text = shape_rtl(text)
        return font.getlength(text)

    def line(self, xy, text, font, fill, rtl=False) -> None:
        if rtl and has_raqm():
            self.draw.text(xy, text, font=font, fill=fill, direction="rtl", language="fa")
        else:
            self.draw.text(xy, shape_rtl(text) if rtl else text, font=font, fill=fill)

    def wrap(self, text: str, font, width: float, rtl: bool) -> list[str]:
        lines, cur = [], ""
        for word in text.split():
            trial = f"{cur} {word}" if cur else word
            if cur and self.length(font, trial, rtl) > width:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        if cur:
            lines.append(cur)
        return lines


def _sepia_picture(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A small photo-like sepia landscape (uint8 RGB), drawn at low resolution."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    yy /= max(h - 1, 1)
    xx /= max(w - 1, 1)
    img = 0.82 - 0.25 * yy  # sky gradient
    n_hills = int(rng.integers(2, 4))
    for i in range(n_hills):
        base = 0.35 + 0.18 * i + rng.uniform(-0.05, 0.05)
        prof = rng.standard_normal(w // 4 + 4).astype(np.float32)
        prof = cv2.GaussianBlur(prof.reshape(1, -1), (0, 0), 3 + 2 * i).ravel()
        prof = cv2.resize(prof.reshape(1, -1), (w, 1), interpolation=cv2.INTER_CUBIC).ravel()
        horizon = base + 0.12 * prof / (np.abs(prof).max() + 1e-6)
        tone = 0.55 - 0.13 * i + rng.uniform(-0.05, 0.05)
        ground = yy > horizon[None, :]
        img = np.where(ground, tone - 0.15 * (yy - horizon[None, :]), img)
    # a building and a few trees: dark shapes that read as a scene
    bx, bw = rng.uniform(0.15, 0.6), rng.uniform(0.18, 0.3)
    by, bh = rng.uniform(0.35, 0.5), rng.uniform(0.15, 0.25)
    pic = (img * 255).astype(np.uint8)
    x0, x1 = int(bx * w), int((bx + bw) * w)
    y0, y1 = int(by * h), int((by + bh) * h)
    cv2.rectangle(pic, (x0, y0), (x1, y1), 70, -1)
    cv2.fillPoly(
        pic, [np.array([[x0 - 4, y0], [x1 + 4, y0], [(x0 + x1) // 2, y0 - (y1 - y0) // 2]])], 55
    )
    for k in range(int(rng.integers(3, 6))):
        wx = x0 + (k + 0.5) * (x1 - x0) / 5
        cv2.rectangle(
            pic,
            (int(wx - 3), int(y0 + 0.3 * (y1 - y0))),
            (int(wx + 3), int(y0 + 0.6 * (y1 - y0))),
            150,
            -1,
        )
    for _ in range(int(rng.integers(4, 9))):
        tx, ty = int(rng.uniform(0.02, 0.98) * w), int(rng.uniform(0.45, 0.75) * h)
        r = int(rng.uniform(0.03, 0.07) * w)
        cv2.ellipse(pic, (tx, ty), (r, int(r * 1.5)), 0, 0, 360, int(rng.uniform(35, 70)), -1)
        cv2.line(pic, (tx, ty), (tx, ty + int(r * 2.2)), 40, max(1, r // 5))
    pic = pic.astype(np.float32) / 255.0
    # clouds in the sky, grass and soil texture below: a photograph, not a drawing
    clouds = cv2.GaussianBlur(
        rng.standard_normal((h, w)).astype(np.float32), (0, 0), max(w / 25, 1)
    )
    clouds /= max(float(np.abs(clouds).max()), 1e-6)
    pic += 0.10 * clouds * np.clip(1.0 - 2.2 * yy, 0, 1)
    ground = cv2.GaussianBlur(rng.standard_normal((h, w)).astype(np.float32), (0, 0), 1.5)
    ground /= max(float(ground.std()), 1e-6)
    pic *= 1.0 + 0.06 * ground * np.clip(2.0 * yy - 0.6, 0, 1)
    pic = cv2.GaussianBlur(pic, (0, 0), 1.2)
    grain = cv2.GaussianBlur(rng.standard_normal((h, w)).astype(np.float32), (0, 0), 0.8)
    pic = pic + 0.035 * grain
    vign = 1.0 - 0.35 * (((xx - 0.5) * 2) ** 2 + ((yy - 0.5) * 2) ** 2) ** 1.5
    pic = np.clip(pic * vign, 0, 1)
    # sepia toning: dark brown shadows to warm cream highlights
    dark = np.array([62, 38, 24], np.float32)
    light = np.array([246, 232, 206], np.float32)
    rgb = dark[None, None, :] + (light - dark)[None, None, :] * pic[..., None] ** 0.9
    return np.clip(rgb, 0, 255).astype(np.uint8)


def render_print_layer(rng: np.random.Generator, width: int, height: int, ppm: float) -> PrintLayer:
    """Draw the text, heading, bold line and illustration of one leaf.

    Parameters
    ----------
    rng : numpy.random.Generator
        The layout's random stream.
    width, height : int
        Leaf size in pixels.
    ppm : float
        Pixels per millimetre.

    Returns
    -------
    PrintLayer
    """
    img = Image.new("RGB", (width, height), (255, 255, 255))
    w = _Writer(img, ppm)
    layer = PrintLayer(rgb=np.empty(0), blocks=[])
    leaf_w_mm = width / ppm
    k = leaf_w_mm / 190.0  # scale type with the leaf (A3 leaves get larger type)
    pt = ppm * 25.4 / 72.0 * k  # pixels per typographic point
    margin_x = 0.11 * width
    top = 0.075 * height
    bottom = height - 0.08 * height
    col_w = width - 2 * margin_x
    ink = tuple(int(c) for c in INK_COLOURS[int(rng.integers(len(INK_COLOURS)))])
    red = tuple(int(c) for c in RED_INKS[int(rng.integers(len(RED_INKS)))])

    # red heading, centred
    head_lang = ["en", "ru", "kk"][int(rng.integers(3))]
    heading = HEADINGS[head_lang][int(rng.integers(len(HEADINGS[head_lang])))]
    font = load_font("bold", round(17 * pt))
    hw = w.length(font, heading, False)
    hx = (width - hw) / 2
    w.line((hx, top), heading, font, red)
    hb = w.draw.textbbox((hx, top), heading, font=font)
    layer.blocks.append(Block("heading", head_lang, _box(hb), heading))
    y = hb[3] + 5 * pt

    # bold line
    bold = BOLD_LINES[int(rng.integers(len(BOLD_LINES)))]
    font = load_font("bold", round(11 * pt))
    while w.length(font, bold, False) > col_w and font.size > 6:
        font = load_font("bold", font.size - 2)
    w.line((margin_x, y), bold, font, ink)
    bb = w.draw.textbbox((margin_x, y), bold, font=font)
    layer.blocks.append(Block("bold", "en", _box(bb), bold))
    y = bb[3] + 6 * pt

    # illustration position: after the first paragraph or two
    langs = ["en", "ru", "kk", "fa"]
    order = [langs[i] for i in rng.permutation(4)]
    order += [langs[i] for i in rng.permutation(4)]
    order += [langs[i] for i in rng.permutation(4)]
    illus_after = int(rng.integers(1, 3))
    body = 10.5 * pt
    lead = 1.5 * body
    para = 0
    for lang in order:
        if para == illus_after:
            y = _illustration(w, layer, rng, y, margin_x, col_w, height, pt, ink)
        rtl = lang == "fa"
        font = load_font("fa" if rtl else "regular", round(body))
        if font is None:
            layer.warnings.append("Persian font missing: Persian text left out")
            continue
        n = int(rng.integers(2, 4))
        picks = rng.choice(len(SENTENCES[lang]), size=n, replace=False)
        text = " ".join(SENTENCES[lang][int(i)] for i in picks)
        if lang == "kk" and not any(b.lang == "kk" and b.kind == "text" for b in layer.blocks):
            text = f"{KAZAKH_LETTERS_SENTENCE} {text}"
        lines = w.wrap(text, font, col_w, rtl)
        y0 = y
        for line in lines:
            if y + lead > bottom:
                break
            if rtl:
                x = margin_x + col_w - w.length(font, line, True)
            else:
                x = margin_x
            w.line((x, y), line, font, ink, rtl=rtl)
            y += lead
        if y > y0:
            layer.blocks.append(Block("text", lang, (margin_x, y0, col_w, y - y0), text))
        y += 0.8 * lead
        para += 1
        if y + 2 * lead > bottom:
            break

    # folio number at the foot
    font = load_font("regular", round(9 * pt))
    folio = str(int(rng.integers(2, 240)))
    fx = (width - w.length(font, folio, False)) / 2
    w.line((fx, height - 0.05 * height), folio, font, ink)

    rgb = np.asarray(img, dtype=np.uint8).copy()
    del img, w
    # ink soaks in a little: soften edges by a fraction of a tenth of a millimetre
    sigma = 0.03 * ppm
    if sigma > 0.3:
        cv2.GaussianBlur(rgb, (0, 0), sigma, dst=rgb)
    layer.rgb = rgb
    return layer


def _illustration(w: _Writer, layer: PrintLayer, rng, y, margin_x, col_w, height, pt, ink) -> float:
    """Place the framed sepia picture and its caption; return the new y."""
    ppm = w.ppm
    pw = col_w * rng.uniform(0.5, 0.7)
    ph = pw * rng.uniform(0.55, 0.75)
    if y + ph + 30 * pt > height * 0.9:
        ph = max(height * 0.9 - y - 30 * pt, 0)
        if ph < 20 * ppm:
            return y
    px = margin_x + (col_w - pw) * rng.uniform(0.0, 1.0)
    # the picture itself, drawn at ~4 px/mm and enlarged (a soft, photo-like image)
    lw, lh = max(int(pw / ppm * 4), 16), max(int(ph / ppm * 4), 16)
    pic = _sepia_picture(rng, lw, lh)
    pic = cv2.resize(pic, (int(pw), int(ph)), interpolation=cv2.INTER_CUBIC)
    x0, y0 = int(px), int(y + 2 * pt)
    # mount: a slightly toned plate area with a thin dark frame line around the photo
    pad = int(1.8 * ppm)
    plate = (x0 - pad, y0 - pad, x0 + pic.shape[1] + pad, y0 + pic.shape[0] + pad)
    w.draw.rectangle(plate, fill=(236, 226, 206))
    w.draw.rectangle(plate, outline=ink, width=max(1, int(0.35 * ppm)))
    w.img.paste(Image.fromarray(pic), (x0, y0))
    inner = (x0 - 1, y0 - 1, x0 + pic.shape[1], y0 + pic.shape[0])
    w.draw.rectangle(inner, outline=(70, 45, 30), width=max(1, int(0.15 * ppm)))
    layer.blocks.append(Block("illustration", None, _box(plate)))
    font = load_font("regular", round(8.5 * pt))
    cap = CAPTIONS[int(rng.integers(len(CAPTIONS)))]
    while w.length(font, cap, False) > col_w and font.size > 6:
        font = load_font("regular", font.size - 2)
    cx = plate[0] + (plate[2] - plate[0] - w.length(font, cap, False)) / 2
    cx = min(max(cx, margin_x), margin_x + col_w - w.length(font, cap, False))
    cy = plate[3] + 2.5 * pt
    w.line((cx, cy), cap, font, ink)
    cb = w.draw.textbbox((cx, cy), cap, font=font)
    layer.blocks.append(Block("caption", "en", _box(cb), cap))
    return cb[3] + 10 * pt


def _box(b) -> tuple[float, float, float, float]:
    return (float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1]))
