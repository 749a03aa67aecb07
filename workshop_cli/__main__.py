import sys

from workshop_cli.main import main

sys.exit(main())
