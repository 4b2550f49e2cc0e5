"""The `dialoog` command line: it wires the server, the kiosk, storage and the exports."""
