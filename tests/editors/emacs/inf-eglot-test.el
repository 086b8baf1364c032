;;; inf-eglot-test.el --- Real-client test: eglot + inf-mode talking to inf-ls  -*- lexical-binding: t; -*-

;; INFLS_SERVER=build/server/inf-ls INFLS_EXAMPLE=examples/legacy.inf \
;; INFLS_EMACS_DIR=editors/emacs emacs -Q --batch \
;;   -l tests/editors/emacs/inf-eglot-test.el -f ert-run-tests-batch-and-exit
;;
;; Opens a temp copy of the legacy example in `inf-mode', connects eglot the
;; way `eglot-ensure' does, and checks through eglot: the diagnostics in
;; Flymake, the hover through eldoc, completion at point, a quick fix
;; applied with eglot's own code-action path, go to definition through xref
;; and rename through `eglot-rename'.

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'subr-x)

;; Emacs 28 with Debian's elpa-eglot: `-Q' leaves the system ELPA directory
;; out, so activate it.  Emacs 29+ has eglot built in.
(unless (locate-library "eglot")
  (require 'package)
  (setq package-directory-list
        (append package-directory-list '("/usr/share/emacs/site-lisp/elpa")))
  (package-initialize))

(defvar inf-test-server (getenv "INFLS_SERVER"))
(defvar inf-test-example (getenv "INFLS_EXAMPLE"))
(defvar inf-test-timeout (string-to-number (or (getenv "INFLS_TIMEOUT") "20")))

(add-to-list 'load-path (expand-file-name (or (getenv "INFLS_EMACS_DIR") "editors/emacs")))
(require 'inf-mode)
(require 'eglot)
(require 'flymake)

(defvar inf-test--dir nil)
(defvar inf-test--buffer nil)

(defun inf-test--wait (pred &optional what)
  "Run the event loop until PRED returns non-nil; fail after the timeout."
  (let ((deadline (+ (float-time) inf-test-timeout))
        result)
    (while (and (not (setq result (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or result (ert-fail (format "timed out waiting for %s" (or what pred))))))

(defun inf-test--line-of (regexp)
  "Move to the first line matching REGEXP and return its start position."
  (goto-char (point-min))
  (unless (re-search-forward regexp nil t)
    (ert-fail (format "no line matches %s" regexp)))
  (line-beginning-position))

(defun inf-test--flush-changes ()
  "Send pending edits now: eglot sends didChange from an idle timer, and a
batch Emacs is never idle.  This is the function that timer runs."
  (eglot--signal-textDocument/didChange))

(defun inf-test--dirid13-diags ()
  (cl-loop for d in (flymake-diagnostics (point-min) (point-max))
           for lsp = (cdr (assoc 'eglot-lsp-diag (eglot--diag-data d)))
           when (equal (plist-get lsp :code) "dirid-not-13")
           collect d))

(defun inf-test--open ()
  "Visit a temp copy of the example with eglot connected, once per session."
  (unless (and inf-test--buffer (buffer-live-p inf-test--buffer))
    (should inf-test-server)
    (should inf-test-example)
    (setq inf-test--dir (make-temp-file "inf-eglot-" t))
    (let ((copy (expand-file-name "legacy.inf" inf-test--dir)))
      (copy-file inf-test-example copy)
      (setq inf-ls-program (expand-file-name inf-test-server))
      (setq eglot-sync-connect inf-test-timeout)
      (switch-to-buffer (find-file-noselect copy))
      (setq inf-test--buffer (current-buffer))
      ;; What `eglot-ensure' does after the first command.
      (apply #'eglot--connect (eglot--guess-contact))
      (inf-test--wait (lambda () (and (eglot-current-server) eglot--managed-mode))
                      "eglot to manage the buffer")))
  (set-buffer inf-test--buffer)
  (switch-to-buffer inf-test--buffer))

(ert-deftest inf-eglot-1-mode-and-connection ()
  (inf-test--open)
  (should (eq major-mode 'inf-mode))
  (should (eq (alist-get 'inf-mode eglot-server-programs) #'inf-ls--eglot-contact))
  (let ((server (eglot-current-server)))
    (should server)
    (should (member 'inf-mode (eglot--major-modes server)))
    (should (eglot--server-capable :hoverProvider))))

(ert-deftest inf-eglot-2-diagnostics ()
  (inf-test--open)
  (let ((dest (inf-test--line-of "^Widget_CopyFiles[ \t]*=[ \t]*12[ \t]*\r?$")))
    (inf-test--wait (lambda ()
                      ;; Flymake asks eglot for its report on its own timers;
                      ;; poke it in case batch mode never ran them.
                      (unless (inf-test--dirid13-diags) (flymake-start))
                      (inf-test--dirid13-diags))
                    "a dirid-not-13 diagnostic in Flymake")
    (let ((on-line (cl-find-if (lambda (d)
                                 (= (save-excursion
                                      (goto-char (flymake-diagnostic-beg d))
                                      (line-beginning-position))
                                    dest))
                               (inf-test--dirid13-diags))))
      (should on-line)
      (should (eq (flymake-diagnostic-type on-line) 'eglot-error))
      ;; eglot shows "source [code]: message".
      (should (string-match-p "\\[dirid-not-13\\]" (flymake-diagnostic-text on-line)))
      (should (string-match-p "(InfVerif 1322)" (flymake-diagnostic-text on-line)))
      (message "# %d dirid-not-13 findings; %s" (length (inf-test--dirid13-diags))
               (flymake-diagnostic-text on-line)))))

(ert-deftest inf-eglot-3-hover ()
  (inf-test--open)
  (inf-test--line-of "^ServiceBinary[ \t]*=[ \t]*%12%")
  (search-forward "%12%")
  (backward-char 3)                     ; on the "1"
  (let (doc)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq doc (or info ""))))
    (inf-test--wait (lambda () doc) "the hover")
    (should (string-match-p "DIRID 12" doc))
    (should (string-match-p "13\\|Driver Store" doc))
    (message "# hover: %s" (replace-regexp-in-string "\n" " | " (substring doc 0 (min 200 (length doc)))))))

(ert-deftest inf-eglot-4-completion ()
  (inf-test--open)
  (inf-test--line-of "^HKR,,FriendlyName,")
  (goto-char (match-end 0))             ; just after the third comma: the flags field
  (let* ((capf (eglot-completion-at-point))
         (beg (nth 0 capf))
         (table (nth 2 capf))
         (props (nthcdr 3 capf))
         (cands (all-completions "" table))
         (cand (cl-find-if (lambda (c)
                             (equal (plist-get (get-text-property 0 'eglot--lsp-item c) :label)
                                    "FLG_ADDREG_TYPE_EXPAND_SZ"))
                           cands)))
    (should capf)
    (should cand)
    ;; eglot 1.9 lists insertText when there is one, else the label.
    (should (member (substring-no-properties cand) '("0x00020000" "FLG_ADDREG_TYPE_EXPAND_SZ")))
    ;; Insert it the way completion-in-region does, then let eglot's exit
    ;; function apply the item's textEdit.
    (goto-char beg)
    (insert cand)
    (funcall (plist-get props :exit-function) cand 'finished)
    (should (string-match-p "^HKR,,FriendlyName,0x00020000,%Widget.DeviceDesc%"
                            (buffer-substring (line-beginning-position) (line-end-position))))
    (message "# completion: %d items; line now %s" (length cands)
             (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
    ;; Put the line back for the quick-fix test.
    (undo-boundary)
    (let ((line-start (line-beginning-position)))
      (goto-char line-start)
      (when (re-search-forward "0x00020000" (line-end-position) t)
        (replace-match "")))
    (inf-test--flush-changes)))

(ert-deftest inf-eglot-5-quick-fix ()
  (inf-test--open)
  ;; Diagnostics must be in Flymake: eglot sends them back with the request.
  (inf-test--wait (lambda () (unless (inf-test--dirid13-diags) (flymake-start)) (inf-test--dirid13-diags))
                  "dirid-not-13 diagnostics")
  (let* ((dest (inf-test--line-of "^Widget_CopyFiles[ \t]*=[ \t]*12[ \t]*\r?$"))
         (actions (eglot-code-actions dest (line-end-position) "quickfix"))
         (fix (cl-find-if (lambda (a) (string-prefix-p "Run from Driver Store" (plist-get a :title)))
                          actions)))
    (should fix)
    (should (plist-get fix :edit))
    ;; eglot's own path for a chosen action: apply its edit (and command).
    (eglot--read-execute-code-action (list fix) (eglot-current-server) "quickfix")
    (inf-test--flush-changes)
    (goto-char dest)
    (should (looking-at "Widget_CopyFiles[ \t]*=[ \t]*13[ \t]*\r?$"))
    (inf-test--line-of "^ServiceBinary[ \t]*=[ \t]*%13%\\\\fabrikam\\.sys")
    (should-not (save-excursion (goto-char (point-min))
                                (re-search-forward "^ServiceBinary[ \t]*=[ \t]*%12%\\\\fabrikam" nil t)))
    ;; eglot sends the edit to the server; the finding on that line goes away.
    (inf-test--wait (lambda ()
                      (flymake-start)
                      (not (cl-find-if (lambda (d)
                                         (= (save-excursion (goto-char (flymake-diagnostic-beg d))
                                                            (line-beginning-position))
                                            dest))
                                       (inf-test--dirid13-diags))))
                    "the dirid-not-13 finding to clear after the fix")
    (message "# after fix: %s" (save-excursion (goto-char dest)
                                               (buffer-substring-no-properties (point) (line-end-position))))))

(ert-deftest inf-eglot-6-definition ()
  (inf-test--open)
  (let ((header (save-excursion (inf-test--line-of "^\\[Widget_CopyFiles\\]"))))
    (inf-test--line-of "^CopyFiles[ \t]*=[ \t]*Widget_CopyFiles")
    (search-forward "Widget_Copy")
    ;; What M-. does with point on the name.
    (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
    (inf-test--wait (lambda () (= (line-beginning-position) header)) "point on the header")
    (should (looking-at-p "Widget_CopyFiles\\]"))
    (message "# definition: point now on %s"
             (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))

(ert-deftest inf-eglot-7-rename ()
  (inf-test--open)
  (cl-flet ((count (re) (save-excursion
                          (goto-char (point-min))
                          (let ((n 0)) (while (re-search-forward re nil t) (cl-incf n)) n))))
    (let ((uses (count "%Widget\\.DeviceDesc%")))
      (should (>= uses 2))
      (inf-test--line-of "%Widget\\.DeviceDesc%")
      (search-forward "%Widget.Dev")
      (eglot-rename "Widget.Name")
      (inf-test--flush-changes)
      (should (= (count "%Widget\\.Name%") uses))
      (should (= (count "%Widget\\.DeviceDesc%") 0))
      (should (= (count "^Widget\\.Name[ \t]*=") 1))
      (message "# rename: %d uses and the [Strings] key renamed to Widget.Name" uses))))

(add-hook 'kill-emacs-hook
          (lambda ()
            (ignore-errors
              (when (and inf-test--buffer (buffer-live-p inf-test--buffer))
                (with-current-buffer inf-test--buffer
                  (set-buffer-modified-p nil)
                  (when (eglot-current-server)
                    (let ((eglot-autoshutdown nil))
                      (eglot-shutdown (eglot-current-server)))))))
            (when inf-test--dir (ignore-errors (delete-directory inf-test--dir t)))))

;;; inf-eglot-test.el ends here
