"""The careers site: the public job board and the apply form, over recruiting's services."""
