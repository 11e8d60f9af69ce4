"""Planning: the coordinator's stored address data, planned visits, sending them down sealed,
and their outcomes; the officer's side of a planned visit."""
