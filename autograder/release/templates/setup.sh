#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu, network on).
# It installs the kit's pinned dependencies (requirements.txt, from pyproject.toml, with every
# transitive version fixed by constraints.txt) into a virtual environment, and bubblewrap,
# the grading sandbox. Choose Gradescope's Ubuntu 24.04 base image (Python 3.12).
set -euo pipefail
cd "$(dirname "$0")"
VENV="${AUTOGRADER_VENV:-@VENV@}"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "the kit needs Python >= 3.11 but this image has " + sys.version.split()[0] + ": choose the Ubuntu 24.04 base image in the autograder settings")'

python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
# Fail the build now, not at the first submission, if the grading engine cannot load.
"$VENV/bin/python" -c 'import numpy, matplotlib, nbformat, otter.test_files' 
echo "autograder environment ready in $VENV"
