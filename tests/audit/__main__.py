import sys

from tests.audit.run import main

sys.exit(main())
