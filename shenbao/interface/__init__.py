"""The interface every page shares: form rendering, widgets, Chinese names, error pages."""
