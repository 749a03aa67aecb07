import sys

from aftercare.cli import main

sys.exit(main())
