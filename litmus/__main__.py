import os
import sys

try:
    from litmus.cli import main
except KeyboardInterrupt:  # Ctrl-C before main() handles it; nothing to clean up yet
    sys.stderr.write("litmus: interrupted\n")
    sys.stderr.flush()
    os._exit(130)  # not sys.exit: CPython would turn it into death by SIGINT (see cli.main)

main()
