"""Pages of the PlanKG front end: layout and widgets only; data comes from ``app_pages.data``."""
