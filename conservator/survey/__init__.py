"""Collection condition surveys: sample a fonds's scans, analyse the sample, report with
confidence intervals (``conservator survey``).

- :mod:`conservator.survey.source`: the frame (every page of a folder or CSV list)
- :mod:`conservator.survey.sample`: simple random or stratified sampling, seeded
- :mod:`conservator.survey.run`: planning, the Dask engine, storing pages (resumable)
- :mod:`conservator.survey.stats`: proportions, intervals, grades, the ranked list
- :mod:`conservator.survey.report`: the JSON document and the PDF report
- storage: :mod:`conservator.storage.surveys`
"""
