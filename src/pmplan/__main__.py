from pmplan.cli import main

main()
