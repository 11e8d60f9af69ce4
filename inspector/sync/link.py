"""This laptop's link to the office: pinning the root, storing the device credential."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from inspector.storage.models import utcnow
from inspector.sync.models import SyncLink
from inspector.sync.trust import TrustBundle, TrustError, normalize_fingerprint


def pin(bundle: TrustBundle, expected_fingerprint: str) -> TrustBundle:
    """The bundle, when its root has the fingerprint the office read out; else TrustError."""
    if normalize_fingerprint(expected_fingerprint) != bundle.fingerprint:
        raise TrustError(
            "the office root key offered by this server does not have the fingerprint you "
            "were given; do not continue and call the office"
        )
    bundle.verified(bundle.root_public)
    if bundle.service is None:
        raise TrustError("the server offers no receipt key signed by the office root")
    return bundle


def store_link(
    s: Session,
    *,
    server_url: str,
    device_id: str,
    credential: str,
    bundle: TrustBundle,
) -> SyncLink:
    """Remember the server, the device credential (encrypted) and the pinned office keys."""
    bundle.verified(bundle.root_public)
    link = s.get(SyncLink, 1)
    if link is not None and link.root_public != bundle.root_public:
        raise TrustError("this laptop is already pinned to another office root key")
    if link is None:
        link = SyncLink(id=1, down_cursor=0)
        s.add(link)
    link.server_url = server_url.rstrip("/")
    link.device_id = device_id
    link.credential = credential
    link.root_public = bundle.root_public
    link.trust_bundle = json.dumps(bundle.to_json())
    link.provisioned_at = utcnow()
    link.last_error = None
    s.flush()
    return link


def update_bundle(s: Session, link: SyncLink, bundle: TrustBundle) -> bool:
    """Take a newer bundle from the server (rotated keys) only when the pinned root signed it."""
    bundle.verified(link.root_public)
    text = json.dumps(bundle.to_json())
    if text == link.trust_bundle:
        return False
    link.trust_bundle = text
    return True


def current_bundle(link: SyncLink) -> TrustBundle:
    return TrustBundle.from_json(json.loads(link.trust_bundle)).verified(link.root_public)
