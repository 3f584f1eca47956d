import sys

from conservator.cli import main

sys.exit(main())
