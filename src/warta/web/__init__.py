"""The web UI: Jinja2 templates, static assets (vendored d3, topojson, world-atlas), and
the article highlighter. Served by :mod:`warta.api`."""
