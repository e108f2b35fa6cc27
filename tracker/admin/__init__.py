"""Administration: bodies (tree, rename, merge, import) and users."""
