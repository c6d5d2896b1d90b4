"""A grid into typed canonical tables: format detection, vendor adapters, cell typing.

The second of the connectors' three rooms (docs/architecture.md): each vendor's export
is read by that vendor's rules; bad rows are refused with file, line, column and reason.
"""
