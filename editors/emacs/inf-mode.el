;;; inf-mode.el --- Major mode for Windows driver INF files, with inf-ls  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1"))
;; Keywords: languages, windows, drivers
;; URL: https://example.invalid/inf-ls (see editors/emacs/README.md)

;;; Commentary:

;; `inf-mode' edits Windows driver setup information files (*.inf, *.inx):
;; `;' comments, "quoted" strings, [Section] headers, key = value entries,
;; %strkey% and %DIRID% tokens, registry roots and numbers are highlighted,
;; and imenu lists the sections.
;;
;; With eglot (built in from Emacs 29; the `eglot' package on Emacs 28) the
;; mode is registered with the inf-ls language server:
;;
;;   (require 'inf-mode)
;;   (add-hook 'inf-mode-hook #'eglot-ensure)
;;
;; `inf-ls-program' names the server; `inf-ls-profile' and
;; `inf-ls-severity' are sent as initializationOptions and with
;; workspace/didChangeConfiguration.

;;; Code:

(require 'imenu)

(defgroup inf nil
  "Windows driver INF files."
  :group 'languages
  :prefix "inf-")

(defcustom inf-ls-program "inf-ls"
  "The inf-ls executable: a name looked up in `exec-path', or a file name."
  :type 'string)

(defcustom inf-ls-profile "isolated"
  "The rule set inf-ls checks."
  :type '(choice (const "isolated") (const "universal")
                 (const "declarative") (const "desktop")))

(defcustom inf-ls-severity nil
  "Severity per rule id, overriding the profile.
An alist of (RULE-ID . LEVEL), both strings; LEVEL is \"error\",
\"warning\", \"information\", \"hint\" or \"off\".  Example:
  ((\"pnplockdown-missing\" . \"warning\") (\"registry-global-root\" . \"off\"))"
  :type '(alist :key-type string :value-type string))

(defun inf-ls-settings ()
  "The settings object inf-ls reads, as JSON-ready Lisp:
initializationOptions and workspace/didChangeConfiguration carry it."
  (let ((severity (make-hash-table :test #'equal)))
    ;; A hash table, so that no severities is `{}' in JSON, not null.
    (dolist (entry inf-ls-severity)
      (puthash (format "%s" (car entry)) (format "%s" (cdr entry)) severity))
    (list :profile inf-ls-profile :severity severity)))

(defvar inf-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?\; "<" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\" "\"" st)
    ;; A backslash is a path separator or a line continuation, never an escape.
    (modify-syntax-entry ?\\ "." st)
    (modify-syntax-entry ?% "." st)
    (modify-syntax-entry ?, "." st)
    (modify-syntax-entry ?= "." st)
    (modify-syntax-entry ?\[ "(]" st)
    (modify-syntax-entry ?\] ")[" st)
    (modify-syntax-entry ?{ "(}" st)
    (modify-syntax-entry ?} "){" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?. "_" st)
    (modify-syntax-entry ?- "_" st)
    (modify-syntax-entry ?$ "_" st)
    st)
  "Syntax table for `inf-mode'.")

(defconst inf-mode--section-re "^[ \t]*\\[\\([^]\n]*\\)\\]"
  "A section header; group 1 is the name.")

;; `font-lock-escape-face' is new in Emacs 29.
(defvar font-lock-escape-face-compat
  (if (facep 'font-lock-escape-face) 'font-lock-escape-face 'font-lock-string-face))

(defconst inf-mode-font-lock-keywords
  `((,inf-mode--section-re (1 font-lock-function-name-face))
    ;; key = value: the key up to the first `='.
    ("^[ \t]*\\([^;=\n[][^;=\n]*?\\)[ \t]*="
     (1 font-lock-variable-name-face))
    ;; %13%, %-1%: DIRIDs.
    ("%-?[0-9]+%" . font-lock-constant-face)
    ;; %%: a literal percent sign.
    ("%%" . font-lock-escape-face-compat)
    ;; %strkey%: string substitutions from [Strings].
    ("%[^%\n\";, \t]+%" . font-lock-preprocessor-face)
    ;; Registry roots at the start of an AddReg/DelReg line.
    ("^[ \t]*\\(HKR\\|HKLM\\|HKCU\\|HKCR\\|HKU\\)[ \t]*\\(?:,\\|$\\)"
     (1 font-lock-builtin-face))
    ("{[0-9A-Fa-f]\\{8\\}-[0-9A-Fa-f]\\{4\\}-[0-9A-Fa-f]\\{4\\}-[0-9A-Fa-f]\\{4\\}-[0-9A-Fa-f]\\{12\\}}"
     . font-lock-constant-face)
    ("\\_<0[xX][0-9A-Fa-f]+\\_>" . font-lock-constant-face)
    ;; Line continuation.
    ("\\\\[ \t]*$" . font-lock-warning-face))
  "Font-lock rules for `inf-mode'.")


(defvar inf-mode-imenu-generic-expression
  `((nil ,inf-mode--section-re 1))
  "Imenu: one entry per section.")

(defun inf-mode--beginning-of-section (&optional arg)
  "Move to the start of the ARGth previous section header."
  (interactive "^p")
  (re-search-backward inf-mode--section-re nil 'move (or arg 1)))

(defun inf-mode--end-of-section ()
  "Move to the end of the current section (just before the next header)."
  (interactive "^")
  (forward-line 1)
  (if (re-search-forward inf-mode--section-re nil 'move)
      (goto-char (match-beginning 0))
    (goto-char (point-max))))

;;;###autoload
(define-derived-mode inf-mode prog-mode "INF"
  "Major mode for Windows driver INF files (*.inf, *.inx).
\\{inf-mode-map}"
  :syntax-table inf-mode-syntax-table
  (setq-local comment-start "; ")
  (setq-local comment-start-skip ";+[ \t]*")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(inf-mode-font-lock-keywords nil t))
  (setq-local imenu-generic-expression inf-mode-imenu-generic-expression)
  (setq-local imenu-case-fold-search t)
  (setq-local beginning-of-defun-function #'inf-mode--beginning-of-section)
  (setq-local end-of-defun-function #'inf-mode--end-of-section)
  (setq-local outline-regexp "[ \t]*\\[")
  (setq-local indent-tabs-mode nil))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.in[fx]\\'" . inf-mode))

;;; eglot

(defun inf-ls--eglot-contact (_interactive)
  "The inf-ls command line and its initializationOptions, for eglot."
  (list (or (executable-find inf-ls-program) inf-ls-program)
        :initializationOptions (lambda (_server) (inf-ls-settings))))

(defvar eglot-server-programs)
(declare-function eglot--major-modes "eglot")
(declare-function eglot-current-server "eglot")
(declare-function eglot-signal-didChangeConfiguration "eglot")
(declare-function jsonrpc-notify "jsonrpc")

(defun inf-ls--server-p (server)
  "Non-nil if the eglot SERVER is the one for `inf-mode' buffers."
  (memq 'inf-mode (ignore-errors (eglot--major-modes server))))

(defun inf-ls--signal-configuration (orig server)
  "Around `eglot-signal-didChangeConfiguration': inf-ls gets its settings.
eglot sends `eglot-workspace-configuration' right after connecting,
evaluated outside the INF buffer, so `{}' by default; that would drop
the profile.  Other servers are left to ORIG."
  (if (inf-ls--server-p server)
      (jsonrpc-notify server :workspace/didChangeConfiguration
                      (list :settings (inf-ls-settings)))
    (funcall orig server)))

(defun inf-ls-eglot-register ()
  "Tell eglot to run inf-ls for `inf-mode' buffers."
  (setf (alist-get 'inf-mode eglot-server-programs) #'inf-ls--eglot-contact))

(with-eval-after-load 'eglot
  (inf-ls-eglot-register)
  (advice-add 'eglot-signal-didChangeConfiguration :around #'inf-ls--signal-configuration))

(defun inf-ls-set-settings (profile severity)
  "Set `inf-ls-profile' to PROFILE and `inf-ls-severity' to SEVERITY,
then send them to the inf-ls server of the current buffer.
Interactively, ask for the profile and keep the severities."
  (interactive (list (completing-read "inf-ls profile: "
                                      '("isolated" "universal" "declarative" "desktop")
                                      nil t nil nil inf-ls-profile)
                     inf-ls-severity))
  (setq inf-ls-profile profile
        inf-ls-severity severity)
  (when (and (fboundp 'eglot-current-server) (eglot-current-server))
    (eglot-signal-didChangeConfiguration (eglot-current-server))))

(provide 'inf-mode)
;;; inf-mode.el ends here
