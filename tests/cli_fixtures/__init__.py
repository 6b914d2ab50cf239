"""Records the command-line tests share (built with the operations, not copied from output)."""
