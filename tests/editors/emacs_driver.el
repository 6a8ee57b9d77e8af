;;; emacs_driver.el --- drives Emacs for tests/editors/test_emacs.py  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run as `emacs --batch -l emacs_driver.el' (not -Q: Debian's site-start activates
;; elpa-eglot).  Loads our set-up, lsp/emacs/sqrt.el ($SQRT_EMACS_SNIPPET), opens the
;; policy $SQRT_EMACS_POLICY (with `sqrt-command' read from $SQRT_EMACS_COMMAND when
;; set), lets the snippet's `eglot-ensure' start `sqrt lsp', waits
;; for Flymake's diagnostics, asks for a hover where $SQRT_EMACS_HOVER_AT (a 1-based
;; "LINE:COLUMN") points, formats the buffer with `eglot-format-buffer' and writes what
;; it saw as JSON to $SQRT_EMACS_RESULT.  Every wait is bounded by $SQRT_EMACS_TIMEOUT
;; seconds.

;;; Code:

(require 'json)
(require 'subr-x)

(defvar sqrt-driver-timeout (string-to-number (or (getenv "SQRT_EMACS_TIMEOUT") "30")))
(defvar sqrt-driver-result nil "What the driver saw, an alist written as JSON.")

(defun sqrt-driver-note (key value)
  "Record VALUE under KEY in the result."
  (push (cons key value) sqrt-driver-result))

(defun sqrt-driver-wait (what predicate)
  "Wait until PREDICATE returns non-nil; fail naming WHAT after the timeout."
  (let ((deadline (+ (float-time) sqrt-driver-timeout)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or (funcall predicate) (error "Timed out waiting for %s" what))))

(defun sqrt-driver-column (position)
  "The 1-based column of POSITION in characters (`current-column' counts display
cells, two for an emoji)."
  (save-excursion
    (goto-char position)
    (1+ (- position (line-beginning-position)))))

(defun sqrt-driver-diagnostic (diagnostic)
  "DIAGNOSTIC as 1-based line and column numbers (in characters), type and text."
  (let ((beg (flymake-diagnostic-beg diagnostic))
        (end (flymake-diagnostic-end diagnostic)))
    `((line . ,(line-number-at-pos beg))
      (column . ,(sqrt-driver-column beg))
      (end_line . ,(line-number-at-pos end))
      (end_column . ,(sqrt-driver-column end))
      (type . ,(symbol-name (flymake-diagnostic-type diagnostic)))
      (text . ,(flymake-diagnostic-text diagnostic)))))

(defun sqrt-driver-run ()
  "Do every step, recording what Emacs shows."
  ;; As the snippet's instructions say: set `sqrt-command' before loading it.
  (when-let ((command (getenv "SQRT_EMACS_COMMAND")))
    (setq sqrt-command (car (read-from-string command))))
  (load (getenv "SQRT_EMACS_SNIPPET") nil t)
  (find-file (getenv "SQRT_EMACS_POLICY"))
  (sqrt-driver-note 'emacs emacs-version)
  (sqrt-driver-note 'eglot (sqrt-driver-eglot-version))
  (sqrt-driver-note 'mode (symbol-name major-mode))
  (sqrt-driver-note 'before (buffer-substring-no-properties (point-min) (point-max)))
  ;; `eglot-ensure' connects after the next command; batch Emacs runs no command loop,
  ;; so run what the end of a command would.
  (run-hooks 'post-command-hook)
  (sqrt-driver-wait "eglot to manage the buffer" (lambda () (bound-and-true-p eglot--managed-mode)))
  (let ((server (eglot-current-server)))
    ;; The server's command line: eglot's own process, or with `:autoport' the one it
    ;; started before connecting to it.
    (sqrt-driver-note 'command (process-command (or (eglot--inferior-process server)
                                                    (jsonrpc--process server))))
    (sqrt-driver-wait "Flymake diagnostics" (lambda () (flymake-diagnostics)))
    (sqrt-driver-note 'diagnostics (vconcat (mapcar #'sqrt-driver-diagnostic (flymake-diagnostics))))
    (let ((position (mapcar #'string-to-number (split-string (getenv "SQRT_EMACS_HOVER_AT") ":"))))
      (goto-char (point-min))
      (forward-line (1- (nth 0 position)))
      (forward-char (1- (nth 1 position)))
      (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
        (sqrt-driver-note 'hover (plist-get (plist-get hover :contents) :value))))
    (eglot-format-buffer)
    (sqrt-driver-note 'after (buffer-substring-no-properties (point-min) (point-max)))))

(defun sqrt-driver-eglot-version ()
  "The version of the eglot that is loaded, from its file's header."
  (with-temp-buffer
    (insert-file-contents (replace-regexp-in-string "\\.elc\\'" ".el" (locate-library "eglot")))
    (if (re-search-forward "^;; Version: \\(.*\\)$" nil t) (match-string 1) "built in")))

(condition-case failure
    (sqrt-driver-run)
  (error (sqrt-driver-note 'error (error-message-string failure))))
(with-temp-file (getenv "SQRT_EMACS_RESULT")
  (insert (json-encode sqrt-driver-result)))
(kill-emacs 0)

;;; emacs_driver.el ends here
