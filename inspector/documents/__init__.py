"""Identity documents: the machine-readable zone (ICAO 9303) and the countries it names."""
