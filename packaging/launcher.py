"""The frozen program's entry script (PyInstaller needs a file, not a module).

Everything happens in ``elevhalsa_desktop.__main__.main``, which also calls
``multiprocessing.freeze_support()`` first, so the handover print's spawned workers start here too.
"""

import sys

from elevhalsa_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
