"""Pages of the PlanKG front end (layout and widgets only) and their plain-data helpers (``data``, ``*_data``, ``tables``, ``geo``)."""
