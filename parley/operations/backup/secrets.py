"""The instance's secrets: the SECRET_KEY (file in PARLEY_DATA_DIR, or from the environment) and
any other key file there, optionally encrypted with age (pyrage) to a recipient's public key.

age rather than a scheme built on `cryptography`: the server only needs the public key, so a
stolen server cannot open its own old backups; the private key stays with the operator, and the
stock `age` tool opens the member without Parley."""

import base64
import json
import os
from pathlib import Path

import pyrage

from parley.operations.backup.errors import BackupError

PLAIN_MEMBER = "secrets/secrets.json"
ENCRYPTED_MEMBER = "secrets/secrets.json.age"
SECRET_KEY_FILE = "secret_key"
# Files at the top of the data folder that hold keys (the secret key, signing and VAPID keys).
KEY_FILE_SUFFIXES = (".key", ".pem")


def collect(data_dir: Path, env_secret_key: str) -> bytes:
    files: dict[str, str] = {}
    for path in sorted(data_dir.iterdir()):
        if (
            path.is_file()
            and not path.is_symlink()
            and (path.name == SECRET_KEY_FILE or path.suffix in KEY_FILE_SUFFIXES)
        ):
            files[path.name] = base64.b64encode(path.read_bytes()).decode("ascii")
    body = {"files": files, "env": {"SECRET_KEY": env_secret_key} if env_secret_key else {}}
    return json.dumps(body, sort_keys=True).encode()


def _key_lines(path: Path) -> list[str]:
    try:
        text = path.read_text()
    except OSError as exc:
        raise BackupError(f"{path}: cannot read the key file ({exc.strerror})") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def encrypt(data: bytes, recipients_file: Path) -> bytes:
    try:
        recipients = [pyrage.x25519.Recipient.from_str(line) for line in _key_lines(recipients_file)]
    except pyrage.RecipientError as exc:
        raise BackupError(f"{recipients_file}: not an age public key (age1...): {exc}") from exc
    if not recipients:
        raise BackupError(f"{recipients_file}: no age public key in it")
    return pyrage.encrypt(data, recipients)


def decrypt(data: bytes, identity_file: Path) -> bytes:
    try:
        identities = [pyrage.x25519.Identity.from_str(line) for line in _key_lines(identity_file)]
    except pyrage.IdentityError as exc:
        raise BackupError(f"{identity_file}: not an age secret key (AGE-SECRET-KEY-1...): {exc}") from exc
    try:
        return pyrage.decrypt(data, identities)
    except pyrage.DecryptError as exc:
        raise BackupError(f"the secrets cannot be decrypted with {identity_file}: {exc}") from exc


def parse(data: bytes) -> dict[str, bytes]:
    """The files to write into the data folder (an environment SECRET_KEY becomes its key file)."""
    try:
        body = json.loads(data)
        files = {name: base64.b64decode(content) for name, content in body["files"].items()}
        if body["env"].get("SECRET_KEY"):
            files[SECRET_KEY_FILE] = body["env"]["SECRET_KEY"].encode()
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{PLAIN_MEMBER}: cannot be read ({exc})") from exc
    for name in files:
        if "/" in name or name.startswith("."):
            raise BackupError(f"{PLAIN_MEMBER}: refuses the file name {name!r}")
    return files


def write(files: dict[str, bytes], data_dir: Path) -> None:
    for name, content in files.items():
        temporary = data_dir / f".{name}.restoring"
        with temporary.open("wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, data_dir / name)
