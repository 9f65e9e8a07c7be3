"""Package discovery for the one `kassa` distribution.

DESIGN.md draws the top-level packages at the repository root (core/, sync/,
devices/, terminal/, server/). They install under the `kassa` namespace
(kassa.core, kassa.sync, ...) so they never collide with other distributions'
modules; metadata and dependencies live in pyproject.toml.
"""

from setuptools import find_packages, setup

ROOTS = ("core", "sync", "devices", "terminal", "server")

package_dir = {"kassa": "kassa"}
packages = ["kassa"]
for root in ROOTS:
    package_dir[f"kassa.{root}"] = root
    packages.append(f"kassa.{root}")
    packages += [f"kassa.{root}.{sub}" for sub in find_packages(root)]

setup(
    package_dir=package_dir,
    packages=packages,
    package_data={"": ["*.kv", "*.ini", "*.mako", "*.csv", "*.ttf", "*.toml", "*.png", "*.sql"]},
)
