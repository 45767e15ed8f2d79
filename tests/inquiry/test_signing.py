"""Court keys: made on first use under DATA_DIR/keys/courts, mode 0600, the same key every time after;
the public key is what the institutions' trust file holds; the signer code is ASCII."""

from __future__ import annotations

import base64
import json
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from zhixing.inquiry import signing

pytestmark = pytest.mark.django_db


def test_key_made_once_private_and_exported(courts, keys_folder, tmp_path):
    public = signing.public_key_b64(courts.xiongan)
    path = keys_folder / "keys" / "courts" / "HE96.ed25519"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.public_key_b64(courts.xiongan) == public
    assert signing.public_key_b64(courts.shijiazhuang) != public

    body = signing.encode_body({"request_id": "HE96-q1", "court": "HE96", "items": []})
    headers = signing.signed_headers(courts.xiongan, body)
    assert headers[signing.KEY] == "HE96"
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public))
    key.verify(
        base64.b64decode(headers[signing.SIGNATURE]), headers[signing.TIMESTAMP].encode() + b"." + body
    )

    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, [courts.xiongan])
    signing.write_trust_file(trust, [courts.shijiazhuang])
    assert json.loads(trust.read_text()) == {
        "HE96": public,
        "HE01": signing.public_key_b64(courts.shijiazhuang),
    }
