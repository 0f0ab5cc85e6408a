"""Domain exceptions. Core modules raise these; the CLI turns them into a message and an exit code,
so that business logic never decides how a failure is printed."""

from __future__ import annotations

# Exit codes, documented in the README. Scripts and cron wrappers branch on them.
EXIT_OK = 0
EXIT_FATAL = 1  # nothing written: unreadable file, missing column, unknown database, ...
EXIT_USAGE = 2  # bad command line (Typer/Click also use 2)
EXIT_PARTIAL = 3  # landed, but some rows were rejected / some items skipped


class PrivcliError(Exception):
    """An error the user can act on. `hint` says what to do next."""

    exit_code = EXIT_FATAL

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self):
        # keeps the hint when the error crosses from the import's worker process
        return (self.__class__, (self.message, self.hint))


class UsageError(PrivcliError):
    exit_code = EXIT_USAGE


class NotFound(PrivcliError):
    exit_code = EXIT_FATAL
