"""Bodies (cơ quan, đơn vị): a tree of any depth whose subtrees are users' scopes."""
