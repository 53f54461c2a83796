"""Settings packages: `base` (local use and the default), `production` and `test`."""
