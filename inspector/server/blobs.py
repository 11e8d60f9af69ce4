"""Where the service keeps sealed bytes: one interface, three places.

``put(blob_id, offset, data)`` stores the bytes of a blob from *offset* on (and forgets any
part at or after that offset: what a cut or killed upload left beyond the committed offset),
``parts(blob_id)`` gives the bytes back in order, ``delete(blob_id)`` drops them.

- :class:`DatabaseBlobs` (the default): parts of at most 1 MiB in the ``blob_part`` table,
  committed with the upload's own transaction. Suits one small server.
- :class:`FileBlobs` (``--blobs DIR``): one file per part, ``DIR/ab/<blob id>.<offset>``, written
  to a temporary name, flushed to disk and renamed before the database commits the upload's
  offset or the record (so a receipt never names bytes that a power cut could lose). The
  database stays small; the bytes are written once instead of twice (WAL and table).
- :class:`S3Blobs` (``--blobs s3://bucket/prefix``): one object per part in S3-compatible
  object storage (AWS S3, MinIO, Ceph, …) through boto3; credentials and endpoint from the
  usual ``AWS_*`` environment variables (``AWS_ENDPOINT_URL`` for MinIO and the like).

Bytes written outside the database are written before the commit that refers to them; a
transaction that then rolls back leaves unreferenced parts behind, which ``delete`` of a
refused upload or a later upload at the same offset removes. Nothing refers to a part that is
not on disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from inspector.server.models import BlobPart

#: File and object parts are named by their offset, zero-padded so that names sort as numbers.
_WIDTH = 16
#: A part in the database (a ``blob_part`` row) holds at most this many bytes; a folder or
#: bucket keeps what one ``put`` gets as one part (one file and one sync to disk per request).
DB_PART_SIZE = 1 << 20


#: Bytes to store: one buffer, or the pieces of a request body in order (written as they
#: are, without joining them first).
Data = bytes | Sequence[bytes]


def size_of(data: Data) -> int:
    return len(data) if isinstance(data, bytes) else sum(len(p) for p in data)


def joined(data: Data) -> bytes:
    return data if isinstance(data, bytes) else b"".join(data)


class BlobStore(Protocol):
    def put(self, blob_id: str, offset: int, data: Data, fresh: bool = False) -> None:
        """*fresh*: the caller knows nothing was stored under *blob_id* before."""

    def parts(self, blob_id: str) -> Iterator[bytes]: ...

    def delete(self, blob_id: str) -> None: ...


def part_rows(blob_id: str, data: Data) -> list[dict[str, Any]]:
    """The ``blob_part`` rows of a fresh blob kept in the database (parts of at most
    DB_PART_SIZE bytes), for one INSERT of many rows."""
    whole = joined(data)
    view = memoryview(whole)
    return [
        {"blob_id": blob_id, "offset": i, "data": bytes(view[i : i + DB_PART_SIZE])}
        for i in range(0, len(whole), DB_PART_SIZE)
    ]


class DatabaseBlobs:
    """Parts in the service database, inside the caller's transaction."""

    def __init__(self, s: Session) -> None:
        self.s = s

    def put(self, blob_id: str, offset: int, data: Data, fresh: bool = False) -> None:
        # Parts commit with the upload's offset: nothing stale can lie beyond it. Rows of at
        # most DB_PART_SIZE bytes (a database value is held whole in memory when read).
        data = joined(data)
        if len(data) <= DB_PART_SIZE:
            self.s.add(BlobPart(blob_id=blob_id, offset=offset, data=bytes(data)))
            return
        view = memoryview(data)
        for i in range(0, len(data), DB_PART_SIZE):
            part = bytes(view[i : i + DB_PART_SIZE])
            self.s.add(BlobPart(blob_id=blob_id, offset=offset + i, data=part))

    def parts(self, blob_id: str) -> Iterator[bytes]:
        offsets = list(
            self.s.scalars(
                select(BlobPart.offset).where(BlobPart.blob_id == blob_id).order_by(BlobPart.offset)
            )
        )
        for off in offsets:
            data = self.s.scalar(
                select(BlobPart.data).where(BlobPart.blob_id == blob_id, BlobPart.offset == off)
            )
            yield data or b""

    def delete(self, blob_id: str) -> None:
        self.s.execute(delete(BlobPart).where(BlobPart.blob_id == blob_id))


def _safe(blob_id: str) -> str:
    if not blob_id or any(ch in blob_id for ch in "/\\.\0") or len(blob_id) > 80:
        raise ValueError("a blob id is a plain name")
    return blob_id


class FileBlobs:
    """Parts as files ``<first two characters of the blob id>/<blob id>.<offset>`` under one
    folder (on the service's own disk or a shared file system)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        # The 256 shards of upload ids (UUIDs: two hex digits) made once, with one sync of
        # the folder, instead of one more sync to disk at the first part of each new shard.
        made = False
        for n in range(256):
            shard = self.root / f"{n:02x}"
            if not shard.is_dir():
                shard.mkdir(exist_ok=True)
                made = True
        if made:
            _fsync_dir(self.root)

    def _shard(self, blob_id: str) -> Path:
        return self.root / _safe(blob_id)[:2]

    def offsets(self, blob_id: str) -> list[int]:
        prefix = _safe(blob_id) + "."
        try:
            names = os.listdir(self._shard(blob_id))
        except FileNotFoundError:
            return []
        return sorted(
            int(n[len(prefix) :])
            for n in names
            if n.startswith(prefix) and n[len(prefix) :].isdigit()
        )

    def _path(self, blob_id: str, offset: int) -> Path:
        return self._shard(blob_id) / f"{blob_id}.{offset:0{_WIDTH}d}"

    def drop_from(self, blob_id: str, offset: int) -> None:
        for stale in self.offsets(blob_id):
            if stale >= offset:
                self._path(blob_id, stale).unlink(missing_ok=True)

    def _made_shard(self, blob_id: str) -> Path:
        """The blob's shard folder, made (and its name synced) if it is new."""
        shard = self._shard(blob_id)
        if not shard.is_dir():
            shard.mkdir(exist_ok=True)
            _fsync_dir(self.root)
        return shard

    def put(self, blob_id: str, offset: int, data: Data, fresh: bool = False) -> None:
        shard = self._made_shard(blob_id)
        if fresh:
            # A new blob id: nothing to replace, so the part is written under its own name
            # (no temporary name, no rename). A crash before the commit leaves a file that
            # nothing refers to, as a rolled-back transaction does.
            path = self._path(blob_id, offset)
            _write_synced(_open_new(path), path, data)
            _fsync_dir(shard)
            return
        self.drop_from(blob_id, offset)
        fd, tmp = tempfile.mkstemp(dir=shard, prefix=".part-")
        _write_synced(fd, Path(tmp), data)
        try:
            os.replace(tmp, self._path(blob_id, offset))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # The new name is on disk before the database commits anything that refers to it.
        _fsync_dir(shard)

    def open_fresh(self, blob_id: str) -> int:
        """A fresh blob's one part, opened to be written piece by piece (``write_all``) as
        its bytes arrive; then :meth:`close_fresh` (durable) or :meth:`abandon` (gone)."""
        self._made_shard(blob_id)
        return _open_new(self._path(blob_id, 0))

    def close_fresh(self, fd: int, blob_id: str) -> None:
        """Sync the file opened by :meth:`open_fresh` and its name to disk, and close it (on
        a failure the file is removed): what :meth:`put` of a fresh blob leaves."""
        _write_synced(fd, self._path(blob_id, 0), b"")
        _fsync_dir(self._shard(blob_id))

    def abandon(self, fd: int, blob_id: str) -> None:
        """Close and remove a file opened by :meth:`open_fresh` (the request ended without a
        record)."""
        try:
            os.close(fd)
        finally:
            self._path(blob_id, 0).unlink(missing_ok=True)

    def parts(self, blob_id: str) -> Iterator[bytes]:
        for off in self.offsets(blob_id):
            yield self._path(blob_id, off).read_bytes()

    def delete(self, blob_id: str) -> None:
        for off in self.offsets(blob_id):
            self._path(blob_id, off).unlink(missing_ok=True)

    def written_before(self, moment: float) -> dict[str, int]:
        """The blob ids with a part last written before *moment* (``time.time()``), with
        the bytes of those parts; a temporary file of a ``put`` that never finished (a
        killed service) and is that old is removed here (no name refers to it)."""
        found: dict[str, int] = {}
        for shard in self.root.iterdir():
            if not shard.is_dir():
                continue
            for entry in os.scandir(shard):
                try:
                    st = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                if st.st_mtime >= moment or not entry.is_file(follow_symlinks=False):
                    continue
                if entry.name.startswith(".part-"):
                    Path(entry.path).unlink(missing_ok=True)
                    continue
                blob_id, _, offset = entry.name.rpartition(".")
                if blob_id and offset.isdigit():
                    found[blob_id] = found.get(blob_id, 0) + st.st_size
        return found


def _open_new(path: Path) -> int:
    """*path* made and opened for writing; an existing file of that name is refused."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def _write_synced(fd: int, path: Path, data: Data) -> None:
    """Write *data* (nothing: b"") to the open file *fd* (named *path*), sync it and close it;
    on any failure the file is removed."""
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_all(fd: int, data: Data) -> None:
    """Write *data* (a buffer or its pieces, each straight from where it lies) to *fd*."""
    for piece in [data] if isinstance(data, bytes) else data:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view) :]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class S3Blobs:
    """Parts as objects ``<prefix><blob id>/<offset>`` in one bucket of an S3-compatible
    object store."""

    def __init__(self, bucket: str, prefix: str = "", client: Any = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def _key(self, blob_id: str, offset: int | None = None) -> str:
        base = f"{self.prefix}{_safe(blob_id)}/"
        return base if offset is None else f"{base}{offset:0{_WIDTH}d}"

    def _keys(self, blob_id: str) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._key(blob_id)
        )
        for page in pages:
            for obj in page.get("Contents", []):
                name = str(obj["Key"]).rsplit("/", 1)[-1]
                if name.isdigit() and len(name) == _WIDTH:
                    out.append((int(name), str(obj["Key"])))
        return sorted(out)

    def _remove(self, keys: list[str]) -> None:
        for i in range(0, len(keys), 1000):
            self.client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": k} for k in keys[i : i + 1000]], "Quiet": True},
            )

    def drop_from(self, blob_id: str, offset: int) -> None:
        stale = [k for off, k in self._keys(blob_id) if off >= offset]
        if stale:
            self._remove(stale)

    def put(self, blob_id: str, offset: int, data: Data, fresh: bool = False) -> None:
        if not fresh:
            self.drop_from(blob_id, offset)
        # A PUT of an object is atomic and durable once it answers (S3's model).
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(blob_id, offset), Body=joined(data)
        )

    def offsets(self, blob_id: str) -> list[int]:
        return [off for off, _key in self._keys(blob_id)]

    def parts(self, blob_id: str) -> Iterator[bytes]:
        for _off, key in self._keys(blob_id):
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
            try:
                yield body.read()
            finally:
                body.close()

    def delete(self, blob_id: str) -> None:
        keys = [k for _off, k in self._keys(blob_id)]
        if keys:
            self._remove(keys)

    def written_before(self, moment: float) -> dict[str, int]:
        """The blob ids with an object last written before *moment* (``time.time()``), with
        the bytes of those objects."""
        found: dict[str, int] = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for obj in page.get("Contents", []):
                blob_id, _, name = str(obj["Key"])[len(self.prefix) :].rpartition("/")
                if not blob_id or "/" in blob_id or not (name.isdigit() and len(name) == _WIDTH):
                    continue
                if obj["LastModified"].timestamp() < moment:
                    found[blob_id] = found.get(blob_id, 0) + int(obj.get("Size", 0))
        return found


#: Parts smaller than this stay in the database even with an outside store: a batch of small
#: records then costs one commit, not one file (or object) and its sync to disk per record.
INLINE_MAX = 256 << 10


def goes_outside(outside: FileBlobs | S3Blobs | None, data: Data) -> bool:
    """Whether a fresh blob of *data* is kept outside the database (see put_before_commit)."""
    return outside is not None and size_of(data) >= INLINE_MAX


def put_before_commit(outside: FileBlobs | S3Blobs | None, blob_id: str, data: Data) -> bool:
    """Store a fresh blob's bytes now when they go outside the database (*outside*: the
    service's folder or bucket; parts of INLINE_MAX and more go there): durable when this
    returns, before any commit names them. False when they belong in the database (put there
    with the transaction that names them, by :meth:`OutsideBlobs.put`)."""
    if outside is None or not goes_outside(outside, data):
        return False
    outside.put(blob_id, 0, data, fresh=True)
    return True


class OutsideBlobs:
    """An outside store (folder or bucket) for large parts, the database for small ones."""

    def __init__(self, s: Session, outside: FileBlobs | S3Blobs) -> None:
        self.db = DatabaseBlobs(s)
        self.outside = outside

    def put(self, blob_id: str, offset: int, data: Data, fresh: bool = False) -> None:
        if size_of(data) < INLINE_MAX:
            if not fresh:
                self.outside.drop_from(blob_id, offset)
            self.db.put(blob_id, offset, data)
        else:
            self.outside.put(blob_id, offset, data, fresh)

    def parts(self, blob_id: str) -> Iterator[bytes]:
        inside = list(
            self.db.s.scalars(
                select(BlobPart.offset).where(BlobPart.blob_id == blob_id).order_by(BlobPart.offset)
            )
        )
        if not inside:
            yield from self.outside.parts(blob_id)
            return
        # Both places (a resumed upload): in offset order, the outside parts read one by one.
        outside = self.outside.parts(blob_id)
        offsets = self.outside.offsets(blob_id)
        merged = sorted([(o, True) for o in inside] + [(o, False) for o in offsets])
        for off, in_db in merged:
            if in_db:
                yield (
                    self.db.s.scalar(
                        select(BlobPart.data).where(
                            BlobPart.blob_id == blob_id, BlobPart.offset == off
                        )
                    )
                    or b""
                )
            else:
                yield next(outside)

    def delete(self, blob_id: str) -> None:
        self.db.delete(blob_id)
        self.outside.delete(blob_id)


def check_spec(spec: str | None) -> str | None:
    """None (the database), a folder, or ``s3://bucket[/prefix]``; raises ValueError."""
    if not spec or spec == "database":
        return None
    if spec.startswith("s3://"):
        if not urlparse(spec).netloc:
            raise ValueError("an object store is named s3://bucket or s3://bucket/prefix")
        return spec
    return str(Path(spec).expanduser().resolve())


def default_spec(database_url: str) -> str | None:
    """Where sealed bytes go when nothing is said: for an SQLite file, the folder beside it
    (``service.sqlite3`` -> ``service.sqlite3-blobs``, next to SQLite's own ``-wal``); for
    PostgreSQL the database (several workers on one database need no shared folder).

    Why the folder for SQLite (``benchmarks/trace_sync.py``): a 2 MB part in SQLite is
    written to the WAL, synced, and copied again into the database file at the next
    checkpoint (synced again); as a file it is written and synced once. The service's CPU per
    2 MB record fell from ~15 to ~9 ms in the worker thread."""
    if not database_url.startswith("sqlite:///"):
        return None
    path = database_url.removeprefix("sqlite:///")
    if not path or path.startswith(":memory:") or "?" in path:
        return None
    return path + "-blobs"


def copy_folder(spec: str, out: Path) -> int:
    """Copy a blob folder's parts to *out* (a backup, made **after** the database copy: every
    part a record in that copy names is already on disk, and parts are never changed in place);
    returns the number of files. Unnamed leftovers of a rolled-back upload are harmless."""
    src = Path(spec)
    count = 0
    out.mkdir(parents=True, exist_ok=True)
    if not src.is_dir():
        return 0
    for shard in sorted(src.iterdir()):
        if not shard.is_dir():
            continue
        target = out / shard.name
        target.mkdir(exist_ok=True)
        for part in shard.iterdir():
            if part.name.startswith(".") or not part.is_file():
                continue
            shutil.copy2(part, target / part.name)
            count += 1
    return count


def open_store(spec: str | None) -> FileBlobs | S3Blobs | None:
    """The blob store named by a checked *spec*; None for the database's own."""
    spec = check_spec(spec)
    if spec is None:
        return None
    if spec.startswith("s3://"):
        url = urlparse(spec)
        return S3Blobs(url.netloc, url.path)
    return FileBlobs(Path(spec))


def for_session(s: Session) -> BlobStore:
    """The store of the database this session belongs to (set by ``ServiceDatabase``)."""
    outside = s.info.get("blobs")
    return DatabaseBlobs(s) if outside is None else OutsideBlobs(s, outside)
