"""Quality gates for a built site: the checks behind `invoke check`."""
