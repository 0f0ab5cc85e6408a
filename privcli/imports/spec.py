"""What the import engine declares: the header of its error reports (a row's problem first, then
the original cells under their original headers, so the report itself can be fixed and
imported again)."""

from __future__ import annotations

REPORT_HEADER = ["错误行号", "错误级别", "错误字段", "错误值", "错误原因"]
