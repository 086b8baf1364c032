#!/bin/sh
# Real-client test in Emacs (batch ERT) through eglot. Exit 77 = skipped.
#   tests/editors/emacs.sh INF_LS_BINARY SOURCE_DIR
set -u
server=$1 src=$2
command -v emacs >/dev/null 2>&1 || { echo "SKIP: emacs is not installed (apt-get install emacs-nox elpa-eglot)"; exit 77; }
# eglot is built in from Emacs 29; Emacs 28 needs Debian's elpa-eglot.
emacs -Q --batch --eval '(progn
  (unless (locate-library "eglot")
    (require (quote package))
    (setq package-directory-list (list "/usr/share/emacs/site-lisp/elpa"))
    (package-initialize))
  (unless (locate-library "eglot") (kill-emacs 3)))' \
  || { echo "SKIP: eglot is not available (apt-get install elpa-eglot)"; exit 77; }
emacs --version | head -1
INFLS_SERVER=$server INFLS_EXAMPLE=$src/examples/legacy.inf INFLS_EMACS_DIR=$src/editors/emacs \
  exec emacs -Q --batch -l "$src/tests/editors/emacs/inf-mode-test.el" \
    -l "$src/tests/editors/emacs/inf-eglot-test.el" -f ert-run-tests-batch-and-exit
