"""What both sides use: the process's resources, content, live results, patches, headers."""
