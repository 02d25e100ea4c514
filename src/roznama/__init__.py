"""Roznama: a newsroom platform for Pakistani and Muslim-world news outlets."""
