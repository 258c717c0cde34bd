from searchapp.cli import main

main(prog_name="kommunesog")
