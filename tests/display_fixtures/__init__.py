"""What the display tests and the notebook test share: an HTML checker and a scenario."""
