"""carecircle: care circles (*cercles de soins*) of French coordination records."""
