from litmus.cli import main

main()
