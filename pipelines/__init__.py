"""Graph wiring, the command line and commands over written tables."""
