"""The staff UI shell: layout, navigation, the dashboard page later issues fill."""
