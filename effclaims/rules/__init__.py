"""Rule-based recognisers that the extraction engine builds claims from: gazetteers of named
hardware and model families, each matched with compiled regular expressions over data files."""
