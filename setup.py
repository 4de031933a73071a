"""Build step for the wheel: the offline search shim ships inside the package, with its licence.

The shim (iframe-worker, MIT) comes from the npm registry at set-up (`npm ci`, pinned in
package-lock.json); a wheel built without it would make plugin users fetch it by hand, so building
one without it fails with the command to run. Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIM = Path(__file__).resolve().parent / "node_modules" / "iframe-worker"


class BuildWithSearchShim(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # a source checkout uses node_modules/ directly (versus.siteneeds)
        if not (SHIM / "shim" / "index.js").is_file():
            raise SystemExit("versus: node_modules/iframe-worker is missing; run `npm ci` before building the wheel")
        target = Path(self.build_lib) / "versus" / "assets" / "vendor"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIM / "shim" / "index.js", target / "iframe-worker-shim.js")
        shutil.copyfile(SHIM / "LICENSE", target / "iframe-worker-LICENSE")


setup(cmdclass={"build_py": BuildWithSearchShim})
