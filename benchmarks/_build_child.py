"""Run one build in this process and print its measurements as JSON (used by bench.py).

    _build_child.py mkdocs|properdocs CONFIG_FILE [plain]

Wall and CPU time start after the site generator is imported and before versus is: importing
versus, loading the configuration and building are counted; `engine` is the import of versus plus
the time the plugin spends in its hooks (zero for a plain build without the plugin).
"""

import importlib
import json
import logging
import os
import resource
import sys
import time

tool, config_file = sys.argv[1], sys.argv[2]
if tool == "properdocs":
    importlib.import_module("properdocs.replacement")  # as its command line does: mkdocs.* is properdocs.*
build = importlib.import_module(f"{tool}.commands.build").build
load_config = importlib.import_module(f"{tool}.config").load_config
importlib.import_module(f"{tool}.config.defaults")  # load_config imports it before any plugin, as in a real build
logging.disable(logging.INFO)

load_before = os.getloadavg()[0]
started, cpu_started = time.perf_counter(), time.process_time()
with_plugin = sys.argv[3:] != ["plain"]
if with_plugin:
    import versus.mkdocs_plugin  # noqa: F401  (counted: the plugin's import is part of its cost)
imported = time.perf_counter() - started
config = load_config(config_file=config_file)
config.plugins.on_startup(command="build", dirty=False)
build(config)
total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
plugin = config.plugins.get("versus")
engine = imported + plugin.engine_seconds if plugin else 0.0
hooks = dict(plugin.hook_seconds) if plugin and hasattr(plugin, "hook_seconds") else {}
print(json.dumps({"hooks": hooks, "total": total, "cpu": cpu, "engine": engine, "import": imported if plugin else 0.0,
                  "load": load_before, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
