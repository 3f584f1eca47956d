"""Benchmarks of the detectors on labelled real scans (``bench/real.py``) and on real pages
with composited damage (``bench/semireal.py``).

Modules: :mod:`~conservator.benchmark.labels` reads a folder's ``labels.json``;
:mod:`~conservator.benchmark.scoring` scores one page's detection masks against the boxes;
:mod:`~conservator.benchmark.summary` pools pages and checks the targets;
:mod:`~conservator.benchmark.run` analyses one labelled file; :mod:`~conservator.benchmark.overlay`
draws boxes and detections for people to look at; :mod:`~conservator.benchmark.matching` matches
detections to exact masks and :mod:`~conservator.benchmark.semireal` runs and scores semi-real
pages. Nothing here imports Qt.
"""
