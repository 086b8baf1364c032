; Each section folds from its header to the next header.
(section) @fold
