"""The backing board: is one evidently there, of which kind, and how sure is that.

Losses and tears are the board seen through the leaf, so they are measured only where a board is
evidently there (detection.md §6.2, "capture requirement": a contrasting backing board, matte
black or a saturated blue/green chroma board). Without that evidence they are *not measured*,
with the reason, rather than invented from ink, show-through or a shaded part of the paper.

Method
------
1. *Paper first.* The paper is the lighter half of the frame's central 40 %: the median CIELAB
   of its pixels at or above the centre's median L*. Backing boards are darker than paper (black,
   grey) or far more saturated (chroma boards), so a hole at the centre with black behind it does
   not become "the paper" (leaf and board would swap; the leaf is never the dark hole).
2. *An even margin ring.* The outer ``margin_frac`` of the frame is sampled; its pixels farther
   than ΔE*ab ``board_min_de`` (at least 10) from the paper are board candidates, and there must
   be at least a quarter of the ring of them. Their median is the board colour. A board is
   even: the ring's median distance from it stays within ``board_max_spread`` and 70 % of the
   ring lies within ΔE*ab 20 of it; ink, show-through and picture content are not even.
3. *A board is never paper-coloured.* Its colour must fall in one of the named regimes:

   ========== =============================================================================
   regime     colour (CIELAB D50)
   ========== =============================================================================
   ``black``  neutral (C*ab < ``neutral_max_chroma``), L* < ``black_max_l``
   ``grey``   neutral, ``black_max_l`` ≤ L* < ``grey_max_l``
   ``chroma`` C*ab ≥ ``chroma_min_c`` with a hue outside the paper's yellow-brown band
              (``paper_hue_min_deg``–``paper_hue_max_deg``), e.g. blue or green boards
   ``none``   anything else: light neutral (a scanner lid, shaded paper), yellow-brown
   ========== =============================================================================

   and it must lie at least ΔE*ab ``board_min_gap`` from the paper.
4. *Confidence* (0–1) = the share of the ring's board candidates within ΔE*ab 20 of the board
   colour (evenness) × min(1, gap / (2 · ``board_min_gap``)) (separation); below
   ``min_board_confidence`` the board is not trusted.

The regime also tells the loss and tear detectors what ink can look like: on ``black`` and
``grey`` boards dark ink is nearly the board's colour (stricter tests); on ``chroma`` boards
it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the front end imports this module
    from conservator.detect.frontend import FrontParams

#: Board regimes, named (see the module docstring).
REGIMES = ("black", "grey", "chroma", "none")


@dataclass(frozen=True)
class BoardModel:
    """What the frame's margin says about a backing board.

    Attributes
    ----------
    lab : ndarray (3,) or None
        Board colour (CIELAB D50), ``None`` when there is no board to trust.
    regime : str
        One of :data:`REGIMES`.
    confidence : float
        0–1 (see the module docstring); 0 without a board.
    gap : float
        ΔE*ab between board and paper (0 without a board).
    reason : str or None
        Why there is no board: ``"no_board"`` (nothing board-like in the margin, or it is
        paper-coloured) or ``"uneven_board"`` (the margin is picture content), else ``None``.
    note : str
        A sentence for the warnings, in plain words.
    """

    lab: np.ndarray | None
    regime: str
    confidence: float
    gap: float
    reason: str | None
    note: str = ""

    @property
    def visible(self) -> bool:
        return self.lab is not None

    @property
    def ink_like(self) -> bool:
        """Dark neutral boards: dark ink is nearly their colour."""
        return self.regime in ("black", "grey")

    def to_dict(self) -> dict:
        return {
            "regime": self.regime,
            "confidence": round(float(self.confidence), 3),
            "lab": None if self.lab is None else [round(float(v), 2) for v in self.lab],
        }


def none(reason: str, note: str) -> BoardModel:
    return BoardModel(None, "none", 0.0, 0.0, reason, note)


def regime_of(board: np.ndarray, p: FrontParams) -> str:
    """The named regime of a board colour (CIELAB D50)."""
    L, a, b = (float(v) for v in board)
    chroma = float(np.hypot(a, b))
    if chroma < p.neutral_max_chroma:
        if L < p.black_max_l:
            return "black"
        if L < p.grey_max_l:
            return "grey"
        return "none"
    hue = float(np.degrees(np.arctan2(b, a))) % 360.0
    if chroma >= p.chroma_min_c and not (p.paper_hue_min_deg <= hue <= p.paper_hue_max_deg):
        return "chroma"
    return "none"


def paper_guess(centre: np.ndarray) -> np.ndarray:
    """The paper's colour from the frame's centre: median of its lighter half (see step 1)."""
    L = centre[:, 0]
    light = centre[L >= np.median(L)]
    return np.median(light if light.shape[0] else centre, axis=0)


def fit_board(ring: np.ndarray, paper: np.ndarray, p: FrontParams) -> BoardModel:
    """The board model from the margin ring's CIELAB samples (n × 3) and the paper colour."""
    if ring.shape[0] == 0:
        return none("no_board", "no backing board visible around the leaf")
    d_paper = np.linalg.norm(ring - paper, axis=-1)
    far = d_paper > max(p.board_min_de, 10.0)
    if far.mean() < 0.25:
        return none("no_board", "no backing board visible around the leaf")
    board = np.median(ring[far], axis=0).astype(np.float32)
    ring_de = np.linalg.norm(ring - board, axis=-1)
    if float(np.median(ring_de)) > p.board_max_spread or np.mean(ring_de < 20.0) < 0.7:
        return none(
            "uneven_board",
            "no even backing board around the leaf (a photograph or a picture to the edges?)",
        )
    regime = regime_of(board, p)
    gap = float(np.linalg.norm(board - paper))
    if regime == "none" or gap < p.board_min_gap:
        return none(
            "no_board",
            "the frame's margin is paper-coloured, not a backing board (black, grey or a "
            "chroma board)",
        )
    evenness = float(np.mean(ring_de[far] < 20.0))
    confidence = evenness * min(1.0, gap / (2.0 * p.board_min_gap))
    if confidence < p.min_board_confidence:
        return none("no_board", "the backing board is not clearly separated from the paper")
    return BoardModel(board, regime, confidence, gap, None)
