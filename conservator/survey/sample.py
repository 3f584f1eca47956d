"""Drawing the sample: simple random or stratified with proportional allocation.

Both are reproducible: the same frame, size and seed give the same sample (NumPy's PCG64
generator seeded with ``seed``). Without ``--seed`` a seed is drawn from the operating system
and stored with the survey, so the sample can still be drawn again.

Stratified sampling allocates the sample to strata in proportion to their size
(``n_h = n · N_h / N``, rounded by largest remainder, at least one page per stratum when the
sample is at least as large as the number of strata, never more than ``N_h``), then draws a
simple random sample in each stratum. The whole sample is then put in a random order of
analysis, so that a survey stopped half-way has analysed a random part of the sample, not the
first strata.
"""

from __future__ import annotations

import math
import secrets
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from conservator.errors import ConservatorError


def new_seed() -> int:
    """A fresh seed (stored with the survey so that the sample can be drawn again)."""
    return secrets.randbelow(2**31)


def sample_size(population: int, *, size: int | None, fraction: float | None) -> int:
    """The number of pages to draw (``size`` or ``fraction`` of the population; else all)."""
    if size is not None and fraction is not None:
        raise ConservatorError("give --sample N or --fraction F, not both")
    if size is not None:
        if size < 1:
            raise ConservatorError("--sample must be at least 1")
        return min(int(size), population)
    if fraction is not None:
        if not 0 < fraction <= 1:
            raise ConservatorError("--fraction must be above 0 and at most 1")
        return max(1, min(population, math.ceil(fraction * population - 1e-9)))
    return population


def allocate(sizes: dict, n: int) -> dict:
    """Proportional allocation of ``n`` over strata of ``sizes`` (largest remainder).

    Examples
    --------
    >>> allocate({"a": 600, "b": 300, "c": 100}, 10)
    {'a': 6, 'b': 3, 'c': 1}
    >>> allocate({"a": 98, "b": 2}, 5)
    {'a': 4, 'b': 1}
    """
    total = sum(sizes.values())
    keys = list(sizes)
    if n >= total:
        return dict(sizes)
    exact = {k: n * sizes[k] / total for k in keys}
    alloc = {k: min(sizes[k], math.floor(exact[k])) for k in keys}
    if n >= len(keys):  # every stratum is represented
        for k in keys:
            alloc[k] = max(alloc[k], min(1, sizes[k]))
    # remove from the largest over-allocations, add by largest remainder
    while sum(alloc.values()) > n:
        k = max((k for k in keys if alloc[k] > 1), key=lambda k: alloc[k] - exact[k])
        alloc[k] -= 1
    order = sorted(keys, key=lambda k: (-(exact[k] - alloc[k]), keys.index(k)))
    i = 0
    while sum(alloc.values()) < n:
        k = order[i % len(order)]
        if alloc[k] < sizes[k]:
            alloc[k] += 1
        i += 1
    return alloc


def draw_sample(
    strata: Sequence[str | None],
    n: int,
    *,
    seed: int,
    stratified: bool,
) -> list[int]:
    """Indexes into the frame of the pages drawn, in their (random) order of analysis.

    Parameters
    ----------
    strata : sequence
        The stratum of every frame page (ignored unless ``stratified``).
    n : int
        Sample size (``len(strata)`` for a census).
    seed : int
        Random seed.
    stratified : bool
        Proportional allocation over the distinct values of ``strata``.
    """
    rng = np.random.default_rng(int(seed))
    population = len(strata)
    if n >= population:
        chosen = np.arange(population)
    elif not stratified:
        chosen = rng.choice(population, size=n, replace=False)
    else:
        groups: dict = defaultdict(list)
        for i, s in enumerate(strata):
            groups[s].append(i)
        alloc = allocate({k: len(v) for k, v in groups.items()}, n)
        parts = [
            np.asarray(groups[k])[rng.choice(len(groups[k]), size=alloc[k], replace=False)]
            for k in groups
            if alloc[k]
        ]
        chosen = np.concatenate(parts) if parts else np.zeros(0, int)
    return [int(i) for i in rng.permutation(np.sort(chosen))]
