"""`python -m dialoogtafel` runs the `dialoog` command line."""

import sys

from dialoogtafel.cli.main import main

sys.exit(main())
