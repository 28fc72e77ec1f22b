"""What `invoke publish` decides before it deploys: whether the settings
are still the sample's (placeholders), and where the site goes
(destination). tasks.py runs the steps; these modules hold the rules."""
