"""Address selection: the coordinator's address data (import), indicators, ranking, routes."""
