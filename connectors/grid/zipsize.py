"""How far a ZIP's members really expand, measured without trusting their headers.

The sizes a ZIP declares are written by whoever made the file. The Excel reader
(calamine) inflates a member to its real end whatever the header says, so a workbook
that declares 2 KB can fill memory with gigabytes. Each member is inflated here, in
1 MB pieces that are counted and dropped, until the total passes the bound.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then name and extra lengths
_CHUNK = 1 << 20


class ZipProblem(Exception):
    """A member that cannot be measured; the message says why in plain words."""


def real_expansion(data: bytes, archive: zipfile.ZipFile, cap: int) -> int:
    """Bytes the members inflate to, counted up to just past `cap`."""
    total = 0
    for member in archive.infolist():
        if member.flag_bits & 0x1:
            raise ZipProblem("its parts use ZIP encryption, which Excel does not write")
        if member.compress_type == zipfile.ZIP_STORED:
            total += member.compress_size
        elif member.compress_type == zipfile.ZIP_DEFLATED:
            total += _inflated(data, _data_start(data, member), cap - total)
        else:  # Excel, Sheets and LibreOffice write deflate; anything else is not theirs
            raise ZipProblem(
                f"it uses ZIP compression method {member.compress_type}, which Excel does not write"
            )
        if total > cap:
            break
    return total


def _data_start(data: bytes, member: zipfile.ZipInfo) -> int:
    offset = member.header_offset
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, offset)
    except struct.error:
        raise ZipProblem(f"the entry {member.filename} points outside the file") from None
    if signature != b"PK\x03\x04":
        raise ZipProblem(f"the entry {member.filename} has no local header")
    return int(offset + _LOCAL_HEADER.size + name_length + extra_length)


def _inflated(data: bytes, start: int, left: int) -> int:
    """Length of the deflate stream at `start` once inflated, or just over `left`."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    view = memoryview(data)
    position, produced = start, 0
    try:
        while not inflater.eof and produced <= left:
            if inflater.unconsumed_tail:
                piece = inflater.unconsumed_tail
            else:
                piece = bytes(view[position : position + _CHUNK])
                position += _CHUNK
                if not piece:
                    break  # a cut-off stream; the Excel reader reports it as damaged
            produced += len(inflater.decompress(piece, _CHUNK))
    except zlib.error as exc:
        raise ZipProblem(f"a compressed part is damaged ({exc})") from None
    return produced
