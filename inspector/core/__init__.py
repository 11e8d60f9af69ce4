"""Domain services: the unlocked workspace, inspections, answers, residents, audit."""
