from privcli.cli import main

main()
