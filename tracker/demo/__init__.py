"""The demo dataset: four provinces, their bodies, the directives named in the articles,
tasks of every kind and assignments in every state, built only through the operations so
that every row has its history. Entry point: `tracker.demo.loader.load_demo(now=...)`."""
