"""The test provider's people; no Django imports, so the tests can read it too."""

PASSWORD = "provider-pass-2026"
# Members of this group have a verified e-mail address; the others do not.
VERIFIED_GROUP = "verified-email"
