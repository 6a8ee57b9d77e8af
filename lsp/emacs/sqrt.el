;;; sqrt.el --- SQRT policies with eglot and the sqrt-tools language server  -*- lexical-binding: t; -*-

;;; Commentary:

;; A small major mode for SQRT, the policy language of the Sequrity Control API
;; (comments, keywords, strings), and the eglot set-up that runs `sqrt lsp' for it:
;; diagnostics, formatting (`eglot-format-buffer'), hover, completion, xref,
;; rename, code actions.  Needs Emacs 29 (eglot built in) or Emacs 28 with eglot from
;; ELPA (Debian: elpa-eglot); tested on Emacs 28.2 with eglot 1.9.
;;
;; Load it from init.el:
;;   (load "/path/to/sqrt-tools/lsp/emacs/sqrt.el")
;; or copy the forms below into init.el.  Set `sqrt-command' if `sqrt' is not on PATH.

;;; Code:

(require 'eglot)

(defgroup sqrt nil
  "SQRT policies and the sqrt-tools language server."
  :group 'languages)

(defcustom sqrt-command '("sqrt" "lsp")
  "The command that runs the sqrt-tools language server."
  :type '(repeat string)
  :group 'sqrt)

(defvar sqrt-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; `//' to the end of the line and `/* ... */', as in C++.
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?@ "'" table)
    table)
  "Syntax table for `sqrt-mode'.")

(defconst sqrt-font-lock-keywords
  `((,(regexp-opt '("let" "tool" "priority") 'symbols) . font-lock-keyword-face)
    (,(regexp-opt '("must" "hard" "should" "soft" "allow" "deny" "when" "always"
                    "result" "session" "before" "after")
                  'symbols)
     . font-lock-keyword-face)
    (,(regexp-opt '("in" "overlaps" "subset" "superset" "of" "is" "empty" "universal"
                    "not" "and" "or" "union" "intersect" "minus" "xor" "with" "without"
                    "from" "args" "matching" "like" "length")
                  'symbols)
     . font-lock-builtin-face)
    (,(regexp-opt '("bool" "int" "float" "str" "datetime") 'symbols) . font-lock-type-face)
    (,(regexp-opt '("true" "false" "inf") 'symbols) . font-lock-constant-face)
    ("@\\(?:result\\|session\\|args\\|tags\\|producers\\|consumers\\)\\_>"
     . font-lock-variable-name-face)
    ("\\_<let\\s-+\\(\\(?:\\sw\\|\\s_\\)+\\)" 1 font-lock-function-name-face))
  "Highlighting for `sqrt-mode'; the language server adds diagnostics.")

;;;###autoload
(define-derived-mode sqrt-mode prog-mode "SQRT"
  "Major mode for SQRT policies of the Sequrity Control API."
  :syntax-table sqrt-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "//+\\s-*")
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width 4)
  (setq-local font-lock-defaults '(sqrt-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.sqrt\\'" . sqrt-mode))

(add-to-list 'eglot-server-programs `(sqrt-mode . ,sqrt-command))
(add-hook 'sqrt-mode-hook #'eglot-ensure)

(provide 'sqrt)

;;; sqrt.el ends here
