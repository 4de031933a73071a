"""Run one MkDocs build in this process and print its measurements as JSON (used by bench.py)."""

import json
import logging
import resource
import sys
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.disable(logging.INFO)
started = time.perf_counter()
config = load_config(config_file=sys.argv[1])
config.plugins.on_startup(command="build", dirty=False)
build(config)
total = time.perf_counter() - started
plugin = config.plugins.get("versus")
print(json.dumps({"total": total, "engine": plugin.engine_seconds if plugin else 0.0,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
