"""Tiles made in worker threads, kept in an LRU cache, drawn by one QGraphicsItem."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

import ui._compat  # noqa: F401  (PySide6 6.12 reference-count work-around; see there)
from ui.viewer.pyramid import TileSource


class _Tile:
    __slots__ = ("image", "buf", "nbytes")

    def __init__(self, buf: np.ndarray):
        self.buf = buf  # the QImage borrows this memory
        h, w = buf.shape[:2]
        self.image = QImage(buf.data, w, h, buf.strides[0], QImage.Format_RGB32)
        self.nbytes = buf.nbytes


class _Worker(QRunnable):
    def __init__(self, loader: TileLoader):
        super().__init__()
        self.loader = loader

    def run(self) -> None:
        self.loader._work()


class TileLoader(QObject):
    """Makes tiles of a :class:`TileSource` in a private thread pool, newest request first."""

    tileReady = Signal(int, object)  # generation, (level, tx, ty)

    def __init__(self, parent=None, threads: int = 1, cache_bytes: int = 192 << 20):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.source: TileSource | None = None
        self.generation = 0
        self.cache: OrderedDict[tuple[int, int, int], _Tile] = OrderedDict()
        self.cache_bytes = cache_bytes
        self._bytes = 0
        self._lock = threading.Lock()
        self._queue: list[tuple[int, int, int]] = []
        self._pending: set[tuple[int, int, int]] = set()
        self._running = 0
        self._results: list[tuple[int, tuple[int, int, int], np.ndarray]] = []
        self.tileReady.connect(self._on_ready, Qt.QueuedConnection)

    def set_source(self, source: TileSource | None) -> None:
        """Switch to another scan (or none); queued work for the old one is dropped."""
        with self._lock:
            self.generation += 1
            self._queue.clear()
            self._pending.clear()
        self.cache.clear()
        self._bytes = 0
        self.source = source

    def clear_cache(self) -> None:
        """Forget every tile (after a display-mapping change)."""
        self.set_source(self.source)

    def get(self, key: tuple[int, int, int]) -> QImage | None:
        tile = self.cache.get(key)
        if tile is None:
            return None
        self.cache.move_to_end(key)
        return tile.image

    def put(self, key: tuple[int, int, int], buf: np.ndarray) -> None:
        """Add a tile made on the GUI thread."""
        tile = _Tile(buf)
        self.cache[key] = tile
        self._bytes += tile.nbytes

    def request(self, key: tuple[int, int, int]) -> None:
        if self.source is None:
            return
        with self._lock:
            if key in self._pending:
                if key in self._queue:  # most recent wish first
                    self._queue.remove(key)
                    self._queue.append(key)
                return
            self._pending.add(key)
            self._queue.append(key)
            start = self._running < self.pool.maxThreadCount()
            if start:
                self._running += 1
        if start:
            self.pool.start(_Worker(self))

    def prune(self, keep_level: int) -> None:
        """Drop queued requests for levels other than ``keep_level`` (and the coarsest)."""
        if self.source is None:
            return
        top = self.source.nlevels - 1
        with self._lock:
            drop = [k for k in self._queue if k[0] not in (keep_level, top)]
            for k in drop:
                self._queue.remove(k)
                self._pending.discard(k)

    def busy(self) -> bool:
        with self._lock:
            return bool(self._queue) or self._running > 0

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker threads to finish their queue (tests, benchmarks, closing)."""
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        with self._lock:
            self._queue.clear()
            self.generation += 1
        self.pool.waitForDone()

    # --- worker side ---------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._running -= 1
                    return
                key = self._queue.pop()
                gen = self.generation
                source = self.source
            try:
                buf = source.make_tile(*key)
            except Exception:  # a bad tile is left blank, never a crash in a thread
                buf = None
            with self._lock:
                if gen != self.generation:
                    continue
                self._results.append((gen, key, buf))
            self.tileReady.emit(gen, key)

    # --- GUI side ------------------------------------------------------------------------
    def _on_ready(self, gen: int, key) -> None:
        with self._lock:
            results, self._results = self._results, []
        for g, k, buf in results:
            with self._lock:
                self._pending.discard(k)
            if g != self.generation or buf is None:
                continue
            tile = _Tile(buf)
            self.cache[k] = tile
            self._bytes += tile.nbytes
            self.tileArrived(k)
        top = self.source.nlevels - 1 if self.source else -1
        while self._bytes > self.cache_bytes and len(self.cache) > 1:
            k, old = next(iter(self.cache.items()))
            if k[0] == top:  # the coarsest level is the placeholder of last resort
                self.cache.move_to_end(k)
                if all(kk[0] == top for kk in self.cache):
                    break
                continue
            del self.cache[k]
            self._bytes -= old.nbytes

    def tileArrived(self, key) -> None:  # replaced by the item
        pass


class TiledImageItem(QGraphicsItem):
    """Draws the pyramid level matching the view scale; coarser tiles stand in for missing ones."""

    def __init__(self, source: TileSource, loader: TileLoader):
        super().__init__()
        self.source = source
        self.loader = loader
        loader.set_source(source)
        loader.tileArrived = self._arrived
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)
        self._level = -1
        self.missing = 0  # tiles drawn from a coarser level in the last paint (tests, bench)
        self.request_top()

    def request_top(self) -> None:
        """Ask for every tile of the coarsest level: the placeholders of last resort."""
        top = self.source.nlevels - 1
        cols, rows = self.source.grid(top)
        for ty in range(rows):
            for tx in range(cols):
                self.loader.request((top, tx, ty))

    def top_ready(self) -> bool:
        """Whether the whole page can be drawn (at least from the coarsest level)."""
        top = self.source.nlevels - 1
        cols, rows = self.source.grid(top)
        return all(
            self.loader.get((top, tx, ty)) is not None for ty in range(rows) for tx in range(cols)
        )

    def set_source(self, source: TileSource) -> None:
        """Show another pyramid of the same scan (the exact levels after the preview)."""
        self.source = source
        self._level = -1
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.source.width, self.source.height)

    def level_for_scale(self, scale: float) -> int:
        if scale <= 0:
            return self.source.nlevels - 1
        lvl = int(math.floor(math.log2(1.0 / scale) + 1e-9)) if scale < 1 else 0
        return max(0, min(self.source.nlevels - 1, lvl))

    def _arrived(self, key) -> None:
        x, y, w, h = self.source.scene_rect(*key)
        self.update(QRectF(x, y, w, h))

    def _tiles_in(self, level: int, rect: QRectF):
        src = self.source
        lv = src.levels[level]
        lh, lw = lv.shape[:2]
        fx, fy = lw / src.width, lh / src.height
        t = src.tile
        c0 = max(0, int(rect.left() * fx) // t)
        r0 = max(0, int(rect.top() * fy) // t)
        c1 = min((lw - 1) // t, int(math.ceil(rect.right() * fx)) // t)
        r1 = min((lh - 1) // t, int(math.ceil(rect.bottom() * fy)) // t)
        for ty in range(r0, r1 + 1):
            for tx in range(c0, c1 + 1):
                yield tx, ty

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        level = self.level_for_scale(scale * dpr)  # high-DPI screens get the finer level
        if level != self._level:
            self._level = level
            self.loader.prune(level)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, scale < 4)
        exposed = option.exposedRect.intersected(self.boundingRect())
        missing = 0
        for tx, ty in self._tiles_in(level, exposed):
            key = (level, tx, ty)
            img = self.loader.get(key)
            rect = QRectF(*self.source.scene_rect(*key))
            if img is not None:
                painter.drawImage(rect, img, QRectF(img.rect()))
                continue
            self.loader.request(key)
            missing += 1
            self._draw_placeholder(painter, level, rect.intersected(exposed))
        self.missing = missing

    def _draw_placeholder(self, painter: QPainter, level: int, rect: QRectF) -> None:
        """Draw the missing area from a coarser level (unsmoothed: it is replaced at once)."""
        smooth = painter.testRenderHint(QPainter.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
        try:
            self._draw_coarser(painter, level, rect)
        finally:
            painter.setRenderHint(QPainter.SmoothPixmapTransform, smooth)

    def _draw_coarser(self, painter: QPainter, level: int, rect: QRectF) -> None:
        src = self.source
        for up in range(level + 1, src.nlevels):
            keys = list(self._tiles_in(up, rect))
            imgs = [self.loader.get((up, tx, ty)) for tx, ty in keys]
            if any(i is None for i in imgs):
                continue
            lh, lw = src.levels[up].shape[:2]
            fx, fy = lw / src.width, lh / src.height
            for (tx, ty), img in zip(keys, imgs, strict=True):
                trect = QRectF(*src.scene_rect(up, tx, ty)).intersected(rect)
                if trect.isEmpty():
                    continue
                sx = trect.left() * fx - tx * src.tile
                sy = trect.top() * fy - ty * src.tile
                painter.drawImage(
                    trect, img, QRectF(sx, sy, trect.width() * fx, trect.height() * fy)
                )
            return
