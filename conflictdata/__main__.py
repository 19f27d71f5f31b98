from conflictdata.cli import main
import sys
sys.exit(main())
