;;; inf-mode-test.el --- inf-mode on its own: syntax, font-lock, imenu  -*- lexical-binding: t; -*-

;; emacs -Q --batch -L editors/emacs -l tests/editors/emacs/inf-mode-test.el -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(add-to-list 'load-path (expand-file-name (or (getenv "INFLS_EMACS_DIR") "editors/emacs")))
(require 'inf-mode)

(defconst inf-mode-test--text
  "; header comment\r
[Version]\r
Signature = \"$WINDOWS NT$\" ; trailing\r
\r
[DestinationDirs]\r
Widget_CopyFiles = 12\r
\r
[Widget_ServiceInstall]\r
ServiceBinary = %12%\\fabrikam.sys\r
DisplayName = %Widget.SvcDesc%\r
\r
[Widget_AddReg]\r
HKR,,Value,0x00010001,\"a;b\"\r
")

(defmacro inf-mode-test--with-buffer (&rest body)
  `(with-temp-buffer
     (insert inf-mode-test--text)
     (inf-mode)
     (font-lock-ensure)
     (goto-char (point-min))
     ,@body))

(defun inf-mode-test--face-at (needle &optional offset)
  (goto-char (point-min))
  (search-forward needle)
  (let ((f (get-text-property (+ (match-beginning 0) (or offset 0)) 'face)))
    (if (listp f) f (list f))))

(ert-deftest inf-mode-auto-mode ()
  (should (eq (assoc-default "x/legacy.inf" auto-mode-alist #'string-match) 'inf-mode))
  (should (eq (assoc-default "x/legacy.inx" auto-mode-alist #'string-match) 'inf-mode)))

(ert-deftest inf-mode-syntax ()
  (inf-mode-test--with-buffer
   (search-forward "trailing")
   (should (nth 4 (syntax-ppss)))                 ; in a comment
   (goto-char (point-min))
   (search-forward "$WINDOWS")
   (should (nth 3 (syntax-ppss)))                 ; in a string
   (search-forward "a;b")
   (should (nth 3 (syntax-ppss)))                 ; `;' inside quotes is no comment
   (should (equal comment-start "; "))))

(ert-deftest inf-mode-font-lock ()
  (inf-mode-test--with-buffer
   (should (memq 'font-lock-comment-face (inf-mode-test--face-at "header comment")))
   (should (memq 'font-lock-function-name-face (inf-mode-test--face-at "DestinationDirs")))
   (should (memq 'font-lock-variable-name-face (inf-mode-test--face-at "ServiceBinary")))
   (should (memq 'font-lock-constant-face (inf-mode-test--face-at "%12%")))
   (should (memq 'font-lock-preprocessor-face (inf-mode-test--face-at "%Widget.SvcDesc%")))
   (should (memq 'font-lock-builtin-face (inf-mode-test--face-at "HKR,")))
   (should (memq 'font-lock-constant-face (inf-mode-test--face-at "0x00010001")))
   (should (memq 'font-lock-string-face (inf-mode-test--face-at "\"$WINDOWS")))))

(ert-deftest inf-mode-imenu-and-defun ()
  (inf-mode-test--with-buffer
   (let ((index (funcall imenu-create-index-function)))
     (should (equal (mapcar #'car index)
                    '("Version" "DestinationDirs" "Widget_ServiceInstall" "Widget_AddReg"))))
   (search-forward "ServiceBinary")
   (beginning-of-defun)
   (should (looking-at "\\[Widget_ServiceInstall\\]"))))

;;; inf-mode-test.el ends here
