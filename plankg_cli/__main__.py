import sys

from plankg_cli import main

sys.exit(main())
