from poll_service.cli import main

main()
