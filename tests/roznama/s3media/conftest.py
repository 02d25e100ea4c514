"""Media in a real S3 API: moto's S3 server (it stands in for S3, MinIO or R2, which cannot run
here), started once for the session on a free port of 127.0.0.1 with a public bucket, unless
scripts/with-s3.sh already started one (its ROZNAMA_S3_* settings are then in the environment).

``s3_media`` switches the site's media storage to that bucket for one test, exactly as the
environment does in production (``roznama.core.s3``), empties the bucket first, and fails the
test when anything opened a file under the local media folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from roznama.core.s3 import s3_credentials, s3_storage, with_media_origins

REPOSITORY = Path(__file__).resolve().parents[3]
_watched_folders: list[Path] = []
_local_reads: list[str] = []


def _audit(event, args):
    # Every open(), os.open() and Pillow's reads go through "open"; only the watched folders count.
    if event != "open" or not _watched_folders or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    try:
        path = os.path.abspath(os.fsdecode(args[0]))
    except (TypeError, ValueError):
        return
    if any(path == str(folder) or path.startswith(str(folder) + os.sep) for folder in _watched_folders):
        _local_reads.append(path)


sys.addaudithook(_audit)


class S3Server:
    def __init__(self, environ: dict[str, str]):
        import boto3

        self.environ = environ
        self.endpoint = environ["ROZNAMA_S3_ENDPOINT_URL"].rstrip("/")
        self.bucket = environ["ROZNAMA_S3_BUCKET"]
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=environ.get("ROZNAMA_S3_REGION") or "us-east-1",
            aws_access_key_id=environ["ROZNAMA_S3_ACCESS_KEY"],
            aws_secret_access_key=environ["ROZNAMA_S3_SECRET_KEY"],
        )

    @property
    def bucket_url(self) -> str:
        return f"{self.endpoint}/{self.bucket}/"

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {entry["Key"] for page in pages for entry in page.get("Contents", [])}

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def size(self, key: str) -> int:
        return self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"]

    def empty(self) -> None:
        keys = sorted(self.keys())
        for start in range(0, len(keys), 1000):
            self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": [{"Key": key} for key in keys[start : start + 1000]]}
            )

    @staticmethod
    def fetch(url: str):
        """What a reader's browser gets at ``url``, anonymously over HTTP: the body and the
        headers (looked up by any case)."""
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read(), response.headers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    if os.environ.get("ROZNAMA_S3_BUCKET") and os.environ.get("ROZNAMA_S3_ENDPOINT_URL"):
        yield S3Server(dict(os.environ))  # scripts/with-s3.sh's server
        return
    port = _free_port()
    environ = {
        "ROZNAMA_S3_BUCKET": "roznama-test-media",
        "ROZNAMA_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "ROZNAMA_S3_REGION": "us-east-1",
        "ROZNAMA_S3_ACCESS_KEY": "testing",
        "ROZNAMA_S3_SECRET_KEY": "testing",
    }
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        subprocess.run(
            [sys.executable, str(REPOSITORY / "scripts" / "s3-bucket.py")],
            env={**os.environ, **environ},
            check=True,
            timeout=60,
        )
        yield S3Server(environ)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture
def s3_media(settings, s3_server, tmp_path):
    """The site's media in the test bucket, configured from its environment; the local media
    folders are watched: nothing may open a file there, nor create the folder."""
    local = [tmp_path / "media", tmp_path / "local-media", Path(settings.MEDIA_ROOT).resolve()]
    settings.MEDIA_ROOT = tmp_path / "local-media"
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(s3_server.environ)}
    for name, value in s3_credentials(s3_server.environ).items():
        setattr(settings, name, value)
    settings.ROZNAMA_MEDIA_CROSS_ORIGIN = True
    settings.CONTENT_SECURITY_POLICY = with_media_origins(settings.CONTENT_SECURITY_POLICY, s3_server.environ)
    s3_server.empty()
    _local_reads.clear()
    _watched_folders[:] = [folder.resolve() for folder in local]
    yield s3_server
    _watched_folders.clear()
    assert _local_reads == [], f"read the local media folder with S3 on: {_local_reads}"
    for folder in ("media", "local-media"):
        assert not (tmp_path / folder).exists(), f"wrote into the local media folder ({folder}) with S3 on"
